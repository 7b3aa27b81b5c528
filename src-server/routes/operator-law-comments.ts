import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { lawIdSchema } from '../../src-shared/schemas/law.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { commentsCsv } from '../laws/comment-csv.js';
import { commentCount, EXPORT_FORMATS, exportLawComments } from '../laws/comment-export.js';
import { formatZodIssues } from '../util/zod-issues.js';

const querySchema = z.object({ format: z.enum(EXPORT_FORMATS).default('csv') });

/**
 * `GET /operator/laws/:lawId/comments?format=csv|json` (operator only): every comment on a law,
 * grouped by article, with stance counts, channel, place and text, for the drafting body.
 * The same data as `npm run export-comments`. Never cached: it holds what citizens wrote.
 */
export function registerOperatorLawCommentsRoute(app: FastifyInstance, db: Database, now?: () => Date): void {
  app.get('/operator/laws/:lawId/comments', async (request, reply) => {
    const { lawId } = request.params as { lawId: string };
    if (!lawIdSchema.safeParse(lawId).success) {
      return sendError(reply, 400, 'invalid_request', `"${lawId.slice(0, 80)}" is not a law id`);
    }
    const query = querySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const data = await exportLawComments(db, lawId, now?.());
    if (!data) return sendError(reply, 404, 'unknown_law', `law "${lawId}" was never published`);
    request.log.info({ lawId, format: query.data.format, comments: commentCount(data) }, 'law comments exported');
    reply.header('cache-control', 'no-store');
    if (query.data.format === 'json') return reply.send(data);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${lawId}-comments.csv"`)
      .send(commentsCsv(data));
  });
}
