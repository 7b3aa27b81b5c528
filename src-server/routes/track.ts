import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { trackAnswerRequestSchema } from '../../src-shared/protocol.js';
import { assertNever } from '../../src-shared/assert-never.js';
import { lookUpAnswer } from '../submissions/answers.js';
import { trackSubmission } from '../submissions/status.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

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
export function registerTrackRoute(app: FastifyInstance, db: Database, limits: onRequestHookHandler[] = []): void {
  app.get<{ Params: { trackingNo: string } }>('/track/:trackingNo', { onRequest: limits }, async (request, reply) => {
    const parsed = parseTrackingNumber(request.params.trackingNo);
    if (!parsed.ok) return sendError(reply, 400, 'invalid_tracking_no', WHY[parsed.error] ?? parsed.error);
    const track = await trackSubmission(db, parsed.value.text);
    if (!track) return sendError(reply, 404, 'not_found', `no submission has tracking number ${parsed.value.text}`);
    return reply.header('cache-control', 'no-store').send(track);
  });

  /**
   * `POST /track/:trackingNo/answer` with `{ secret }` (the digits printed on the receipt): the
   * status and, once answered, the answer. A wrong secret is a 403 saying how many tries are
   * left; after `ANSWER_TRIES.max` wrong ones in a day the number is locked (429, Retry-After),
   * counted in the database so every server process agrees.
   */
  app.post<{ Params: { trackingNo: string } }>(
    '/track/:trackingNo/answer',
    { onRequest: limits },
    async (request, reply) => {
      const parsed = parseTrackingNumber(request.params.trackingNo);
      if (!parsed.ok) return sendError(reply, 400, 'invalid_tracking_no', WHY[parsed.error] ?? parsed.error);
      const body = trackAnswerRequestSchema.safeParse(request.body);
      if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
      const found = await lookUpAnswer(db, parsed.value.text, body.data.secret);
      reply.header('cache-control', 'no-store');
      switch (found.result) {
        case 'ok':
          return reply.send(found.track);
        case 'not_found':
          return sendError(reply, 404, 'not_found', `no submission has tracking number ${parsed.value.text}`);
        case 'no_secret':
          return sendError(
            reply,
            409,
            'no_secret',
            'this receipt was printed before receipts had a secret: its status is at GET /track/<number>, the answer comes by the contact the citizen gave',
          );
        case 'wrong_secret':
          return sendError(
            reply,
            403,
            'wrong_secret',
            `the secret does not match this receipt; ${found.triesLeft} tries left today for this number`,
          );
        case 'too_many_tries': {
          const seconds = Math.max(1, Math.ceil((new Date(found.retryAt).getTime() - Date.now()) / 1000));
          reply.header('retry-after', String(seconds));
          return sendError(
            reply,
            429,
            'too_many_tries',
            `too many wrong secrets for this number; try again after ${found.retryAt}`,
          );
        }
        case 'busy':
          reply.header('retry-after', '5');
          return sendError(reply, 429, 'busy', 'many answers are being checked right now; try again in a few seconds');
        default:
          return assertNever(found);
      }
    },
  );
}
