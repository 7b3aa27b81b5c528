/**
 * Receipts print in one code page, KZ-1048 (`ESC t 53`), which holds Russian Cyrillic plus
 * every Mongolian and Kazakh letter (Ө Ү Ә Ғ Қ Ң Ұ Һ І). node-thermal-printer silently
 * switches to another code page when it meets a character outside the active one, and a
 * printer may then show a different letter or `?`; so the text is first brought inside
 * KZ-1048 here, where we can test it, and control bytes that could smuggle ESC/POS commands
 * out of a service title are removed.
 */
const KZ1048_UPPER_HALF =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊҚҺЏђ‘’“”•–—™љ›њқһџҰұӘ¤Ө¦§Ё©Ғ«¬®Ү°±Ііөµ¶·ё№ғ»әҢңүАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';

const PRINTABLE = new Set<string>([...KZ1048_UPPER_HALF]);
for (let code = 0x20; code < 0x7f; code++) PRINTABLE.add(String.fromCharCode(code));

const REPLACEMENTS: Record<string, string> = {
  '\u00a0': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u02bc': '’',
};

/** True when every character of `text` prints as itself in KZ-1048. */
export function fitsReceiptCodePage(text: string): boolean {
  return [...text].every((ch) => PRINTABLE.has(ch) || ch === '\n');
}

function toPrintable(ch: string): string {
  if (PRINTABLE.has(ch)) return ch;
  const replacement = REPLACEMENTS[ch];
  if (replacement !== undefined) return replacement;
  if (/[\p{Cc}\p{Cf}]/u.test(ch)) return /\s/.test(ch) ? ' ' : '';
  if (/\s/u.test(ch)) return ' ';
  // Latin letters with accents (Ö in "Ölgii") print as their base letter.
  const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  if (base !== '' && [...base].every((b) => PRINTABLE.has(b))) return base;
  return '?';
}

/** `text` made printable in KZ-1048 on one line: controls and line breaks removed, accents dropped where needed. */
export function toReceiptText(text: string): string {
  return [...text].map(toPrintable).join('').replace(/ {2,}/g, ' ').trim();
}
