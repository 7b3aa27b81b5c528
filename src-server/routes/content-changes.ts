import type { FastifyInstance } from 'fastify';
import { contentChangesQuerySchema } from '../../src-shared/protocol.js';
import { latestSeq, readChangesPage } from '../content/changes-page.js';
import { SignedPageCache } from '../content/page-cache.js';
import { signPage, type ContentSigningKey } from '../content/signing.js';
import type { Database } from '../db/database.js';
import { negotiateEncoding } from '../http/accept-encoding.js';
import { sendError } from '../http/error-replies.js';
import type { ServerMetrics } from '../ops/metrics.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/** Smaller bodies go uncompressed: the headers would cost more than the saving. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

export interface ContentChangesRouteOptions {
  db: Database;
  key: ContentSigningKey;
  cache?: SignedPageCache;
  /** Counts the pages served and their bytes on the wire. */
  metrics?: ServerMetrics;
}

/**
 * `GET /content/changes?after=&limit=&maxBytes=`: the kiosk's content pull, one signed page
 * after its cursor, bounded by count and bytes. Compressed here rather than by
 * @fastify/compress, so that the compressed bytes can be cached with the page.
 */
export function registerContentChangesRoute(
  app: FastifyInstance,
  { db, key, cache = new SignedPageCache(), metrics }: ContentChangesRouteOptions,
): void {
  app.get('/content/changes', { compress: false }, async (request, reply) => {
    const query = contentChangesQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const { after, limit, maxBytes } = query.data;
    const latest = await latestSeq(db);
    const page = await cache.get(`${after}/${limit}/${maxBytes}/${latest}`, async () => {
      const signed = signPage(await readChangesPage(db, { after, limit, maxBytes, latest }), key);
      return Buffer.from(JSON.stringify(signed), 'utf8');
    });
    const encoding =
      page.json.length >= COMPRESS_THRESHOLD_BYTES ? negotiateEncoding(request.headers['accept-encoding']) : 'identity';
    const body = await page.body(encoding);
    reply.header('content-type', 'application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    metrics?.countContentPage(encoding, body.length);
    return reply.send(body);
  });
}
