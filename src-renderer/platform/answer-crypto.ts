import { answerAad, deriveAnswerKey } from '../../src-shared/answers/receipt-secret.js';
import type { SealedAnswer } from '../../src-shared/protocol.js';

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Opens an answer the server sealed for this kiosk (`sealAnswer` in src-server/submissions/answers.ts)
 * with the secret the citizen typed: K = scrypt(secret, number) — about a second, on purpose —
 * then AES-256-GCM. Returns the answer's text, or null when the secret is not this receipt's.
 * Nothing is kept: K and the text live only in this call and on the screen.
 */
export async function openAnswerWithSecret(
  secret: string,
  trackingNo: string,
  sealed: SealedAnswer,
): Promise<string | null> {
  const raw = await deriveAnswerKey(secret, trackingNo);
  const key = await crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, ['decrypt']);
  raw.fill(0);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: enc.encode(answerAad(trackingNo)) },
      key,
      fromBase64(sealed.ct),
    );
    return utf8.decode(plain);
  } catch {
    return null;
  }
}
