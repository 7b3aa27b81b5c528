import type { FastifyInstance } from 'fastify';
import { openDataChangesQuerySchema } from '../../src-shared/protocol.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { compressBody } from '../content/page-cache.js';
import { signPage, type ContentSigningKey } from '../content/signing.js';
import type { Database } from '../db/database.js';
import { negotiateEncoding } from '../http/accept-encoding.js';
import { sendError } from '../http/error-replies.js';
import { readOpenDataPage } from '../open-data/open-data-store.js';
import { COMPRESS_THRESHOLD_BYTES, pageSize } from './content-changes.js';

/**
 * `GET /open-data/changes?aimags=83&after=&limit=&maxBytes=`: the kiosk's pull of the action
 * plan's open data for the aimags it carries, one page after its cursor, signed with the content
 * key like a content page (the kiosk verifies it with the same pinned key). Compressed here.
 */
export function registerOpenDataChangesRoute(
  app: FastifyInstance,
  { db, key }: { db: Database; key: ContentSigningKey },
): void {
  app.get('/open-data/changes', { compress: false }, async (request, reply) => {
    const query = openDataChangesQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const { after, aimags } = query.data;
    const { limit, maxBytes } = pageSize(query.data.limit, query.data.maxBytes);
    const page = await readOpenDataPage(db, { aimags, after, limit, maxBytes });
    const json = Buffer.from(JSON.stringify(signPage({ ...page, signedAt: new Date().toISOString() }, key)), 'utf8');
    const encoding =
      json.length >= COMPRESS_THRESHOLD_BYTES ? negotiateEncoding(request.headers['accept-encoding']) : 'identity';
    reply.header('content-type', 'application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(await compressBody(json, encoding));
  });
}
