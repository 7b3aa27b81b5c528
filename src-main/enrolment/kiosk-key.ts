import { chmodSync, statSync } from 'node:fs';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { createLogger } from '../logger.js';
import { readIfExists, writePrivateFile } from './private-file.js';

const log = createLogger('kiosk-key');

export const KIOSK_KEY_FILE = 'kiosk-key.pem';

/**
 * The kiosk's own Ed25519 key. The private half stays in this closure and in a 0600 file of the
 * host's private folder: no bridge call returns it, nothing logs it, and only `publicKey` and
 * signatures leave. The same machine keeps the same key across re-enrolments, which is how the
 * server knows it and gives back its kiosk code (and so its tracking sequence).
 */
export interface KioskKey {
  /** Raw 32-byte public key, base64: what the server stores. */
  readonly publicKey: string;
  /** Ed25519 signature of the UTF-8 text, base64. */
  sign(text: string): string;
}

function rawPublic(privateKey: KeyObject): string {
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(x, 'base64url').toString('base64');
}

/** The key in `<dir>/kiosk-key.pem`, made on first use; a file others could read is made private again. */
export function loadOrCreateKioskKey(dir: string): KioskKey {
  const file = path.join(dir, KIOSK_KEY_FILE);
  const pem = readIfExists(file);
  let privateKey: KeyObject;
  if (pem === undefined) {
    privateKey = generateKeyPairSync('ed25519').privateKey;
    writePrivateFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    log.info({ file }, 'made the kiosk key pair');
  } else {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      chmodSync(file, 0o600);
      log.warn({ file }, 'the kiosk key file could be read by others: made private (0600)');
    }
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key`);
  const publicKey = rawPublic(privateKey);
  return {
    publicKey,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  };
}
