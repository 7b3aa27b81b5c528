import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { ContentSearch, SEARCH_INDEX_VERSION, type SearchDoc } from '../../../src-renderer/search/content-search.js';
import { loadPackedIndex, packIndex } from '../../../src-renderer/search/packed-index.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vocabulary = [
  'хууль',
  'газар',
  'өмчлөх',
  'паспорт',
  'тэтгэмж',
  'малчин',
  'сум',
  'аймаг',
  'khuvsgul',
  'hovd',
  'иргэн',
  'бүртгэл',
];

function docs(count: number, seed: number): SearchDoc[] {
  const r = rng(seed);
  const words = (n: number) =>
    Array.from({ length: n }, () => vocabulary[Math.floor(r() * vocabulary.length)]).join(' ');
  return Array.from({ length: count }, (_, i) =>
    i % 5 === 0
      ? { id: `service:s-${i}`, kind: 'service' as const, ref: `s-${i}`, title: words(3), text: words(12) }
      : {
          id: `article:law-${i % 7}.${i}`,
          kind: 'article' as const,
          ref: `law-${i % 7}.${i}`,
          lawId: `law-${i % 7}`,
          title: words(2),
          text: i % 11 === 0 ? '' : words(20),
        },
  );
}

/** An index that has lived: documents added, replaced and taken out (MiniSearch cleans up lazily). */
function livedIn(): ContentSearch {
  const search = new ContentSearch();
  search.addAll(docs(400, 1));
  for (const d of docs(400, 2).filter((_, i) => i % 9 === 0)) search.upsert(d);
  for (let i = 0; i < 400; i += 13) search.remove(i % 5 === 0 ? `service:s-${i}` : `article:law-${i % 7}.${i}`);
  return search;
}

const hits = (s: ContentSearch, q: string) =>
  JSON.stringify(s.search(q, { limit: 1000 }).map((h) => [h.id, h.score.toFixed(9)]));

describe('the packed search index', () => {
  it('loads back into the same index it was packed from', async () => {
    const search = livedIn();
    const packed = search.pack();
    const restored = new ContentSearch();
    await restored.restore(structuredClone(packed));
    expect(restored.size).toBe(search.size);
    for (const q of [...vocabulary, 'газ', 'khuv', 'хууль газар', 'paspor', 'тэтгэмж сум']) {
      expect(hits(restored, q), q).toBe(hits(search, q));
    }
    // And it goes on living the same way: one more change, the same answers.
    const next = docs(3, 9);
    for (const s of [search, restored]) s.apply([{ type: 'service', id: 's-0', op: 'delete' } as never]);
    for (const d of next) {
      search.upsert(d);
      restored.upsert(d);
    }
    expect(hits(restored, 'газар')).toBe(hits(search, 'газар'));
  });

  it("holds exactly MiniSearch's own state (its JSON is the same)", async () => {
    const options = { fields: ['title', 'text'], storeFields: ['kind', 'ref', 'lawId'] };
    const index = new MiniSearch<SearchDoc>(options);
    index.addAll(docs(120, 3));
    index.discard(docs(120, 3)[7]!.id);
    const loaded = await loadPackedIndex<SearchDoc>(structuredClone(packIndex(index as MiniSearch<unknown>)), options);
    // The same state, term by term (the radix tree may list its terms in another order).
    const state = (m: MiniSearch<SearchDoc>) => {
      const { index: terms, ...rest } = JSON.parse(JSON.stringify(m)) as { index: [string, unknown][] };
      return { ...rest, terms: Object.fromEntries(terms) };
    };
    expect(state(loaded)).toEqual(state(index));
  });

  it('refuses a damaged header or postings, and leaves the index as it was', async () => {
    const search = livedIn();
    const { header, postings } = search.pack();
    const target = new ContentSearch();
    target.addAll(docs(5, 4));
    const before = hits(target, 'газар');
    const bad: { header: string; postings: unknown }[] = [
      { header: '{"format":', postings },
      { header: '{"format":"tsonkh-packed-minisearch/1"}', postings },
      { header: '[]', postings },
      { header, postings: postings.subarray(0, postings.length - 1) },
      { header, postings: new Uint8Array([...postings, 0]) },
      { header, postings: Array.from(postings) },
      { header, postings: undefined },
    ];
    for (const packed of bad) await expect(target.restore(packed)).rejects.toThrow();
    expect(hits(target, 'газар')).toBe(before);
  });

  it('names the MiniSearch version it reads the inside of', () => {
    const installed = JSON.parse(readFileSync('node_modules/minisearch/package.json', 'utf8')) as { version: string };
    // packed-index.ts reads MiniSearch's private fields: a new MiniSearch needs a look and a new version.
    expect(SEARCH_INDEX_VERSION).toContain(`minisearch/${installed.version.split('.').slice(0, 2).join('.')} `);
  });
});
