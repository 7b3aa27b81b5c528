import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { findKioskByCredential, type AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import { sendError } from './error-replies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the kiosk auth hook on kiosk-only routes. */
    kiosk: AuthenticatedKiosk | null;
  }
}

const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

/**
 * `onRequest` hook for kiosk routes: runs before the body is read, so an unauthenticated
 * caller cannot make the server parse (or store) anything.
 */
export function kioskAuthHook(db: Database) {
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
    const kiosk = await findKioskByCredential(db, credential);
    if (!kiosk) return fail('Unknown kiosk credential');
    request.kiosk = kiosk;
    return undefined;
  };
}

/** The authenticated kiosk of a request that passed `kioskAuthHook`. */
export function requireKiosk(request: FastifyRequest): AuthenticatedKiosk {
  if (!request.kiosk) throw new Error('kiosk auth hook did not run for this route');
  return request.kiosk;
}
