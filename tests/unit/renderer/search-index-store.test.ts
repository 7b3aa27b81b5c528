import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentChange, ContentPage } from '../../../src-shared/protocol.js';
import { applyContentPage, contentCursor } from '../../../src-renderer/data/content-repo.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { ContentSearch, SEARCH_INDEX_VERSION } from '../../../src-renderer/search/content-search.js';
import { loadSearchIndex } from '../../../src-renderer/search/load-search-index.js';
import { SearchIndexSaver } from '../../../src-renderer/search/search-index-saver.js';

const text = (mn: string) => ({ mn });
const service = (id: string, title: string) => ({
  id,
  category: 'civil',
  agency: text('Улсын бүртгэлийн ерөнхий газар'),
  title: text(title),
  description: text('Тайлбар'),
  documents: [],
  feeMnt: 0,
  processingTime: text('Тэр дор нь'),
  whereToApply: text('Сумын ЗДТГ'),
});
const put = (seq: number, id: string, title: string): ContentChange => ({
  seq,
  type: 'service',
  id,
  op: 'put',
  data: service(id, title),
});

const dbs: TsonkhDb[] = [];
let n = 0;
function freshDb(): TsonkhDb {
  const db = openDatabase(`search-index-${n++}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
});

/** Applies a page the way the sync does, handing its changes to the index like load-kiosk. */
async function applyPage(db: TsonkhDb, search: ContentSearch, changes: ContentChange[]): Promise<void> {
  const after = await contentCursor(db);
  const page: ContentPage = { after, changes, next: changes.at(-1)!.seq, more: false };
  search.apply(await applyContentPage(db, page));
}

const refs = (search: ContentSearch, q: string) => search.search(q).map((h) => h.ref);

async function kioskWithContent(): Promise<TsonkhDb> {
  const db = freshDb();
  await applyPage(db, new ContentSearch(), [put(1, 'passport', 'Гадаад паспорт авах'), put(2, 'land', 'Газар өмчлөх')]);
  return db;
}

describe('the search index kept with the content', () => {
  it('is built and stored at the first start, and loaded (not rebuilt) at the next', async () => {
    const db = await kioskWithContent();
    const first = new ContentSearch();
    expect(await loadSearchIndex(db, first)).toEqual({ from: 'rebuilt', reason: 'missing' });
    expect(refs(first, 'паспорт')).toEqual(['passport']);
    const row = await db.searchIndex.get('content');
    expect(row).toMatchObject({ version: SEARCH_INDEX_VERSION, cursor: 2, deferred: 0, documents: 2 });

    // Take the service out of the table behind the index's back: a rebuild would lose it,
    // the stored index still has it.
    await db.services.delete('passport');
    const second = new ContentSearch();
    expect(await loadSearchIndex(db, second)).toEqual({ from: 'stored' });
    expect(second.size).toBe(2);
    expect(refs(second, 'паспорт')).toEqual(['passport']);
    expect(refs(second, 'өмчлөх')).toEqual(['land']);
  });

  it('is rebuilt when it is from another index definition', async () => {
    const db = await kioskWithContent();
    await loadSearchIndex(db, new ContentSearch());
    await db.searchIndex.update('content', { version: 'content-search/0' });
    const search = new ContentSearch();
    expect(await loadSearchIndex(db, search)).toEqual({ from: 'rebuilt', reason: 'other-version' });
    expect(refs(search, 'паспорт')).toEqual(['passport']);
    expect((await db.searchIndex.get('content'))?.version).toBe(SEARCH_INDEX_VERSION);
  });

  it('is rebuilt when it is corrupt', async () => {
    const db = await kioskWithContent();
    await loadSearchIndex(db, new ContentSearch());
    for (const json of ['{"documentCount":', '{"documentCount":2}', '[]']) {
      await db.searchIndex.update('content', { json });
      const search = new ContentSearch();
      expect(await loadSearchIndex(db, search), json).toEqual({ from: 'rebuilt', reason: 'corrupt' });
      expect(refs(search, 'паспорт')).toEqual(['passport']);
    }
  });

  it('is rebuilt when a page was applied after it was saved (a power cut inside the delay)', async () => {
    const db = await kioskWithContent();
    await loadSearchIndex(db, new ContentSearch());
    await applyPage(db, new ContentSearch(), [put(3, 'herder', 'Малчны тэтгэмж')]);
    const search = new ContentSearch();
    expect(await loadSearchIndex(db, search)).toEqual({ from: 'rebuilt', reason: 'stale' });
    expect(refs(search, 'малчны')).toEqual(['herder']);
  });

  it('keeps the pages applied after start: saved once pages stop, loaded at the next start', async () => {
    const db = await kioskWithContent();
    const search = new ContentSearch();
    await loadSearchIndex(db, search);
    let saves = 0;
    // A delay far longer than six pages take even on a busy machine: the test is about "once the
    // pages stop", not about how fast they come.
    const saver = new SearchIndexSaver(db, search, { delayMs: 1500, maxWaitMs: 60_000, onSaved: () => saves++ });
    for (let i = 0; i < 5; i++) {
      await applyPage(db, search, [put(3 + i, `s${i}`, `Тэтгэмж ${['нэг', 'хоёр', 'гурав', 'дөрөв', 'тав'][i]}`)]);
      saver.changed();
    }
    await applyPage(db, search, [{ seq: 8, type: 'service', id: 'land', op: 'delete' }]);
    saver.changed();
    expect(saves).toBe(0);
    await vi.waitFor(() => expect(saves).toBe(1), { timeout: 10_000, interval: 50 });
    await new Promise((r) => setTimeout(r, 200));
    expect(saves).toBe(1); // one save for the six pages

    const next = new ContentSearch();
    expect(await loadSearchIndex(db, next)).toEqual({ from: 'stored' });
    expect(refs(next, 'гурав')).toEqual(['s2']);
    expect(refs(next, 'өмчлөх')).toEqual([]);
    expect(next.size).toBe(6);
  });

  it('saves during a long sync at most maxWaitMs after the first unsaved page', async () => {
    const db = await kioskWithContent();
    const search = new ContentSearch();
    await loadSearchIndex(db, search);
    let saves = 0;
    const saver = new SearchIndexSaver(db, search, { delayMs: 40, maxWaitMs: 60, onSaved: () => saves++ });
    const until = Date.now() + 150;
    for (let seq = 3; Date.now() < until; seq++) {
      await applyPage(db, search, [put(seq, `s${seq}`, `Тэтгэмж ${seq}`)]);
      saver.changed();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(saves).toBeGreaterThanOrEqual(1);
    await saver.flush();
    expect(await loadSearchIndex(db, new ContentSearch())).toEqual({ from: 'stored' });
  });

  it('keeps a page applied while the stored index loads', async () => {
    const db = await kioskWithContent();
    await loadSearchIndex(db, new ContentSearch());
    const search = new ContentSearch();
    const loading = loadSearchIndex(db, search);
    await applyPage(db, search, [put(3, 'herder', 'Малчны тэтгэмж')]);
    expect(await loading).toEqual({ from: 'stored' });
    expect(refs(search, 'малчны')).toEqual(['herder']);
    expect(refs(search, 'паспорт')).toEqual(['passport']);
  });
});
