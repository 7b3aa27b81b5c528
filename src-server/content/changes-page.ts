import {
  PROTOCOL_V1_CONTENT_TYPES,
  PROTOCOL_VERSION,
  type ContentChange,
  type ContentPage,
  type ContentType,
  type ProtocolVersion,
} from '../../src-shared/protocol.js';
import { compiledQuery } from '../db/compiled-query.js';
import type { Database } from '../db/database.js';

/**
 * Bytes kept free in every page for what surrounds the changes: the page's own fields and,
 * once signed, the signature and key id. With it, a whole signed page fits in `maxBytes`.
 */
export const PAGE_ENVELOPE_BYTES = 256;

export interface ChangesPageQuery {
  after: number;
  /** At most this many changes. */
  limit: number;
  /**
   * At most this many bytes of JSON for the whole signed page (changes are counted by their JSON
   * size); a single change larger than that still makes a page of its own.
   */
  maxBytes: number;
  /**
   * Read only up to this sequence number (default: the newest). Fixing it makes the page a pure
   * function of the query, so it can be cached under (after, limit, maxBytes, latest).
   */
  latest?: number;
  /**
   * Only changes of these types (a previous protocol's kiosk, which refuses others). The cursor
   * still moves past the rest: a page that reaches the end says `next: latest`.
   */
  types?: readonly string[];
}

/**
 * One page of the content change log after a kiosk's cursor, bounded by count and by size.
 * Reads one row beyond `limit` to learn whether more exist without a second COUNT query.
 */
export async function readChangesPage(db: Database, query: ChangesPageQuery): Promise<ContentPage> {
  const { after, limit, maxBytes } = query;
  const latest = query.latest ?? (await latestSeq(db));
  const rows = await db
    .selectFrom('content_changes')
    .select(['seq', 'type', 'entity_id', 'op', 'data'])
    .where('seq', '>', after)
    .where('seq', '<=', latest)
    .$if(query.types !== undefined, (q) => q.where('type', 'in', [...query.types!]))
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const budget = maxBytes - PAGE_ENVELOPE_BYTES;
  const changes: ContentChange[] = [];
  // JSON of an array: "[" + changes joined by "," + "]".
  let bytes = 2;
  for (const row of rows.slice(0, limit)) {
    const base = { seq: row.seq, type: row.type as ContentType, id: row.entity_id };
    const change: ContentChange =
      row.op === 'put' && row.data !== null
        ? { ...base, op: 'put', data: JSON.parse(row.data) as unknown }
        : { ...base, op: 'delete' };
    const size = Buffer.byteLength(JSON.stringify(change)) + (changes.length > 0 ? 1 : 0);
    if (changes.length > 0 && bytes + size > budget) break;
    changes.push(change);
    bytes += size;
  }
  const more = rows.length > changes.length;
  const next = query.types !== undefined && !more ? Math.max(after, latest) : (changes.at(-1)?.seq ?? after);
  return { after, changes, next, more, latest };
}

/**
 * A page as a kiosk of protocol `version` reads it, to be signed (served, or written to a USB
 * bundle). Protocol 1 kiosks parse pages with closed schemas, so a member they do not know would
 * vanish before they verify and fail the signature: they get only the members and the types they
 * know (and no `signedAt`, which came later).
 */
export async function readProtocolPage(
  db: Database,
  version: ProtocolVersion,
  query: ChangesPageQuery,
  signedAt: string,
): Promise<ContentPage> {
  if (version === PROTOCOL_VERSION) return { ...(await readChangesPage(db, query)), signedAt };
  const page = await readChangesPage(db, { ...query, types: PROTOCOL_V1_CONTENT_TYPES });
  return {
    after: page.after,
    changes: page.changes.map(({ seq, type, id, op, data }) =>
      op === 'put' ? { seq, type, id, op, data } : { seq, type, id, op },
    ),
    next: page.next,
    more: page.more,
    ...(page.latest !== undefined ? { latest: page.latest } : {}),
  };
}

/** The newest sequence number (0 when nothing was ever published). */
export async function latestSeq(db: Database): Promise<number> {
  const [row] = await newestContentSeq(db);
  return Number(row?.latest ?? 0);
}

/** Every content pull asks it (the page cache's key). */
const newestContentSeq = compiledQuery((db) =>
  db.selectFrom('content_changes').select((eb) => eb.fn.max('seq').as('latest')),
);
