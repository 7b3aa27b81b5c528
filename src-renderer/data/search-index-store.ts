import { contentCursor } from './content-repo.js';
import type { StoredSearchIndex, TsonkhDb } from './db.js';

const KEY = 'content';

export type StoredIndexState =
  | { state: 'fresh'; json: string; documents: number }
  | { state: 'missing' | 'other-version' | 'stale' };

/**
 * Reads the stored search index together with the content it must cover, in one transaction:
 * it is `fresh` only if it was built by the same index definition and covers exactly the content
 * on the kiosk now (same cursor, same number of changes kept aside). A page applied after the
 * last save (a power cut inside the save's delay) makes it `stale`.
 */
export async function readStoredSearchIndex(db: TsonkhDb, version: string): Promise<StoredIndexState> {
  return db.transaction('r', [db.searchIndex, db.meta, db.deferredContent], async () => {
    const row = await db.searchIndex.get(KEY);
    if (!row) return { state: 'missing' as const };
    if (row.version !== version || typeof row.json !== 'string') return { state: 'other-version' as const };
    const [cursor, deferred] = await Promise.all([contentCursor(db), db.deferredContent.count()]);
    if (row.cursor !== cursor || row.deferred !== deferred) return { state: 'stale' as const };
    return { state: 'fresh' as const, json: row.json, documents: row.documents };
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
  serialize: () => { json: string; documents: number },
): Promise<{ bytes: number }> {
  return db.transaction('rw', [db.searchIndex, db.meta, db.deferredContent], async () => {
    const [cursor, deferred] = await Promise.all([contentCursor(db), db.deferredContent.count()]);
    const { json, documents } = serialize();
    const row: StoredSearchIndex = {
      key: KEY,
      version,
      cursor,
      deferred,
      documents,
      savedAt: new Date().toISOString(),
      json,
    };
    await db.searchIndex.put(row);
    return { bytes: json.length };
  });
}

export async function clearStoredSearchIndex(db: TsonkhDb): Promise<void> {
  await db.searchIndex.delete(KEY);
}
