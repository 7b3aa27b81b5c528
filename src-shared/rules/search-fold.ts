/**
 * Folds Mongolian and Kazakh Cyrillic, and the many ways people type Mongolian in Latin letters,
 * to one skeleton, so that `hovsgol`, `khuvsgul` and `Хөвсгөл` all become `husgul`.
 * Deliberately lossy: о/ө/у/ү (and o, u, q, w, v, в) fold together, ц/ч (c, ts, ch) fold
 * together, repeated letters collapse (long vowels are often typed single). A search index folds
 * both the text and the query, so the loss only widens matches.
 */
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'u',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'iu',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'u',
  ө: 'u',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ү: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'c',
  ш: 's',
  щ: 's',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Kazakh letters (Bayan-Ölgii)
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ң: 'n',
  ұ: 'u',
  һ: 'h',
  і: 'i',
};

const LATIN_DIGRAPHS: ReadonlyArray<[RegExp, string]> = [
  [/kh/g, 'h'],
  [/zh/g, 'j'],
  [/ts/g, 'c'],
  [/ch/g, 'c'],
  [/sh/g, 's'],
  [/ye/g, 'e'],
];

const LATIN_SINGLE: Readonly<Record<string, string>> = { x: 'h', q: 'u', w: 'u', v: 'u', o: 'u', y: 'i' };

/** Folds one word (or a whole string: non-letters are kept as they are). */
export function foldTerm(term: string): string {
  let s = term.normalize('NFC').toLowerCase();
  s = s.replace(/[а-яёөүәғқңұһі]/g, (ch) => CYRILLIC[ch] ?? ch);
  for (const [re, to] of LATIN_DIGRAPHS) s = s.replace(re, to);
  s = s.replace(/[xqwvoy]/g, (ch) => LATIN_SINGLE[ch] ?? ch);
  s = s.replace(/[ö]/g, 'u').replace(/[ü]/g, 'u');
  return s.replace(/(.)\1+/g, '$1');
}

/** Splits text into words: letters and digits in any script; everything else separates. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}
