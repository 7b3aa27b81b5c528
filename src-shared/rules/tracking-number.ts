import { dammCheckDigit, dammValid } from './damm.js';

/**
 * Tracking numbers are made offline on the kiosk: `<kiosk code>-<sequence>-<check digit>`,
 * e.g. `6501-000123-7`. The kiosk code is exactly four digits so that a number typed on a
 * keypad without dashes still splits unambiguously; the sequence has at least six digits.
 * The Damm check digit covers every digit before it.
 */
export const KIOSK_CODE_PATTERN = /^\d{4}$/;
const SEQUENCE_MIN_DIGITS = 6;

export interface TrackingNumber {
  kioskCode: string;
  sequence: number;
  check: number;
  /** Canonical printed form with dashes. */
  text: string;
}

export function makeTrackingNumber(kioskCode: string, sequence: number): TrackingNumber {
  if (!KIOSK_CODE_PATTERN.test(kioskCode)) throw new Error(`Bad kiosk code: ${kioskCode}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`Bad sequence: ${sequence}`);
  const seq = String(sequence).padStart(SEQUENCE_MIN_DIGITS, '0');
  const check = dammCheckDigit(kioskCode + seq);
  return { kioskCode, sequence, check, text: `${kioskCode}-${seq}-${check}` };
}

export type TrackingParseError = 'empty' | 'not_digits' | 'too_short' | 'check_digit';

/**
 * Reads what a citizen typed (dashes and spaces optional) and says precisely what is wrong,
 * so the keypad screen can tell them to look at the receipt again.
 */
export function parseTrackingNumber(
  input: string,
): { ok: true; value: TrackingNumber } | { ok: false; error: TrackingParseError } {
  const compact = input.replace(/[\s\-–—]/g, '');
  if (compact === '') return { ok: false, error: 'empty' };
  if (!/^\d+$/.test(compact)) return { ok: false, error: 'not_digits' };
  if (compact.length < 4 + SEQUENCE_MIN_DIGITS + 1) return { ok: false, error: 'too_short' };
  if (!dammValid(compact)) return { ok: false, error: 'check_digit' };
  const kioskCode = compact.slice(0, 4);
  const seqText = compact.slice(4, -1);
  const sequence = Number(seqText);
  // Only the canonical zero-padding is a number a kiosk ever printed.
  if (
    !Number.isSafeInteger(sequence) ||
    sequence < 1 ||
    seqText !== String(sequence).padStart(SEQUENCE_MIN_DIGITS, '0')
  ) {
    return { ok: false, error: 'check_digit' };
  }
  return {
    ok: true,
    value: {
      kioskCode,
      sequence,
      check: Number(compact.slice(-1)),
      text: `${kioskCode}-${seqText}-${compact.slice(-1)}`,
    },
  };
}
