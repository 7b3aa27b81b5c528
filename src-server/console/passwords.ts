import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Operator passwords, hashed with scrypt.
 *
 * Why scrypt from `node:crypto` rather than argon2id from npm: both are memory-hard, which is what
 * makes a stolen hash expensive to guess on GPUs; scrypt ships inside Node (maintained with it,
 * patched with it, no native add-on to build on a kiosk-class build machine, nothing new in the
 * supply chain), and it runs on libuv's thread pool, so hashing never blocks the event loop.
 *
 * Parameters: N = 2^17, r = 8, p = 1 (128 MiB and about half a second per hash on one core), the
 * OWASP Password Storage Cheat Sheet's first choice for scrypt. They are stored in each hash, so
 * stronger ones can be adopted later without breaking old accounts.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
}

export const STRONG_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };
/** For tests only: the same code path, a thousandth of the work. */
export const TEST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** A stored hash can never make the server allocate more than this (a tampered row is not a DoS). */
const MAX_LOG_N = 20;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$<logN>$<r>$<p>$<salt, base64>$<key, base64>`. */
export async function hashPassword(password: string, params: ScryptParams = STRONG_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * True when `password` matches `stored`. Compared in constant time; a malformed stored hash is
 * simply a mismatch (and is never echoed: it is a secret).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 1 || logN > MAX_LOG_N || r < 1 || r > 32 || p < 1 || p > 16) {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, salt, { logN, r, p });
  return timingSafeEqual(key, expected);
}

/**
 * A hash of a password nobody knows, made once per process with the given parameters: an
 * unknown login is checked against it, so it costs the same time as a known one and the answer
 * time does not tell which logins exist.
 */
export function dummyHash(params: ScryptParams): Promise<string> {
  const key = `${params.logN}/${params.r}/${params.p}`;
  let hash = dummies.get(key);
  if (!hash) {
    hash = hashPassword(randomBytes(24).toString('base64'), params);
    dummies.set(key, hash);
  }
  return hash;
}
const dummies = new Map<string, Promise<string>>();
