import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { findKioskByCredential, findKioskById, type AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import { KIOSK_REVOKED } from '../../src-shared/schemas/enrolment.js';
import { keyFingerprint, readToken, TOKEN_PREFIX, type KioskTokenKeys } from '../kiosks/kiosk-tokens.js';
import { sendError } from './error-replies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the kiosk auth hook on kiosk-only routes. */
    kiosk: AuthenticatedKiosk | null;
  }
}

const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

/**
 * How long a process trusts a credential it has looked up. A kiosk makes its requests in bursts
 * (an outbox push is several batches back to back, a sync is two pulls), so a short memory saves
 * most of the credential look-ups, each a database round trip, while a re-provisioned kiosk's old
 * credential (re-registering replaces it, possibly from another process or the CLI) is refused
 * within this time everywhere. Unknown credentials are never remembered: a new one works at once.
 */
export const CREDENTIAL_MEMORY_MS = 2000;
/** Credentials remembered at most (the oldest are forgotten first). */
const CREDENTIAL_MEMORY_SIZE = 20_000;

/** Credentials this process has looked up recently, with the kiosk and until when they are trusted. */
class CredentialMemory {
  private readonly known = new Map<string, { kiosk: AuthenticatedKiosk; until: number }>();

  get(credential: string, now: number): AuthenticatedKiosk | undefined {
    const kept = this.known.get(credential);
    if (kept === undefined) return undefined;
    if (kept.until > now) return kept.kiosk;
    this.known.delete(credential);
    return undefined;
  }

  set(credential: string, kiosk: AuthenticatedKiosk, now: number): void {
    // Re-inserted so the Map's first key stays the one looked up longest ago.
    this.known.delete(credential);
    this.known.set(credential, { kiosk, until: now + CREDENTIAL_MEMORY_MS });
    if (this.known.size > CREDENTIAL_MEMORY_SIZE) this.known.delete(this.known.keys().next().value!);
  }
}

/**
 * `onRequest` hook for kiosk routes: runs before the body is read, so an unauthenticated
 * caller cannot make the server parse (or store) anything.
 */
export function kioskAuthHook(db: Database, tokenKeys?: KioskTokenKeys, clock: () => Date = () => new Date()) {
  const memory = new CredentialMemory();
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    // Returning the reply tells Fastify the request is answered and no handler may run.
    const fail = (message: string) =>
      sendError(reply.header('www-authenticate', 'Bearer'), 401, 'unauthorized', message);
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      return fail('Missing Authorization header; send "Authorization: Bearer <kiosk credential>"');
    }
    const credential = BEARER.exec(header)?.[1];
    if (credential === undefined) return fail('Malformed Authorization header; expected "Bearer <kiosk credential>"');
    const now = performance.now();
    let kiosk = memory.get(credential, now);
    if (!kiosk) {
      // Two ways in: a short-lived token of an enrolled kiosk (signed challenge, `kiosks/kiosk-tokens.ts`),
      // or the shared credential of a kiosk set up the old way.
      if (credential.startsWith(TOKEN_PREFIX) && tokenKeys) {
        const claim = readToken(tokenKeys, credential, clock());
        if (!claim) return fail('Expired or unknown kiosk token; ask for a new one');
        const found = await findKioskById(db, claim.kioskId);
        if (!found || found.publicKey === null || keyFingerprint(found.publicKey) !== claim.fingerprint) {
          return fail('This token belongs to a key the kiosk no longer has');
        }
        kiosk = found;
      } else {
        kiosk = await findKioskByCredential(db, credential);
        if (!kiosk) return fail('Unknown kiosk credential');
      }
      memory.set(credential, kiosk, now);
    }
    if (kiosk.revokedAt) {
      return sendError(
        reply,
        403,
        KIOSK_REVOKED,
        'This kiosk has been taken out of service by the centre; enrol it again',
      );
    }
    request.kiosk = kiosk;
    return undefined;
  };
}

/** The authenticated kiosk of a request that passed `kioskAuthHook`. */
export function requireKiosk(request: FastifyRequest): AuthenticatedKiosk {
  if (!request.kiosk) throw new Error('kiosk auth hook did not run for this route');
  return request.kiosk;
}
