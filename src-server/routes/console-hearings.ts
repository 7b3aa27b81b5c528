import type { FastifyInstance } from 'fastify';
import { hearingSignupsQuerySchema, type HearingSignups } from '../../src-shared/console/hearings-api.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import type { Database } from '../db/database.js';
import { hearingSignupCounts } from '../hearings/hearing-signups.js';
import { scopedAimag } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';

/**
 * `GET /console/api/hearings[?aimag=83]` (case readers; an aimag operator sees its own aimag):
 * each published hearing with its number of kiosk sign-ups, for the organiser.
 */
export function registerConsoleHearingsRoute(app: FastifyInstance, deps: { db: Database }): void {
  app.get('/hearings', async (request, reply) => {
    const query = hearingSignupsQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const body: HearingSignups = { hearings: await hearingSignupCounts(deps.db, scopedAimag(request)) };
    reply.header('cache-control', 'no-store');
    return reply.send(body);
  });
}
