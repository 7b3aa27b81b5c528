import { Dexie } from 'dexie';
import { foldTerm } from '../../../src-shared/rules/search-fold.js';
import { openDatabase } from '../../../src-renderer/data/db.js';
import { saveSearchIndex } from '../../../src-renderer/data/search-index-store.js';
import { ContentSearch, SEARCH_INDEX_VERSION, type SearchDoc } from '../../../src-renderer/search/content-search.js';
import { loadSearchIndex } from '../../../src-renderer/search/load-search-index.js';

interface BenchInput {
  vocabulary: string[];
  articles: number;
  services: number;
  queries: string[];
}

/** Deterministic PRNG (mulberry32) so every run indexes the same corpus. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(input: BenchInput): SearchDoc[] {
  const r = rng(42);
  const words = (n: number) =>
    Array.from({ length: n }, () => input.vocabulary[Math.floor(r() * input.vocabulary.length)]).join(' ');
  const docs: SearchDoc[] = [];
  for (let i = 0; i < input.articles; i++) {
    const lawId = `law-${i % 60}`;
    docs.push({
      id: `article:${lawId}.${i}`,
      kind: 'article',
      ref: `${lawId}.${i}`,
      lawId,
      title: words(4),
      text: words(60),
    });
  }
  for (let i = 0; i < input.services; i++) {
    docs.push({ id: `service:s-${i}`, kind: 'service', ref: `s-${i}`, title: words(5), text: words(30) });
  }
  return docs;
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p95: at(95) };
}

async function run(input: BenchInput) {
  const docs = corpus(input);
  const search = new ContentSearch();
  const t0 = performance.now();
  search.addAll(docs);
  const buildMs = performance.now() - t0;

  // Warm up once, then time every query.
  for (const q of input.queries.slice(0, 20)) search.search(q);
  const indexTimes = input.queries.map((q) => {
    const s = performance.now();
    search.search(q, { limit: 50 });
    return performance.now() - s;
  });

  // Baseline: what the kiosk would do without an index — scan every record in IndexedDB.
  const db = new Dexie('search-bench') as Dexie & { docs: Dexie.Table<SearchDoc, string> };
  db.version(1).stores({ docs: '&id, kind' });
  await db.docs.clear();
  await db.docs.bulkPut(docs);
  const scanQueries = input.queries.slice(0, 20);
  const scanTimes: number[] = [];
  for (const q of scanQueries) {
    const folded = q.split(/\s+/).map(foldTerm);
    const s = performance.now();
    await db.docs
      .filter((d) => {
        const text = foldTerm(`${d.title} ${d.text}`);
        return folded.every((f) => text.includes(f));
      })
      .limit(50)
      .toArray();
    scanTimes.push(performance.now() - s);
  }
  db.close();
  const slowest = input.queries
    .map((q, i) => ({ q, ms: indexTimes[i]!, hits: search.search(q).length }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 12);

  // Kept with the content: save the index as the kiosk does after a sync, then start again and
  // time how long until it answers, and the longest the UI thread is held meanwhile.
  await Dexie.delete('search-bench-kiosk');
  const kioskDb = openDatabase('search-bench-kiosk');
  const s0 = performance.now();
  const saved = await saveSearchIndex(kioskDb, SEARCH_INDEX_VERSION, () => ({
    ...search.pack(),
    documents: search.size,
  }));
  const saveMs = performance.now() - s0;
  kioskDb.close();

  let longestBlockMs = 0;
  let last = performance.now();
  let watching = true;
  const watch = () => {
    const now = performance.now();
    longestBlockMs = Math.max(longestBlockMs, now - last);
    last = now;
    if (watching) setTimeout(watch, 0);
  };
  const r0 = performance.now();
  last = r0;
  setTimeout(watch, 0);
  const restartedDb = openDatabase('search-bench-kiosk');
  const restarted = new ContentSearch();
  const source = await loadSearchIndex(restartedDb, restarted);
  restarted.search(input.queries[0]!);
  const readyMs = performance.now() - r0;
  watching = false;
  const blockMs = Math.max(longestBlockMs, performance.now() - last);
  restartedDb.close();
  for (const q of input.queries.slice(0, 20)) restarted.search(q);
  const restoredTimes = input.queries.map((q) => {
    const s = performance.now();
    restarted.search(q, { limit: 50 });
    return performance.now() - s;
  });
  // Ties in score may come back in another order; the hits themselves must be the same.
  const hitSet = (x: ContentSearch, q: string) =>
    JSON.stringify(
      x
        .search(q, { limit: 100_000 })
        .map((h) => `${h.id}:${h.score.toFixed(6)}`)
        .sort(),
    );
  const differing = input.queries.filter((q) => hitSet(restarted, q) !== hitSet(search, q));

  // Where the time to ready goes: reading the row from IndexedDB, then building MiniSearch's
  // maps from it (the packed header's JSON and the postings).
  const phaseDb = openDatabase('search-bench-kiosk');
  const p0 = performance.now();
  const row = (await phaseDb.searchIndex.get('content')) as unknown as { json: string; postings: unknown };
  const readMs = performance.now() - p0;
  const p1 = performance.now();
  await new ContentSearch().restore({ header: row.json, postings: row.postings });
  const parseMs = performance.now() - p1;
  phaseDb.close();

  return {
    documents: search.size,
    buildMs,
    index: stats(indexTimes),
    scan: stats(scanTimes),
    slowest,
    stored: {
      from: source.from,
      documents: restarted.size,
      bytes: saved.bytes,
      saveMs,
      readyMs,
      longestBlockMs: blockMs,
      restored: stats(restoredTimes),
      sameResults: differing.length === 0,
      differing: differing.slice(0, 5),
      readMs,
      parseMs,
    },
  };
}

(window as unknown as { runSearchBench: typeof run }).runSearchBench = run;
document.title = 'ready';
