import type { PrintTextRequest } from '../../../src-shared/bridge-contract.js';
import { pickText, type Language } from '../../../src-shared/schemas/localized-text.js';
import type { Law, LawArticle } from '../../../src-shared/schemas/law.js';

/** What the library printer is given: plain text the host lays out on the roll, with a QR to `url`. */
export type LawPrintRequest = PrintTextRequest;

/** An article as printed lines: each paragraph and item with its number, in order. */
export function articlePrint(
  law: Law,
  article: LawArticle,
  heading: string,
  lang: Language,
  publicSite: string,
): LawPrintRequest {
  const paragraphs: string[] = [];
  for (const p of article.paragraphs) {
    paragraphs.push(`${p.number}. ${pickText(p.text, lang)}`);
    for (const item of p.items) paragraphs.push(`${item.number}. ${pickText(item.text, lang)}`);
  }
  return {
    lang,
    title: pickText(law.title, lang),
    heading,
    paragraphs,
    url: `${publicSite}/laws/${law.id}/${article.number}`,
  };
}

export function summaryPrint(law: Law, heading: string, lang: Language, publicSite: string): LawPrintRequest {
  return {
    lang,
    title: pickText(law.title, lang),
    heading,
    paragraphs: pickText(law.summary, lang)
      .split(/\n+/)
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
    url: `${publicSite}/laws/${law.id}`,
  };
}
