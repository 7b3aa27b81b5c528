import type { EarlierArticleText, Law, LawParagraph } from '../../src-shared/schemas/law.js';
import { articleTextKey, type LawText, type LawTextArticle } from './law-markdown.js';

/** A law's earlier Mongolian texts (`history/v<N>.md`), by version. */
export type LawHistory = ReadonlyMap<number, LawText>;

/** An earlier text as content: history is Mongolian only, so every text carries `mn` alone. */
function asContent(article: LawTextArticle): { title: { mn: string }; paragraphs: LawParagraph[] } {
  return {
    title: { mn: article.title },
    paragraphs: article.paragraphs.map((p) => ({
      number: p.number,
      text: { mn: p.text },
      items: p.items.map((i) => ({ number: i.number, text: { mn: i.text } })),
    })),
  };
}

/**
 * What the kiosk needs to show "what changed" for one current article: the earliest version
 * from which its Mongolian text is unchanged (`changedInVersion`), and its text in every earlier
 * version before that in which it existed (`earlier`, newest first). A version before
 * `changedInVersion` with no entry is one without the article, so "added" needs no extra field.
 * A text that went A → B → A keeps an entry for the first A too: the rule is "every version
 * before `changedInVersion`", which keeps absence unambiguous.
 */
export function articleHistory(
  article: { number: number } & Parameters<typeof articleTextKey>[0],
  version: number,
  history: LawHistory,
): { changedInVersion: number; earlier: EarlierArticleText[] } {
  const key = articleTextKey(article);
  let changedInVersion = version;
  for (let v = version - 1; v >= 1; v--) {
    const old = history.get(v)?.articles.find((a) => a.number === article.number);
    if (!old || articleTextKey(old) !== key) break;
    changedInVersion = v;
  }
  const earlier: EarlierArticleText[] = [];
  for (let v = changedInVersion - 1; v >= 1; v--) {
    const old = history.get(v)?.articles.find((a) => a.number === article.number);
    if (old) earlier.push({ version: v, ...asContent(old) });
  }
  return { changedInVersion, earlier };
}

/**
 * Articles earlier versions had and the current text does not: one entry per version in which
 * each existed, ordered by number, then newest version first.
 */
export function removedArticles(
  currentNumbers: ReadonlySet<number>,
  version: number,
  history: LawHistory,
): Law['removedArticles'] {
  const removed: Law['removedArticles'] = [];
  for (let v = version - 1; v >= 1; v--) {
    for (const old of history.get(v)?.articles ?? []) {
      if (!currentNumbers.has(old.number)) removed.push({ number: old.number, version: v, ...asContent(old) });
    }
  }
  return removed.sort((a, b) => a.number - b.number || b.version - a.version);
}
