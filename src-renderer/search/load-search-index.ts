import type { TsonkhDb } from '../data/db.js';
import { readStoredSearchIndex, saveSearchIndex } from '../data/search-index-store.js';
import { articleDoc, SEARCH_INDEX_VERSION, serviceDoc, type ContentSearch } from './content-search.js';

export type SearchIndexSource =
  { from: 'stored' } | { from: 'rebuilt'; reason: 'missing' | 'other-version' | 'stale' | 'corrupt' };

/**
 * Makes the index searchable at start: the index stored with the content when it is from this
 * index definition and covers the content on the kiosk; otherwise (missing, another version,
 * stale after a power cut, unreadable) rebuilt from the content and stored again at once.
 */
export async function loadSearchIndex(db: TsonkhDb, search: ContentSearch): Promise<SearchIndexSource> {
  let reason: 'missing' | 'other-version' | 'stale' | 'corrupt';
  try {
    const stored = await readStoredSearchIndex(db, SEARCH_INDEX_VERSION);
    if (stored.state === 'fresh') {
      await search.restore(stored);
      return { from: 'stored' };
    }
    reason = stored.state;
  } catch {
    reason = 'corrupt';
  }
  await rebuildSearchIndex(db, search);
  await saveSearchIndex(db, SEARCH_INDEX_VERSION, () => ({ ...search.pack(), documents: search.size }));
  return { from: 'rebuilt', reason };
}

/** Builds the in-memory index from what is already on the kiosk, in chunks so the UI stays responsive. */
export async function rebuildSearchIndex(db: TsonkhDb, search: ContentSearch): Promise<void> {
  search.addAll((await db.services.toArray()).map(serviceDoc));
  const CHUNK = 2000;
  for (let offset = 0; ; offset += CHUNK) {
    const articles = await db.lawArticles.offset(offset).limit(CHUNK).toArray();
    search.addAll(articles.map(articleDoc));
    if (articles.length < CHUNK) return;
    await new Promise((r) => setTimeout(r, 0));
  }
}
