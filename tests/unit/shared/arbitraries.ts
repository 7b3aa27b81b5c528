import fc from 'fast-check';

/** Shared generators and helpers for the src-shared unit tests. */

export const DIGITS = '0123456789';

export const digit = fc.constantFrom(...DIGITS.split(''));

export function digitString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: digit, minLength, maxLength });
}

export const kioskCode = digitString(4, 4);

/** Sequences a kiosk can really issue: positive safe integers, biased towards small ones. */
export const sequence = fc.oneof(
  fc.integer({ min: 1, max: 999_999 }),
  fc.integer({ min: 1_000_000, max: Number.MAX_SAFE_INTEGER }),
);

/** Every string made from `s` by replacing exactly one digit with a different digit. */
export function* substitutions(s: string): Generator<string> {
  for (let i = 0; i < s.length; i++) {
    for (const d of DIGITS) {
      if (d !== s[i]) yield s.slice(0, i) + d + s.slice(i + 1);
    }
  }
}

/** Every string made from `s` by swapping two adjacent, unequal digits. */
export function* adjacentTranspositions(s: string): Generator<string> {
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i] !== s[i + 1]) yield s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  }
}

/** All digit strings of exactly `length` digits, in order. */
export function* allDigitStrings(length: number): Generator<string> {
  const count = 10 ** length;
  for (let n = 0; n < count; n++) yield String(n).padStart(length, '0');
}

/** The 35 letters of the Mongolian Cyrillic alphabet, upper case, in dictionary order. */
export const MONGOLIAN_CAPITALS = 'А Б В Г Д Е Ё Ж З И Й К Л М Н О Ө П Р С Т У Ү Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я'.split(' ');

export const mongolianCapital = fc.constantFrom(...MONGOLIAN_CAPITALS);

/** Latin letters that look like Cyrillic ones, and the Cyrillic letter each must become. */
export const LATIN_LOOKALIKES: readonly (readonly [string, string])[] = [
  ['A', 'А'],
  ['B', 'В'],
  ['E', 'Е'],
  ['K', 'К'],
  ['M', 'М'],
  ['H', 'Н'],
  ['O', 'О'],
  ['P', 'Р'],
  ['C', 'С'],
  ['T', 'Т'],
  ['X', 'Х'],
  ['Y', 'У'],
];

export const NON_LOOKALIKE_LATIN = 'DFGIJLNQRSUVWZ'.split('');

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Builds a registration number for a birth date, following the +20 month rule for 2000+. */
export function registrationNumber(letters: string, year: number, month: number, day: number, tail: string): string {
  const storedMonth = year >= 2000 ? month + 20 : month;
  return `${letters}${pad2(year % 100)}${pad2(storedMonth)}${pad2(day)}${tail}`;
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** A fixed "today" at noon UTC, so no test depends on the clock or the time zone. */
export const TODAY = new Date('2026-06-15T12:00:00Z');

/** A real birth date between 1900-01-01 and `TODAY` (UTC calendar date). */
export const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-06-15T00:00:00Z'), noInvalidDate: true })
  .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));

/** A valid registration number with the facts it encodes. */
export const validRegistration = fc
  .record({
    first: mongolianCapital,
    second: mongolianCapital,
    birth: birthDate,
    sexDigit: digit,
    last: digit,
  })
  .map(({ first, second, birth, sexDigit, last }) => ({
    text: registrationNumber(first + second, birth.year, birth.month, birth.day, sexDigit + last),
    birthDate: isoDate(birth.year, birth.month, birth.day),
    sex: Number(sexDigit) % 2 === 1 ? ('male' as const) : ('female' as const),
  }));
