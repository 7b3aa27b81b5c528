import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

/**
 * The receipt's secret and the answer key made from it.
 *
 * Every new receipt carries a secret of `RECEIPT_SECRET_DIGITS` random digits, made on the kiosk
 * when the citizen submits (offline is fine) and printed on the receipt — never stored on the
 * kiosk, never sent anywhere. The tracking number is guessable; the secret is not, and it is
 * not derived from the number.
 *
 * From it the kiosk derives the answer key K = scrypt(secret, salt, N = 2^16, r = 8, p = 1),
 * 32 bytes, with the tracking number in the salt (so one guess serves one receipt only). K
 * travels to the server inside the sealed envelope; the server encrypts the answer under K
 * (AES-256-GCM, `answerAad`) and the kiosk stores only that ciphertext. To read an answer
 * from a stolen kiosk disk one must run scrypt (64 MiB each) for every possible secret:
 * see docs/answers.md for the cost.
 */
export const RECEIPT_SECRET_DIGITS = 12;

/** scrypt cost: 2^16 × 128 × 8 bytes = 64 MiB of memory per try. */
export const ANSWER_KDF = { N: 2 ** 16, r: 8, p: 1, dkLen: 32 } as const;
/** What the sealed answer says it is, so a later change of cost or cipher is visible on the wire. */
export const ANSWER_ALG = 'scrypt-N65536-r8-p1+A256GCM';
export const ANSWER_KEY_INFO = 'tsonkh-answer-key-v1';
/** The longest answer (characters) that travels to a kiosk. */
export const ANSWER_TEXT_MAX = 10_000;
/**
 * Wrong secrets allowed per tracking number in one window, and the window's length: the same on
 * the kiosk's keypad and on the public look-up.
 */
export const ANSWER_TRIES = { max: 5, windowMs: 24 * 60 * 60 * 1000 } as const;

/** A fresh secret: `RECEIPT_SECRET_DIGITS` uniformly random digits (rejection sampling, no bias). */
export function makeReceiptSecret(): string {
  let out = '';
  while (out.length < RECEIPT_SECRET_DIGITS) {
    for (const b of randomBytes(16)) {
      // 250 = 25 × 10: bytes 250–255 are thrown away so every digit is equally likely.
      if (b < 250 && out.length < RECEIPT_SECRET_DIGITS) out += String(b % 10);
    }
  }
  return out;
}

/** The digits of a typed or printed secret (spaces and dashes dropped), or null when it cannot be one. */
export function normalizeReceiptSecret(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${RECEIPT_SECRET_DIGITS}}$`).test(digits) ? digits : null;
}

/** As printed and shown: groups of four, `4821 3905 7712`, easy to read back and type. */
export function formatReceiptSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** The scrypt salt: bound to this receipt's number, so a guess is for one receipt only. */
export function answerKeySalt(trackingNo: string): string {
  return `${ANSWER_KEY_INFO}|${trackingNo}`;
}

/**
 * K = scrypt(secret, `answerKeySalt(trackingNo)`), 32 bytes. Asynchronous (yields to the event
 * loop), so the kiosk's screen stays alive for the second or so it takes there.
 */
export function deriveAnswerKey(secret: string, trackingNo: string): Promise<Uint8Array> {
  return scryptAsync(secret, answerKeySalt(trackingNo), { ...ANSWER_KDF, maxmem: 80 * 1024 * 1024 });
}

/** K as it goes inside the sealed envelope (`answerKey`): 64 lowercase hex digits. */
export async function deriveAnswerKeyHex(secret: string, trackingNo: string): Promise<string> {
  return bytesToHex(await deriveAnswerKey(secret, trackingNo));
}

/** The additional data of an answer's AES-GCM: the ciphertext belongs to this receipt only. */
export function answerAad(trackingNo: string): string {
  return `${ANSWER_ALG}|${trackingNo}`;
}
