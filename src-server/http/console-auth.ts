import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src-shared/console/console-api.js';
import { recordAudit } from '../audit/audit-log.js';
import { decide, policyFor, type Decision } from '../console/policy.js';
import { csrfTokenFor, resolveSession, type ActiveSession, type SessionLimits } from '../console/sessions.js';
import type { Database } from '../db/database.js';
import { readCookie, serializeCookie } from './cookies.js';
import { sendError } from './error-replies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the console guard on console routes that need a session. */
    consoleSession: ActiveSession | null;
    /** The guard's decision for this request: the scope a handler must apply. */
    consoleAccess: Extract<Decision, { allowed: true }> | null;
  }
}

/** The cookie lives under /console: the console app and its API, nothing else on the server. */
export const SESSION_COOKIE_PATH = '/console';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ConsoleGuardOptions {
  db: Database;
  now: () => Date;
  limits: SessionLimits;
}

export function isHttps(request: FastifyRequest): boolean {
  // With trustProxy set, Fastify takes the protocol from X-Forwarded-Proto of a trusted proxy.
  return request.protocol === 'https';
}

export function sessionCookie(request: FastifyRequest, token: string, maxAgeSeconds: number): string {
  return serializeCookie(SESSION_COOKIE, token, {
    maxAge: maxAgeSeconds,
    secure: isHttps(request),
    path: SESSION_COOKIE_PATH,
  });
}

export function clearSessionCookie(request: FastifyRequest): string {
  return sessionCookie(request, '', 0);
}

/**
 * A browser says where a request came from: `Sec-Fetch-Site` (modern browsers) and `Origin`
 * (every state-changing fetch). Either, when present, must say "this very site". A client that
 * sends neither is not a browser, so no other site can have made it send the cookie.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `${request.protocol}://${request.host}`;
}

function csrfMatches(request: FastifyRequest, token: string): boolean {
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(token));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * `onRequest` hook for every console route, before the body is read:
 * 1. the route must have a policy (`console/policy.ts`), else it is a bug (500);
 * 2. a state-changing request must come from the console's own origin (sign-in included, so no
 *    other site can sign a browser in to an account of its choosing);
 * 3. except for sign-in, a live session (cookie) is needed: 401 without;
 * 4. a state-changing request must carry the session's CSRF token: 403 without;
 * 5. the policy decides role and scope: 403 outside them, written to the audit log and the log.
 */
export function consoleGuard({ db, now, limits }: ConsoleGuardOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const url = request.routeOptions.url ?? '';
    const policy = policyFor(method, url);
    if (!policy) {
      request.log.error({ method, url }, 'console route without a policy');
      return sendError(reply, 500, 'internal', 'Internal server error');
    }
    const changing = STATE_CHANGING.has(method);
    if (changing && !sameOrigin(request)) {
      request.log.warn(
        // Behind a TLS proxy without TSONKH_TRUST_PROXY, `expected` says http:// while browsers send https://.
        {
          route: `${method} ${url}`,
          origin: request.headers.origin,
          expected: `${request.protocol}://${request.host}`,
        },
        'cross-site console request refused',
      );
      return sendError(reply, 403, 'cross_site', 'Console requests must come from the console itself');
    }
    if (policy.audience === 'public') return undefined;

    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token === null ? null : await resolveSession(db, token, now(), limits);
    if (token === null || !session) {
      if (token !== null) reply.header('set-cookie', clearSessionCookie(request));
      request.log.info({ route: `${method} ${url}` }, 'console request without a live session');
      return sendError(reply, 401, 'unauthorized', 'Sign in first: there is no session, or it has expired');
    }
    if (changing && !csrfMatches(request, token)) {
      request.log.warn(
        { route: `${method} ${url}`, operator: session.operator.login },
        'console request without its CSRF token',
      );
      return sendError(reply, 403, 'csrf', `Send the session's CSRF token in the ${CSRF_HEADER} header`);
    }

    const query = request.query as Record<string, unknown> | undefined;
    const aimag = typeof query?.aimag === 'string' && query.aimag !== '' ? query.aimag : null;
    const decision = decide(session.operator, policy, { aimagCode: aimag });
    if (!decision.allowed) {
      const route = `${method} ${request.url.split('?')[0] ?? ''}`;
      request.log.warn(
        { operator: session.operator.login, role: session.operator.role, route, reason: decision.reason },
        "console request outside the operator's role or scope",
      );
      await recordAudit(
        db,
        {
          action: 'access.denied',
          outcome: 'denied',
          actor: { id: session.operator.id, login: session.operator.login },
          target: route,
          ip: request.ip,
          details: { route: `${method} ${url}`, role: session.operator.role, reason: decision.reason, aimag },
        },
        now(),
      );
      return sendError(reply, 403, 'forbidden', `Not allowed: ${decision.message}`);
    }
    request.consoleSession = session;
    request.consoleAccess = decision;
    return undefined;
  };
}

/** The session of a request that passed the guard on a non-public route. */
export function requireConsoleSession(request: FastifyRequest): ActiveSession {
  if (!request.consoleSession) throw new Error('console guard did not run for this route');
  return request.consoleSession;
}

/** The aimag a scoped route must restrict its data to (null: none), as the guard decided. */
export function scopedAimag(request: FastifyRequest): string | null {
  if (!request.consoleAccess) throw new Error('console guard did not run for this route');
  return request.consoleAccess.aimagCode;
}
