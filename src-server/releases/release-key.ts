import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * The release key (issue 18): an Ed25519 key that signs kiosk releases, separate from the content
 * key, kept offline by whoever publishes releases (the server never needs its private half: the
 * CLI signs at publish time). Kiosks pin its public half (`releasePublicKey` in the kiosk config).
 */
export interface ReleaseSigningKey {
  privateKey: KeyObject;
  /** The raw 32-byte public key, base64: what a kiosk config pins. */
  publicKey: string;
  /** First 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
}

export function releaseKeyId(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

function rawPublic(privateKey: KeyObject): Buffer {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

/** Reads a PKCS#8 PEM; throws when it is not an Ed25519 private key. */
export function releaseKeyFromPem(pem: string | Buffer): ReleaseSigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the release key must be an Ed25519 private key');
  const raw = rawPublic(privateKey);
  return { privateKey, publicKey: raw.toString('base64'), keyId: releaseKeyId(raw) };
}

export function generateReleaseKey(): { key: ReleaseSigningKey; pem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: releaseKeyFromPem(pem), pem };
}

/** Base64 Ed25519 signature over the text's UTF-8 bytes. */
export function signReleaseText(text: string, key: ReleaseSigningKey): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}
