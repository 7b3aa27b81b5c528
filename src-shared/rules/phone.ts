/**
 * Mongolian phone numbers: eight digits after the country code +976. Numbering changes, so
 * only the length is enforced; an unusual prefix is a warning the citizen may ignore.
 */
const MOBILE = /^(?:8(?:[05689]\d|3[01])|9[013-9]\d)\d{5}$/;
const LANDLINE = /^7\d{7}$/;

export type PhoneError = 'empty' | 'not_digits' | 'length';

export function parsePhone(
  input: string,
): { ok: true; value: string; warning?: 'unusual_prefix' } | { ok: false; error: PhoneError } {
  let v = input.replace(/[\s\-().]/g, '');
  if (v === '') return { ok: false, error: 'empty' };
  const international = v.startsWith('+');
  if (international) v = v.slice(1);
  if (!/^\d+$/.test(v)) return { ok: false, error: 'not_digits' };
  if (v.length === 11 && v.startsWith('976')) v = v.slice(3);
  else if (international) return { ok: false, error: 'length' };
  if (v.length !== 8) return { ok: false, error: 'length' };
  if (MOBILE.test(v) || LANDLINE.test(v)) return { ok: true, value: v };
  return { ok: true, value: v, warning: 'unusual_prefix' };
}
