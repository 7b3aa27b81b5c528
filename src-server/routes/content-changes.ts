import type { FastifyInstance } from 'fastify';
import { contentChangesQuerySchema, PROTOCOL_HEADER, requestProtocolVersion } from '../../src-shared/protocol.js';
import { latestSeq, readProtocolPage } from '../content/changes-page.js';
import { SignedPageCache } from '../content/page-cache.js';
import { signPage, type ContentSigningKey } from '../content/signing.js';
import type { Database } from '../db/database.js';
import { negotiateEncoding } from '../http/accept-encoding.js';
import { sendError } from '../http/error-replies.js';
import type { ServerMetrics } from '../ops/metrics.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/** Smaller bodies go uncompressed: the headers would cost more than the saving. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

const SIGNED_PAGE_HOUR_MS = 3_600_000;

/** The page lengths a page is cut to; a kiosk's own (500, and 1 to the most) are among them. */
const PAGE_LIMITS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

/**
 * Pages are made only in a few sizes: a request's `limit` is rounded down to one of PAGE_LIMITS
 * and its `maxBytes` down to a power of two (a kiosk asks for 512 KB and halves it after a cut
 * link, so it asks for these anyway). Each distinct size costs one read, one signature and one
 * brotli run; with any size allowed, a caller could make the server compress again and again
 * and push every kiosk's page out of the cache.
 */
export function pageSize(limit: number, maxBytes: number): { limit: number; maxBytes: number } {
  return {
    limit: PAGE_LIMITS.findLast((l) => l <= limit) ?? 1,
    maxBytes: 2 ** Math.floor(Math.log2(maxBytes)),
  };
}

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
    const version = requestProtocolVersion(request.headers[PROTOCOL_HEADER]);
    if (version === null) return sendError(reply, 400, 'unsupported_protocol', `${PROTOCOL_HEADER}: not a version`);
    const { after } = query.data;
    const { limit, maxBytes } = pageSize(query.data.limit, query.data.maxBytes);
    // For the kiosk-contact hook, which records the cursor without validating the query again.
    request.contentCursor = after;
    const latest = await latestSeq(db);
    // A page is signed again each hour, so its signed time says how fresh the server's word is.
    const hour = Math.floor(Date.now() / SIGNED_PAGE_HOUR_MS);
    const page = await cache.get(`v${version}/${after}/${limit}/${maxBytes}/${latest}/${hour}`, async () => {
      const query = { after, limit, maxBytes, latest };
      const signed = signPage(await readProtocolPage(db, version, query, new Date().toISOString()), key);
      return Buffer.from(JSON.stringify(signed), 'utf8');
    });
    const encoding =
      page.json.length >= COMPRESS_THRESHOLD_BYTES ? negotiateEncoding(request.headers['accept-encoding']) : 'identity';
    const body = await page.body(encoding);
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('vary', `accept-encoding, ${PROTOCOL_HEADER}`)
      .header(PROTOCOL_HEADER, String(version));
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    metrics?.countContentPage(encoding, body.length);
    return reply.send(body);
  });
}
