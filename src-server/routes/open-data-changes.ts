import type { FastifyInstance } from 'fastify';
import { openDataChangesQuerySchema } from '../../src-shared/protocol.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { SignedPageCache } from '../content/page-cache.js';
import { signPage, type ContentSigningKey } from '../content/signing.js';
import type { Database } from '../db/database.js';
import { negotiateEncoding } from '../http/accept-encoding.js';
import { sendError } from '../http/error-replies.js';
import { latestOpenDataSeq, readOpenDataPage } from '../open-data/open-data-store.js';
import { COMPRESS_THRESHOLD_BYTES, pageSize } from './content-changes.js';

/** The page lengths an open-data page is cut to (as for content pages: a few sizes, cacheable). */
const OPEN_DATA_PAGE_LIMITS = [1, 10, 100, 500, 1000, 2000, 5000] as const;

const SIGNED_PAGE_HOUR_MS = 3_600_000;

export interface OpenDataChangesRouteOptions {
  db: Database;
  key: ContentSigningKey;
  /**
   * Pages of one aimag are the same for all its kiosks and change only with an import: each is
   * compressed once, at brotli's best (about a second for a 535 KB page, once per import).
   */
  cache?: SignedPageCache;
}

/**
 * `GET /open-data/changes?aimags=83&after=&limit=&maxBytes=`: the kiosk's pull of the action
 * plan's open data for the aimags it carries (and the nation's), one page after its cursor,
 * signed with the content key like a content page (the kiosk verifies it with the same pinned
 * key). Compressed here and cached with its compressed copies, as content pages are.
 */
export function registerOpenDataChangesRoute(
  app: FastifyInstance,
  { db, key, cache = new SignedPageCache(64, 32 * 1024 * 1024, 11) }: OpenDataChangesRouteOptions,
): void {
  app.get('/open-data/changes', { compress: false }, async (request, reply) => {
    const query = openDataChangesQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const { after } = query.data;
    const aimags = [...query.data.aimags].sort();
    const { maxBytes } = pageSize(query.data.limit, query.data.maxBytes);
    const limit = OPEN_DATA_PAGE_LIMITS.findLast((l) => l <= query.data.limit) ?? 1;
    const latest = await latestOpenDataSeq(db, aimags);
    const hour = Math.floor(Date.now() / SIGNED_PAGE_HOUR_MS);
    const page = await cache.get(`${aimags.join(',')}/${after}/${limit}/${maxBytes}/${latest}/${hour}`, async () => {
      const unsigned = await readOpenDataPage(db, { aimags, after, limit, maxBytes, latest });
      return Buffer.from(JSON.stringify(signPage({ ...unsigned, signedAt: new Date().toISOString() }, key)), 'utf8');
    });
    const encoding =
      page.json.length >= COMPRESS_THRESHOLD_BYTES ? negotiateEncoding(request.headers['accept-encoding']) : 'identity';
    reply.header('content-type', 'application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(await page.body(encoding));
  });
}
