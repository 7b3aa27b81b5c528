import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { KIOSK_AUTH_SIGNING_PREFIX } from '../../src-shared/schemas/enrolment.js';
import { publicKeyFromRaw } from '../content/signing.js';

/**
 * Challenges and tokens of kiosks enrolled with their own key (issue 17).
 *
 * Both are stateless: `<kind>.<payload, base64url JSON>.<signature, base64url>`, signed with the
 * server's Ed25519 key (the content-signing key, under a prefix of their own so no signature can
 * pass for another kind of thing). So any server process behind a load balancer can check what
 * another made, and nothing is written per request. A challenge lives a minute and is bound to
 * one public key; a token lives TOKEN_LIFETIME_MS and names the kiosk row and its key, so a kiosk
 * enrolled again with another key, or revoked, is refused at its next request
 * (`http/kiosk-auth.ts` looks the kiosk up).
 */

export const CHALLENGE_LIFETIME_MS = 60_000;
export const TOKEN_LIFETIME_MS = 15 * 60_000;
export const TOKEN_PREFIX = 'kt1.';
const CHALLENGE_PREFIX = 'kc1.';

const SIGNING_CONTEXT = { challenge: 'tsonkh server challenge v1\n', token: 'tsonkh server token v1\n' } as const;

export function keyFingerprint(publicKey: string): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 32);
}

function seal(kind: keyof typeof SIGNING_CONTEXT, payload: object, key: KeyObject): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = sign(null, Buffer.from(SIGNING_CONTEXT[kind] + body), key).toString('base64url');
  return `${kind === 'challenge' ? CHALLENGE_PREFIX : TOKEN_PREFIX}${body}.${signature}`;
}

function open(kind: keyof typeof SIGNING_CONTEXT, text: string, publicKey: KeyObject): Record<string, unknown> | null {
  const prefix = kind === 'challenge' ? CHALLENGE_PREFIX : TOKEN_PREFIX;
  if (!text.startsWith(prefix)) return null;
  const [body, signature, extra] = text.slice(prefix.length).split('.');
  if (body === undefined || signature === undefined || extra !== undefined) return null;
  try {
    if (!verify(null, Buffer.from(SIGNING_CONTEXT[kind] + body), publicKey, Buffer.from(signature, 'base64url')))
      return null;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface KioskTokenKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function makeChallenge(keys: KioskTokenKeys, kioskPublicKey: string, now: Date): string {
  return seal(
    'challenge',
    {
      f: keyFingerprint(kioskPublicKey),
      e: now.getTime() + CHALLENGE_LIFETIME_MS,
      n: randomBytes(16).toString('base64url'),
    },
    keys.privateKey,
  );
}

/** True when the challenge is ours, unexpired, for this key, and the kiosk signed it with that key. */
export function checkSignedChallenge(
  keys: KioskTokenKeys,
  input: { publicKey: string; challenge: string; signature: string },
  now: Date,
): boolean {
  const payload = open('challenge', input.challenge, keys.publicKey);
  if (!payload || payload.f !== keyFingerprint(input.publicKey)) return false;
  if (typeof payload.e !== 'number' || payload.e <= now.getTime()) return false;
  try {
    const kioskKey = publicKeyFromRaw(Buffer.from(input.publicKey, 'base64'));
    return verify(
      null,
      Buffer.from(KIOSK_AUTH_SIGNING_PREFIX + input.challenge),
      kioskKey,
      Buffer.from(input.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

export function makeToken(
  keys: KioskTokenKeys,
  kioskId: number,
  kioskPublicKey: string,
  now: Date,
): { token: string; expiresAt: string } {
  const expires = now.getTime() + TOKEN_LIFETIME_MS;
  return {
    token: seal('token', { k: kioskId, f: keyFingerprint(kioskPublicKey), e: expires }, keys.privateKey),
    expiresAt: new Date(expires).toISOString(),
  };
}

/** The kiosk row and key fingerprint a token names, or null when it is not ours or has expired. */
export function readToken(
  keys: KioskTokenKeys,
  token: string,
  now: Date,
): { kioskId: number; fingerprint: string } | null {
  const payload = open('token', token, keys.publicKey);
  if (!payload || typeof payload.k !== 'number' || typeof payload.f !== 'string' || typeof payload.e !== 'number')
    return null;
  if (payload.e <= now.getTime()) return null;
  return { kioskId: payload.k, fingerprint: payload.f };
}
