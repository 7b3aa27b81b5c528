import type { FastifyInstance } from 'fastify';
import { statusChangesQuerySchema } from '../../src-shared/protocol.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { requireKiosk } from '../http/kiosk-auth.js';
import { readStatusChanges } from '../submissions/status.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/**
 * `GET /status-changes?after=&limit=`: what happened to the asking kiosk's submissions since its
 * cursor, in the global status sequence. Another kiosk's changes are never included.
 */
export function registerStatusChangesRoute(app: FastifyInstance, db: Database): void {
  app.get('/status-changes', async (request, reply) => {
    const query = statusChangesQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const page = await readStatusChanges(db, requireKiosk(request).id, query.data);
    return reply.header('cache-control', 'no-store').send(page);
  });
}
