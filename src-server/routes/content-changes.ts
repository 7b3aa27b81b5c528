import type { FastifyInstance } from 'fastify';
import { contentChangesQuerySchema } from '../../src-shared/protocol.js';
import { readChangesPage } from '../content/changes-page.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { formatZodIssues } from '../util/zod-issues.js';

/** `GET /content/changes?after=&limit=`: the kiosk's content pull, one page after its cursor. */
export function registerContentChangesRoute(app: FastifyInstance, db: Database): void {
  app.get('/content/changes', async (request, reply) => {
    const query = contentChangesQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    return reply.send(await readChangesPage(db, query.data.after, query.data.limit));
  });
}
