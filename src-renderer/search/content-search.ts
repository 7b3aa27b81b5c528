import MiniSearch, { type Options } from 'minisearch';
import { foldTerm, tokenize } from '../../src-shared/rules/search-fold.js';
import type { Service } from '../../src-shared/schemas/content.js';
import type { LawArticle } from '../../src-shared/schemas/law.js';
import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import type { AppliedChange } from '../data/content-repo.js';
import { decodeRestWhenIdle, loadPackedIndex, packIndex, type PackedIndex } from './packed-index.js';

export interface SearchDoc {
  id: string;
  kind: 'service' | 'article';
  /** Service id, or law article id (`<law>.<n>`). */
  ref: string;
  lawId?: string;
  title: string;
  text: string;
}

export interface SearchHit {
  id: string;
  kind: SearchDoc['kind'];
  ref: string;
  lawId?: string;
  score: number;
}

/** Every language of a text, so a citizen finds it whichever language they type in. */
function allLanguages(t: LocalizedText | undefined): string {
  return t ? [t.mn, t.kk, t.en].filter(Boolean).join(' ') : '';
}

export function serviceDoc(s: Service): SearchDoc {
  return {
    id: `service:${s.id}`,
    kind: 'service',
    ref: s.id,
    title: allLanguages(s.title),
    text: [allLanguages(s.description), allLanguages(s.agency), ...s.documents.map(allLanguages)].join(' '),
  };
}

export function articleDoc(a: LawArticle): SearchDoc {
  const paragraphs = a.paragraphs.flatMap((p) => [allLanguages(p.text), ...p.items.map((i) => allLanguages(i.text))]);
  return {
    id: `article:${a.id}`,
    kind: 'article',
    ref: a.id,
    lawId: a.lawId,
    title: allLanguages(a.title),
    text: paragraphs.join(' '),
  };
}

/**
 * The version of the index definition below (fields, stored fields, tokenizer, folding). A
 * stored index with another version is rebuilt, so bump it whenever any of them, or
 * `tokenize`/`foldTerm`, changes what a document is indexed under.
 */
export const SEARCH_INDEX_VERSION =
  'content-search/2 minisearch/7.2 packed:1 fields:title,text store:kind,ref,lawId fold:1';

const INDEX_OPTIONS: Options<SearchDoc> = {
  fields: ['title', 'text'],
  storeFields: ['kind', 'ref', 'lawId'],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => foldTerm(term) || null,
  searchOptions: {
    // The word being typed (the last) matches as a prefix; finished words tolerate one typo
    // once long enough. Wider settings cost more than the 16 ms a frame allows on 20k articles.
    prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 4,
    fuzzy: (term) => (term.length >= 5 ? 1 : false),
    boost: { title: 3 },
    combineWith: 'AND',
  },
};

/**
 * Full-text search over services and law articles, in memory (MiniSearch), with prefix and
 * typo tolerance. Text and queries are folded to one Cyrillic/Latin skeleton (`foldTerm`),
 * so `hovsgol`, `khuvsgul` and `Хөвсгөл` find each other. Kept up to date change by change as
 * content pages arrive, never rebuilt from scratch during a sync; packed (`pack`) to be kept
 * with the content and restored (`restore`) at the next start.
 */
export class ContentSearch {
  private index = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
  /** Changes applied while a stored index is being restored, replayed onto it once loaded. */
  private appliedWhileRestoring: AppliedChange[] | null = null;

  get size(): number {
    return this.index.documentCount;
  }

  addAll(docs: SearchDoc[]): void {
    this.index.addAll(docs.filter((d) => !this.index.has(d.id)));
  }

  upsert(doc: SearchDoc): void {
    if (this.index.has(doc.id)) this.index.replace(doc);
    else this.index.add(doc);
  }

  remove(id: string): void {
    if (this.index.has(id)) this.index.discard(id);
  }

  /** Applies what a content page changed: services and articles are indexed, the rest ignored. */
  apply(changes: readonly AppliedChange[]): void {
    this.appliedWhileRestoring?.push(...changes);
    for (const c of changes) {
      if (c.type !== 'service' && c.type !== 'law-article') continue;
      const id = `${c.type === 'service' ? 'service' : 'article'}:${c.id}`;
      if (c.op === 'delete') this.remove(id);
      else this.upsert(c.type === 'service' ? serviceDoc(c.entity as Service) : articleDoc(c.entity as LawArticle));
    }
  }

  /** The index packed to be stored (`saveSearchIndex`): a JSON header and one byte array. */
  pack(): PackedIndex {
    return packIndex(this.index as MiniSearch<unknown>);
  }

  /**
   * Replaces the index with a stored one (yielding to the UI while it loads), then replays the
   * pages applied meanwhile (upserts and deletes are idempotent). Throws, leaving the index as
   * it was, if the stored form is not a packed index of this definition.
   */
  async restore(packed: { header: string; postings: unknown }): Promise<void> {
    this.appliedWhileRestoring = [];
    try {
      const loaded = await loadPackedIndex<SearchDoc>(packed, INDEX_OPTIONS);
      const meanwhile = this.appliedWhileRestoring;
      this.index = loaded;
      this.appliedWhileRestoring = null;
      this.apply(meanwhile);
      // Searchable now: each term is decoded when first used, the rest while the UI is idle.
      decodeRestWhenIdle(loaded as MiniSearch<unknown>);
    } finally {
      this.appliedWhileRestoring = null;
    }
  }

  search(query: string, options: { kind?: SearchDoc['kind']; lawId?: string; limit?: number } = {}): SearchHit[] {
    if (tokenize(query).length === 0) return [];
    const hits = this.index.search(query, {
      filter: (r) => (!options.kind || r.kind === options.kind) && (!options.lawId || r.lawId === options.lawId),
    });
    return hits.slice(0, options.limit ?? 50).map((h) => ({
      id: String(h.id),
      kind: h.kind as SearchDoc['kind'],
      ref: h.ref as string,
      score: h.score,
      ...(h.lawId ? { lawId: h.lawId as string } : {}),
    }));
  }
}
