import type { FastifyInstance } from 'fastify';
import { submissionBatchSchema, type SubmissionBatchResponse } from '../../src-shared/protocol.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { requireKiosk } from '../http/kiosk-auth.js';
import { acceptSubmissions, batchHttpStatus } from '../submissions/accept-batch.js';
import { formatZodIssues } from '../util/zod-issues.js';

/** `POST /submissions/batch`: the kiosk's outbox push, answered item by item. */
export function registerSubmissionsBatchRoute(app: FastifyInstance, db: Database): void {
  app.post('/submissions/batch', async (request, reply) => {
    const batch = submissionBatchSchema.safeParse(request.body);
    if (!batch.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(batch.error));
    const kiosk = requireKiosk(request);
    const results = await acceptSubmissions(db, kiosk, batch.data.items);
    const status = batchHttpStatus(results);
    request.log.info(
      { kiosk: kiosk.kioskCode, items: results.length, status, results: results.map((r) => r.result) },
      'submission batch',
    );
    const body: SubmissionBatchResponse = { results };
    return reply.code(status).send(body);
  });
}
