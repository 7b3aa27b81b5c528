import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import type { ContentPage, SignedContentPage } from '../../src-shared/protocol.js';
import { DEMO_CONTENT_KEY, type ServerConfig } from '../config.js';
import { loadPrivateKeyFile, type LoadedKey } from '../util/private-key-file.js';

/** The server's content-signing key: Ed25519, with the public half as kiosks pin it. */
export interface ContentSigningKey {
  privateKey: KeyObject;
  /** base64 of the raw 32-byte public key: a kiosk config's `contentPublicKey`. */
  publicKey: string;
  /** First 16 hex digits of SHA-256 of the raw public key. */
  keyId: string;
}

/** Signs `canonicalJson(page)` (UTF-8) with Ed25519; kiosks re-derive the same text to verify. */
export function signPage(page: ContentPage, key: ContentSigningKey): SignedContentPage {
  const signature = sign(null, Buffer.from(canonicalJson(page), 'utf8'), key.privateKey).toString('base64');
  return { page, signature, keyId: key.keyId };
}

/**
 * True when `signed` was signed by the key whose raw public half is `publicKeyBase64` and
 * names that key's id. Never throws: a malformed key or signature is simply "does not verify".
 */
export function verifySignedPage(signed: SignedContentPage, publicKeyBase64: string): boolean {
  try {
    const raw = Buffer.from(publicKeyBase64, 'base64');
    if (raw.length !== 32 || signed.keyId !== contentKeyId(raw)) return false;
    const signature = Buffer.from(signed.signature, 'base64');
    if (signature.length !== 64) return false;
    return verify(null, Buffer.from(canonicalJson(signed.page), 'utf8'), publicKeyFromRaw(raw), signature);
  } catch {
    return false;
  }
}

export function contentKeyId(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

/** A signing key from its private PEM (pkcs8). Throws if it is not an Ed25519 private key. */
export function contentKeyFromPem(pem: string | Buffer): ContentSigningKey {
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`expected an Ed25519 private key, found ${privateKey.asymmetricKeyType ?? 'a secret key'}`);
  }
  const raw = rawPublicKey(createPublicKey(privateKey));
  return { privateKey, publicKey: raw.toString('base64'), keyId: contentKeyId(raw) };
}

/** A new key pair and its private PEM (pkcs8), as `npm run keys` writes it. */
export function generateContentKey(): { key: ContentSigningKey; pem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: contentKeyFromPem(pem), pem };
}

export type LoadedContentKey = LoadedKey<ContentSigningKey>;

/**
 * The key the server signs with: `TSONKH_CONTENT_KEY`, else `<dataDir>/keys/content-signing.pem`.
 * In demo mode, when that default file does not exist, the committed demo key is used. Otherwise
 * a missing or unusable key is a `ConfigError` that says how to make one.
 */
export function loadServerContentKey(config: Pick<ServerConfig, 'contentKey' | 'demo'>): Promise<LoadedContentKey> {
  return loadPrivateKeyFile(config.contentKey, config.demo !== null, {
    envVar: 'TSONKH_CONTENT_KEY',
    name: 'content-signing key',
    expected: 'an Ed25519 private key',
    demoPath: DEMO_CONTENT_KEY,
    fromPem: contentKeyFromPem,
  });
}
