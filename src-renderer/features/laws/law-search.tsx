import type { ReactNode } from 'react';
import { foldTerm, tokenize } from '../../../src-shared/rules/search-fold.js';
import { pickText, type Language } from '../../../src-shared/schemas/localized-text.js';
import type { LawArticle } from '../../../src-shared/schemas/law.js';

/** The folded words a query asks for; one-letter words would match nearly everything. */
export function queryTerms(query: string): string[] {
  return [...new Set(tokenize(query).map(foldTerm))].filter((t) => t.length >= 2);
}

/** Every word of an article (title, paragraphs, items), folded once, for matching by substring. */
export function foldedArticle(article: LawArticle, lang: Language): string {
  const parts = [pickText(article.title, lang), String(article.number)];
  for (const p of article.paragraphs) {
    parts.push(pickText(p.text, lang));
    for (const item of p.items) parts.push(pickText(item.text, lang));
  }
  return ` ${[...new Set(tokenize(parts.join(' ')).map(foldTerm))].join(' ')} `;
}

/** An article matches when every term is found in some word of it (so word beginnings and stems match). */
export function matchesAll(folded: string, terms: readonly string[]): boolean {
  return terms.length > 0 && terms.every((t) => folded.includes(t));
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Marks whole words whose folded form contains a term: folding changes lengths (`kh` → `h`,
 * `я` → `ia`), so hits are shown word by word in the original spelling, never by character offsets.
 */
export function highlight(text: string, terms: readonly string[]): ReactNode {
  if (terms.length === 0) return text;
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const folded = foldTerm(m[0]);
    if (!terms.some((t) => folded.includes(t))) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(
      <mark key={m.index} className="law-hit">
        {m[0]}
      </mark>,
    );
    last = m.index + m[0].length;
  }
  if (out.length === 0) return text;
  out.push(text.slice(last));
  return out;
}
