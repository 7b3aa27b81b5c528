import { isoDateInMongolia } from '../format.js';

/**
 * Mongolian citizen registration number (регистрийн дугаар): two Cyrillic capitals and
 * eight digits. Digits 1–6 are the birth date YYMMDD, with 20 added to the month for
 * births from 2000. The last digit's algorithm is not public, so it is never checked.
 */

/** Latin letters that look like Cyrillic ones and are typed by mistake on Latin keyboards. */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = {
  A: 'А',
  B: 'В',
  E: 'Е',
  K: 'К',
  M: 'М',
  H: 'Н',
  O: 'О',
  P: 'Р',
  C: 'С',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};

export type RegistrationNumberError = 'empty' | 'length' | 'letters' | 'digits' | 'birth_date';

export interface RegistrationNumber {
  value: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export function normalizeRegistrationNumber(input: string): string {
  return input
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/[A-Z]/g, (ch) => LATIN_LOOKALIKES[ch] ?? ch);
}

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function parseRegistrationNumber(
  input: string,
  today: Date = new Date(),
): { ok: true; value: RegistrationNumber } | { ok: false; error: RegistrationNumberError } {
  const v = normalizeRegistrationNumber(input);
  if (v === '') return { ok: false, error: 'empty' };
  if (v.length !== 10) return { ok: false, error: 'length' };
  if (!/^[А-ЯЁӨҮ]{2}$/.test(v.slice(0, 2))) return { ok: false, error: 'letters' };
  if (!/^[0-9]{8}$/.test(v.slice(2))) return { ok: false, error: 'digits' };
  const yy = Number(v.slice(2, 4));
  let mm = Number(v.slice(4, 6));
  const dd = Number(v.slice(6, 8));
  let year = 1900 + yy;
  if (mm >= 21 && mm <= 32) {
    mm -= 20;
    year = 2000 + yy;
  }
  if (mm < 1 || mm > 12 || !realDate(year, mm, dd)) return { ok: false, error: 'birth_date' };
  const birthDate = `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  if (birthDate > isoDateInMongolia(today)) return { ok: false, error: 'birth_date' };
  const sexDigit = Number(v[8]);
  return { ok: true, value: { value: v, birthDate, sex: sexDigit % 2 === 1 ? 'male' : 'female' } };
}
