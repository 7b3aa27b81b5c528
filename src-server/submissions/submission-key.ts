import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DEMO_SUBMISSION_KEY, type ServerConfig } from '../config.js';
import { loadPrivateKeyFile, type LoadedKey } from '../util/private-key-file.js';

/**
 * The server's submission-encryption key: ECDH P-256. Kiosks seal each citizen's personal data
 * to its public half (`submissionPublicKey` in the kiosk config); only the server can open it.
 */
export interface SubmissionKey {
  privateKey: KeyObject;
  /** base64 of the raw uncompressed public point (65 bytes): a kiosk config's `submissionPublicKey`. */
  publicKey: string;
  /** First 16 hex digits of SHA-256 of the raw public point. */
  keyId: string;
}

/** The raw uncompressed point (0x04 ‖ x ‖ y) of a P-256 public or private key. */
export function rawP256PublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new Error('not a P-256 key');
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
}

/** A P-256 public key from its raw uncompressed point; throws when the bytes are not a point on the curve. */
export function p256PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('expected a 65-byte uncompressed P-256 point');
  const bytes = Buffer.from(raw);
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: bytes.subarray(1, 33).toString('base64url'),
      y: bytes.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
}

/** The key from its private PEM (pkcs8). Throws if it is not a P-256 private key. */
export function submissionKeyFromPem(pem: string | Buffer): SubmissionKey {
  const privateKey = createPrivateKey({ key: pem, format: 'pem' });
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (privateKey.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new Error(
      `expected a P-256 (prime256v1) EC private key, found ${privateKey.asymmetricKeyType ?? 'a secret key'}${curve ? ` ${curve}` : ''}`,
    );
  }
  const raw = rawP256PublicKey(privateKey);
  return {
    privateKey,
    publicKey: raw.toString('base64'),
    keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
  };
}

/** A new key pair and its private PEM (pkcs8), as `npm run keys` writes it. */
export function generateSubmissionKey(): { key: SubmissionKey; pem: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: submissionKeyFromPem(pem), pem };
}

export type LoadedSubmissionKey = LoadedKey<SubmissionKey>;

/**
 * The key that opens sealed submissions: `TSONKH_SUBMISSION_KEY`, else
 * `<dataDir>/keys/submission-encryption.pem`; in demo mode, when that default file does not exist,
 * the committed demo key. Otherwise a missing or unusable key is a `ConfigError`.
 */
export function loadServerSubmissionKey(
  config: Pick<ServerConfig, 'submissionKey' | 'demo'>,
): Promise<LoadedSubmissionKey> {
  return loadPrivateKeyFile(config.submissionKey, config.demo !== null, {
    envVar: 'TSONKH_SUBMISSION_KEY',
    name: 'submission-encryption key',
    expected: 'a P-256 private key',
    demoPath: DEMO_SUBMISSION_KEY,
    fromPem: submissionKeyFromPem,
  });
}
