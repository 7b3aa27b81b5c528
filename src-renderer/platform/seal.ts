import { SEAL_ALG, SEAL_INFO, sealAad, type SealedEnvelope } from '../../src-shared/schemas/submission.js';

const enc = new TextEncoder();

function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of u8) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const keys = new Map<string, Promise<CryptoKey>>();
function serverKey(publicKeyBase64: string): Promise<CryptoKey> {
  let k = keys.get(publicKeyBase64);
  if (!k) {
    k = crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    keys.set(publicKeyBase64, k);
  }
  return k;
}

/**
 * Seals a citizen's personal data to the server's public key (see `sealedEnvelopeSchema`).
 * The ephemeral private key lives only inside this call, so once this returns nothing on the
 * kiosk can open the envelope again.
 */
export async function seal(
  content: unknown,
  binding: { idempotencyKey: string; trackingNo: string },
  serverPublicKeyBase64: string,
): Promise<SealedEnvelope> {
  const ephemeral = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const secret = await crypto.subtle.deriveBits(
    { name: 'ECDH', public: await serverKey(serverPublicKeyBase64) },
    ephemeral.privateKey,
    256,
  );
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const aesKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: epk, info: enc.encode(SEAL_INFO) },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(sealAad(binding.idempotencyKey, binding.trackingNo)) },
    aesKey,
    enc.encode(JSON.stringify(content)),
  );
  return { alg: SEAL_ALG, epk: toBase64(epk), iv: toBase64(iv), ct: toBase64(ct) };
}
