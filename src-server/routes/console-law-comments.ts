import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { aimagCodeSchema } from '../../src-shared/console/console-api.js';
import { lawIdSchema } from '../../src-shared/schemas/law.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession, scopedAimag } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { commentsCsv } from '../laws/comment-csv.js';
import { commentCount, EXPORT_FORMATS, exportLawComments } from '../laws/comment-export.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/** The query of the comment export (also in the OpenAPI document). */
export const lawCommentsQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('csv'),
  aimag: aimagCodeSchema.optional(),
});

/**
 * `GET /console/api/laws/:lawId/comments?format=csv|json[&aimag=65]` (administrator, publisher,
 * auditor, and an aimag operator for its own aimag only): every comment on a law, grouped by
 * article, with stance counts, channel, place and text, for the drafting body. The same data as
 * `npm run export-comments`. Never cached, and audited: it holds what citizens wrote.
 */
export function registerConsoleLawCommentsRoute(app: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  app.get('/laws/:lawId/comments', async (request, reply) => {
    const session = requireConsoleSession(request);
    const { lawId } = request.params as { lawId: string };
    if (!lawIdSchema.safeParse(lawId).success) {
      return sendError(reply, 400, 'invalid_request', `"${lawId.slice(0, 80)}" is not a law id`);
    }
    const query = lawCommentsQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const aimagCode = scopedAimag(request);
    const now = deps.now();
    const data = await exportLawComments(deps.db, lawId, now, { aimagCode });
    if (!data) return sendError(reply, 404, 'unknown_law', `law "${lawId}" was never published`);
    const comments = commentCount(data);
    await recordAudit(
      deps.db,
      {
        action: 'laws.comments.export',
        outcome: 'ok',
        actor: { id: session.operator.id, login: session.operator.login },
        target: lawId,
        ip: request.ip,
        details: { format: query.data.format, aimag: aimagCode, comments },
      },
      now,
    );
    request.log.info({ lawId, format: query.data.format, aimag: aimagCode, comments }, 'law comments exported');
    reply.header('cache-control', 'no-store');
    if (query.data.format === 'json') return reply.send(data);
    const file = aimagCode === null ? `${lawId}-comments.csv` : `${lawId}-comments-${aimagCode}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(commentsCsv(data));
  });
}
