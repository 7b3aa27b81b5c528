/**
 * Mongolian ordinals as parliament writes them in draft laws: chapter headings spell the ordinal
 * in capitals ("ГУРАВДУГААР БҮЛЭГ"), article headings write the digits and a suffix chosen by
 * vowel harmony ("3 дугаар зүйл", "4 дүгээр зүйл"). See shared/data/REFERENCE.md.
 */

/** Ordinal stems of 1–9, ready for the suffix ("долоо" loses its long vowel: "долдугаар"). */
const UNIT_STEMS = ['', 'нэг', 'хоёр', 'гурав', 'дөрөв', 'тав', 'зургаа', 'дол', 'найм', 'ес'] as const;
/** Ordinal stems of the round tens 10–90, when the ten is the last numeral word. */
const TEN_STEMS = ['', 'арав', 'хорь', 'гуч', 'дөч', 'тавь', 'жар', 'дал', 'ная', 'ер'] as const;
/** Attributive forms of the tens, before a unit: "арван нэг", "хорин хоёр". */
const TEN_ATTRIBUTIVE = ['', 'арван', 'хорин', 'гучин', 'дөчин', 'тавин', 'жаран', 'далан', 'наян', 'ерэн'] as const;

export type OrdinalSuffix = 'дүгээр' | 'дугаар';

/**
 * The suffix after a number in "n дүгээр/дугаар": "дүгээр" when the last numeral word is
 * нэг (1), дөрөв (4), ес (9), дөч (40) or ер (90), otherwise "дугаар". Any n ≥ 1.
 */
export function mongolianOrdinalSuffix(n: number): OrdinalSuffix {
  assertPositiveInteger(n);
  const unit = n % 10;
  if (unit !== 0) return unit === 1 || unit === 4 || unit === 9 ? 'дүгээр' : 'дугаар';
  const ten = n % 100;
  // A round hundred or thousand ends in зуу or мянга: back vowels.
  return ten === 40 || ten === 90 ? 'дүгээр' : 'дугаар';
}

/** The ordinal in words, lower case: 1 → "нэгдүгээр", 11 → "арван нэгдүгээр", 20 → "хорьдугаар". 1..99. */
export function mongolianOrdinal(n: number): string {
  assertPositiveInteger(n);
  if (n > 99) throw new RangeError(`Mongolian ordinal words are only spelled for 1–99, got ${n}`);
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  const suffix = mongolianOrdinalSuffix(n);
  if (unit === 0) return `${TEN_STEMS[tens]}${suffix}`;
  const last = `${UNIT_STEMS[unit]}${suffix}`;
  return tens === 0 ? last : `${TEN_ATTRIBUTIVE[tens]} ${last}`;
}

/** The ordinal in capitals, as in chapter headings: 1 → "НЭГДҮГЭЭР", 21 → "ХОРИН НЭГДҮГЭЭР". 1..99. */
export function mongolianOrdinalUpper(n: number): string {
  return mongolianOrdinal(n).toUpperCase();
}

let upperToNumber: Map<string, number> | undefined;

/** The number 1..99 that capital ordinal words spell (spaces normalised), or undefined. */
export function parseMongolianOrdinalUpper(words: string): number | undefined {
  upperToNumber ??= new Map(Array.from({ length: 99 }, (_, i) => [mongolianOrdinalUpper(i + 1), i + 1]));
  return upperToNumber.get(words.trim().replace(/\s+/g, ' '));
}

function assertPositiveInteger(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected a whole number ≥ 1, got ${n}`);
}
