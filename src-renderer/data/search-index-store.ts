import { contentCursor } from './content-repo.js';
import type { StoredSearchIndex, TsonkhDb } from './db.js';

const KEY = 'content';

/**
 * The row as this module writes it: `json` holds the packed index's header, `postings` its
 * numbers (bytes, which IndexedDB stores and returns as a copy: no parsing).
 */
type PackedRow = StoredSearchIndex & { postings?: unknown };

export type StoredIndexState =
  | { state: 'fresh'; header: string; postings: unknown; documents: number }
  | { state: 'missing' | 'other-version' | 'stale' };

/**
 * Reads the stored search index together with the content it must cover, in one transaction:
 * it is `fresh` only if it was built by the same index definition and covers exactly the content
 * on the kiosk now (same cursor, same number of changes kept aside). A page applied after the
 * last save (a power cut inside the save's delay) makes it `stale`.
 */
export async function readStoredSearchIndex(db: TsonkhDb, version: string): Promise<StoredIndexState> {
  return db.transaction('r', [db.searchIndex, db.meta, db.deferredContent], async () => {
    const row: PackedRow | undefined = await db.searchIndex.get(KEY);
    if (!row) return { state: 'missing' as const };
    if (row.version !== version || typeof row.json !== 'string') return { state: 'other-version' as const };
    const [cursor, deferred] = await Promise.all([contentCursor(db), db.deferredContent.count()]);
    if (row.cursor !== cursor || row.deferred !== deferred) return { state: 'stale' as const };
    return { state: 'fresh' as const, header: row.json, postings: row.postings, documents: row.documents };
  });
}

/**
 * Saves the index, tagged with the content cursor read in the same transaction. The transaction
 * writes `meta`, so no content page can commit between reading the cursor and serializing: every
 * page up to that cursor has already reached the in-memory index (its listener runs in the
 * microtasks right after its own transaction commits).
 */
export async function saveSearchIndex(
  db: TsonkhDb,
  version: string,
  serialize: () => { header: string; postings: Uint8Array; documents: number },
): Promise<{ bytes: number }> {
  return db.transaction('rw', [db.searchIndex, db.meta, db.deferredContent], async () => {
    const [cursor, deferred] = await Promise.all([contentCursor(db), db.deferredContent.count()]);
    const { header, postings, documents } = serialize();
    const row: PackedRow = {
      key: KEY,
      version,
      cursor,
      deferred,
      documents,
      savedAt: new Date().toISOString(),
      json: header,
      postings,
    };
    await db.searchIndex.put(row);
    return { bytes: header.length + postings.byteLength };
  });
}

export async function clearStoredSearchIndex(db: TsonkhDb): Promise<void> {
  await db.searchIndex.delete(KEY);
}
