import { API_PREFIX } from '../../src-shared/protocol.js';
import {
  authChallengeResponseSchema,
  authTokenResponseSchema,
  enrolResponseSchema,
  KIOSK_AUTH_SIGNING_PREFIX,
  KIOSK_REVOKED,
  type EnrolResponse,
  type KioskPins,
} from '../../src-shared/schemas/enrolment.js';
import { KioskAuthError } from './kiosk-auth-error.js';
import type { KioskKey } from './kiosk-key.js';

/** A refresh this long before the token's end, so a request never leaves with a token about to expire. */
const REFRESH_MARGIN_MS = 60_000;

async function postJson(
  fetchImpl: typeof fetch,
  url: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new KioskAuthError(timeout ? 'timeout' : 'offline', `${url}: the server cannot be reached`, { cause: error });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

function errorCode(json: unknown): string | undefined {
  const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why an enrolment did not go through, as the technician screen explains it. */
export type EnrolFailure =
  'unknown_code' | 'code_used' | 'code_expired' | 'legacy_mismatch' | 'key_in_use' | 'offline' | 'not_our_server';

export class EnrolError extends Error {
  override readonly name = 'EnrolError';
  constructor(
    readonly reason: EnrolFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Sends the code and the kiosk's public key (and, for an old-way kiosk, its old credential). */
export async function requestEnrolment(options: {
  serverUrl: string;
  code: string;
  key: KioskKey;
  legacy?: { kioskCode: string; credential: string };
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}): Promise<EnrolResponse> {
  const base = options.serverUrl.replace(/\/+$/, '');
  let answer: { status: number; json: unknown };
  try {
    answer = await postJson(
      options.fetchImpl ?? fetch,
      `${base}${API_PREFIX}/enroll`,
      { code: options.code, publicKey: options.key.publicKey, ...(options.legacy ? { legacy: options.legacy } : {}) },
      options.timeoutMs,
    );
  } catch (error) {
    throw new EnrolError('offline', error instanceof Error ? error.message : String(error));
  }
  if (answer.status === 200) {
    const parsed = enrolResponseSchema.safeParse(answer.json);
    if (parsed.success) return parsed.data;
    throw new EnrolError('not_our_server', 'the answer is not an enrolment');
  }
  const code = errorCode(answer.json);
  const known: readonly EnrolFailure[] = ['unknown_code', 'code_used', 'code_expired', 'legacy_mismatch', 'key_in_use'];
  if (code !== undefined && (known as readonly string[]).includes(code)) {
    throw new EnrolError(code as EnrolFailure, `the server refused the code (${answer.status} ${code})`);
  }
  if (answer.status === 400) throw new EnrolError('unknown_code', 'the server refused the request (400)');
  throw new EnrolError('not_our_server', `unexpected answer from the server (${answer.status})`);
}

/**
 * The bearer token of an enrolled kiosk: asks a challenge, signs it with the kiosk's key, and
 * trades it for a token, kept until shortly before it expires. The server's PIN changes ride on
 * the token answer (`onPins`); a 403 `kiosk_revoked` is reported once (`onRevoked`) and refused.
 */
export function createKeyAuth(options: {
  serverUrl: string;
  key: KioskKey;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
  onPins?: (pins: KioskPins) => void;
  onRevoked?: () => void;
}) {
  const fetchImpl = options.fetchImpl ?? fetch;
  const now = options.now ?? Date.now;
  const base = `${options.serverUrl.replace(/\/+$/, '')}${API_PREFIX}`;
  let current: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const challenge = await postJson(
      fetchImpl,
      `${base}/auth/challenge`,
      { publicKey: options.key.publicKey },
      options.timeoutMs,
    );
    const asked = authChallengeResponseSchema.safeParse(challenge.json);
    if (challenge.status !== 200 || !asked.success) {
      throw new KioskAuthError('bad_answer', `kiosk token: no challenge from the server (${challenge.status})`);
    }
    const signature = options.key.sign(KIOSK_AUTH_SIGNING_PREFIX + asked.data.challenge);
    const answer = await postJson(
      fetchImpl,
      `${base}/auth/token`,
      { publicKey: options.key.publicKey, challenge: asked.data.challenge, signature },
      options.timeoutMs,
    );
    if (answer.status === 403 && errorCode(answer.json) === KIOSK_REVOKED) {
      options.onRevoked?.();
      throw new KioskAuthError('revoked', 'kiosk token: this kiosk has been revoked by the centre');
    }
    const token = authTokenResponseSchema.safeParse(answer.json);
    if (answer.status !== 200 || !token.success) {
      throw new KioskAuthError(
        answer.status === 401 ? 'refused' : 'bad_answer',
        `kiosk token: refused (${answer.status})`,
      );
    }
    if (token.data.pins) options.onPins?.(token.data.pins);
    current = { token: token.data.token, until: Date.parse(token.data.expiresAt) - REFRESH_MARGIN_MS };
    return token.data.token;
  }

  return {
    /** The `Authorization` header's value. Concurrent callers share one token request. */
    async authorization(): Promise<string> {
      if (current && current.until > now()) return `Bearer ${current.token}`;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return `Bearer ${await pending}`;
    },
    /** Forget the token (the server refused it): the next request gets a new one. */
    invalidate(): void {
      current = undefined;
    },
    /** A kiosk route answered 403 `kiosk_revoked`. */
    revoked(): void {
      current = undefined;
      options.onRevoked?.();
    },
  };
}
export type KeyAuth = ReturnType<typeof createKeyAuth>;
