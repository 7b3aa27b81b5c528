/**
 * Text-mode receipts print in one code page, KZ-1048 (`ESC t 53`), which holds Russian Cyrillic
 * plus every Mongolian and Kazakh letter (Ө Ү Ә Ғ Қ Ң Ұ Һ І). Text is first brought inside
 * KZ-1048 here, where we can test it, and control bytes that could smuggle ESC/POS commands
 * out of a service title are removed; then it is encoded with our own table (tests decode with
 * iconv-lite's independent one).
 */
/** Bytes 0x80–0xFF in order; `\uFFFD` marks 0x98 (unassigned), 0xA0 is no-break space, 0xAD soft hyphen. */
const KZ1048_UPPER_HALF =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊҚҺЏђ‘’“”•–—\uFFFD™љ›њқһџ\u00a0ҰұӘ¤Ө¦§Ё©Ғ«¬\u00ad®Ү°±Ііөµ¶·ё№ғ»әҢңүАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';

const BYTE_OF = new Map<string, number>();
[...KZ1048_UPPER_HALF].forEach((ch, i) => {
  if (ch !== '\uFFFD' && ch !== '\u00a0' && ch !== '\u00ad') BYTE_OF.set(ch, 0x80 + i);
});

const PRINTABLE = new Set<string>(BYTE_OF.keys());
for (let code = 0x20; code < 0x7f; code++) PRINTABLE.add(String.fromCharCode(code));

const REPLACEMENTS: Record<string, string> = {
  '\u00a0': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u02bc': '’',
  '₮': 'төг.',
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

/**
 * KZ-1048 bytes of `text` (already made printable by `toReceiptText`): ASCII as is, the upper
 * half from the table above; anything else becomes `?`, which tests look for.
 */
export function encodeKz1048(text: string): Buffer {
  return Buffer.from([...text].map((ch) => (ch < '\x80' ? ch.charCodeAt(0) : (BYTE_OF.get(ch) ?? 0x3f))));
}
