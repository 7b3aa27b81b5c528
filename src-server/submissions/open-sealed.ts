import { createDecipheriv, createECDH, hkdfSync, type ECDH, type KeyObject } from 'node:crypto';
import { SEAL_ALG, SEAL_INFO, sealAad, type SealedEnvelope } from '../../src-shared/schemas/submission.js';

const GCM_TAG_BYTES = 16;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const agreements = new WeakMap<KeyObject, ECDH>();

/**
 * The private key as a reusable ECDH agreement. Node's `diffieHellman()` wants the ephemeral key
 * as a KeyObject, and building one from the envelope's raw point (through JWK) cost two thirds of
 * the agreement itself; `ECDH.computeSecret` takes the raw point and checks it is on the curve.
 */
function agreementFor(privateKey: KeyObject): ECDH {
  let ecdh = agreements.get(privateKey);
  if (!ecdh) {
    const d = privateKey.export({ format: 'jwk' }).d;
    if (typeof d !== 'string') throw new Error('the submission key is not an EC private key');
    ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(d, 'base64url'));
    agreements.set(privateKey, ecdh);
  }
  return ecdh;
}

export type OpenSealedResult = { ok: true; content: unknown } | { ok: false; reason: string };

/**
 * Opens an envelope the kiosk made with `seal` (src-renderer/platform/seal.ts): ECDH P-256 between
 * the server's private key and the ephemeral public key, HKDF-SHA256 (salt = the raw ephemeral
 * public key, info `SEAL_INFO`) to an AES-256-GCM key, and the GCM tag checked over the
 * ciphertext and `sealAad(idempotencyKey, trackingNo)`. Returns the parsed JSON inside.
 *
 * Never throws: a tampered, truncated or foreign envelope, one sealed to another key or moved
 * onto another submission, is `{ ok: false }`. The reason never contains any of the plaintext.
 */
export function openSealed(
  envelope: SealedEnvelope,
  binding: { idempotencyKey: string; trackingNo: string },
  privateKey: KeyObject,
): OpenSealedResult {
  if (envelope.alg !== SEAL_ALG) return { ok: false, reason: `unknown sealing algorithm "${String(envelope.alg)}"` };
  const epk = Buffer.from(envelope.epk, 'base64');
  const iv = Buffer.from(envelope.iv, 'base64');
  const sealed = Buffer.from(envelope.ct, 'base64');
  if (iv.length !== 12) return { ok: false, reason: 'the nonce is not 12 bytes' };
  if (sealed.length < GCM_TAG_BYTES) return { ok: false, reason: 'the ciphertext is shorter than its tag' };
  if (epk.length !== 65 || epk[0] !== 4) return { ok: false, reason: 'the ephemeral key is not a P-256 point' };
  let secret: Buffer;
  try {
    secret = agreementFor(privateKey).computeSecret(epk);
  } catch {
    return { ok: false, reason: 'the ephemeral key is not a P-256 point' };
  }
  let plaintext: Buffer;
  try {
    const key = Buffer.from(hkdfSync('sha256', secret, epk, Buffer.from(SEAL_INFO, 'utf8'), 32));
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(sealAad(binding.idempotencyKey, binding.trackingNo), 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    return {
      ok: false,
      reason:
        "the sealed data does not open with this server's key: it was altered, sealed to another key, " +
        'or belongs to another submission',
    };
  }
  try {
    return { ok: true, content: JSON.parse(utf8.decode(plaintext)) as unknown };
  } catch {
    return { ok: false, reason: 'the sealed data opened but is not UTF-8 JSON' };
  }
}
