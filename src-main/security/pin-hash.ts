import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PIN hashes in the `scrypt$logN$r$p$salt$key` format the server uses for operator passwords and
 * for PINs set at the centre (src-server/kiosks/kiosk-pins.ts), so a hash from either side is
 * checked here. N = 2^15 (32 MiB): slow enough that a stolen file does not give the PINs away
 * cheaply, quick enough that checking every staff PIN on a kiosk takes well under a second.
 */
export interface PinHashParams {
  logN: number;
  r: number;
  p: number;
}
export const KIOSK_PIN_PARAMS: PinHashParams = { logN: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_LOG_N = 20;

function derive(pin: string, salt: Buffer, params: PinHashParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      pin.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPin(pin: string, params: PinHashParams = KIOSK_PIN_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `pin` matches `stored`, compared in constant time; a malformed hash is a mismatch. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 1 || logN > MAX_LOG_N || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(pin, Buffer.from(parts[4]!, 'base64'), { logN, r, p });
  return timingSafeEqual(key, expected);
}
