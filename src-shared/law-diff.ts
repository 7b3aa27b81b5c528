import type { Law, LawArticle, LawParagraph } from './schemas/law.js';
import type { LocalizedText } from './schemas/localized-text.js';

/** An article's text as of one version. */
export interface ArticleText {
  title: LocalizedText;
  paragraphs: LawParagraph[];
}

/** One numbered row of an article (a paragraph "3.1" or a sub-paragraph "3.1.2"), compared in Mongolian. */
export interface ParagraphChange {
  number: string;
  kind: 'added' | 'removed' | 'changed' | 'same';
  before?: string;
  after?: string;
}

/** How one article differs between two versions of a law. */
export interface ArticleChange {
  number: number;
  kind: 'added' | 'removed' | 'changed';
  /** The newer text's title (the older one's for a removed article), in every language it has. */
  title: LocalizedText;
  before?: ArticleText;
  after?: ArticleText;
  /** Every numbered row of either text, in numbering order. */
  paragraphs: ParagraphChange[];
}

/**
 * The article's text as of `version`, or undefined when it did not exist then. An `earlier`
 * entry for the version wins; from `changedInVersion` on the text is the current one; before
 * it, a version with no entry is one without the article (see `lawArticleSchema`).
 */
export function articleTextAt(article: LawArticle, version: number): ArticleText | undefined {
  const entry = article.earlier.find((e) => e.version === version);
  if (entry) return { title: entry.title, paragraphs: entry.paragraphs };
  return version >= article.changedInVersion ? { title: article.title, paragraphs: article.paragraphs } : undefined;
}

function removedTextAt(law: Law, number: number, version: number): ArticleText | undefined {
  const entry = law.removedArticles.find((r) => r.number === number && r.version === version);
  return entry && { title: entry.title, paragraphs: entry.paragraphs };
}

/** "3.1.2" → [3, 1, 2], compared segment by segment so "3.10" follows "3.9". */
function compareNumbers(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Paragraphs and their sub-paragraphs as one list of numbered rows, Mongolian text. */
function rows(text: ArticleText | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of text?.paragraphs ?? []) {
    out.set(p.number, p.text.mn);
    for (const item of p.items) out.set(item.number, item.text.mn);
  }
  return out;
}

function compareRows(before: ArticleText | undefined, after: ArticleText | undefined): ParagraphChange[] {
  const old = rows(before);
  const now = rows(after);
  const numbers = [...new Set([...old.keys(), ...now.keys()])].sort(compareNumbers);
  return numbers.map((number): ParagraphChange => {
    const b = old.get(number);
    const a = now.get(number);
    if (b === undefined) return { number, kind: 'added', after: a };
    if (a === undefined) return { number, kind: 'removed', before: b };
    return { number, kind: a === b ? 'same' : 'changed', before: b, after: a };
  });
}

/**
 * What changed between two versions of a draft law, article by article, ordered by article
 * number: articles added, removed, or whose Mongolian title or numbered text differs. Articles
 * are matched by number, as the law cites them. Texts come from the current articles, their
 * `earlier` texts and the law's `removedArticles`, all published with the law, so this works
 * offline. `articles` are the law's current articles (others are ignored). Comparing a version
 * with itself gives nothing; a version outside 1…`law.version` is a RangeError.
 */
export function diffLawVersions(
  law: Law,
  articles: readonly LawArticle[],
  fromVersion: number,
  toVersion: number,
): ArticleChange[] {
  for (const v of [fromVersion, toVersion]) {
    if (!Number.isInteger(v) || v < 1 || v > law.version) {
      throw new RangeError(`law "${law.id}" has versions 1 to ${law.version}; there is no version ${v}`);
    }
  }
  const current = new Map(articles.filter((a) => a.lawId === law.id).map((a) => [a.number, a]));
  const textAt = (number: number, version: number): ArticleText | undefined => {
    const article = current.get(number);
    return article ? articleTextAt(article, version) : removedTextAt(law, number, version);
  };
  const numbers = [...new Set([...current.keys(), ...law.removedArticles.map((r) => r.number)])].sort((a, b) => a - b);
  const changes: ArticleChange[] = [];
  for (const number of numbers) {
    const before = textAt(number, fromVersion);
    const after = textAt(number, toVersion);
    if (!before && !after) continue;
    const paragraphs = compareRows(before, after);
    if (before && after) {
      const same = before.title.mn === after.title.mn && paragraphs.every((p) => p.kind === 'same');
      if (!same) changes.push({ number, kind: 'changed', title: after.title, before, after, paragraphs });
    } else if (after) {
      changes.push({ number, kind: 'added', title: after.title, after, paragraphs });
    } else if (before) {
      changes.push({ number, kind: 'removed', title: before.title, before, paragraphs });
    }
  }
  return changes;
}
