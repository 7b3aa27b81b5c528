import type { FastifyInstance } from 'fastify';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { trackSubmission } from '../submissions/status.js';

const WHY: Readonly<Record<string, string>> = {
  empty: 'no tracking number given',
  not_digits: 'a tracking number has digits and dashes only',
  too_short: 'a tracking number has at least 11 digits',
  check_digit: 'the check digit does not match: the number was mistyped',
};

/**
 * `GET /track/:trackingNo`, public (the receipt's QR code points here): the kind, status, dates
 * and due date of one submission, nothing else. A number that cannot be right (bad check digit)
 * is a 400, a well-formed number the server does not know is a 404.
 */
export function registerTrackRoute(app: FastifyInstance, db: Database): void {
  app.get<{ Params: { trackingNo: string } }>('/track/:trackingNo', async (request, reply) => {
    const parsed = parseTrackingNumber(request.params.trackingNo);
    if (!parsed.ok) return sendError(reply, 400, 'invalid_tracking_no', WHY[parsed.error] ?? parsed.error);
    const track = await trackSubmission(db, parsed.value.text);
    if (!track) return sendError(reply, 404, 'not_found', `no submission has tracking number ${parsed.value.text}`);
    return reply.header('cache-control', 'no-store').send(track);
  });
}
