import { auditedTransaction } from '../db/audit-chain-lock.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signInRequestSchema, type SessionResponse } from '../../src-shared/console/console-api.js';
import { appendAudit } from '../audit/audit-log.js';
import type { ScryptParams } from '../console/passwords.js';
import {
  csrfTokenFor,
  deleteOperatorSessions,
  deleteSession,
  type ActiveSession,
  type SessionLimits,
} from '../console/sessions.js';
import { signIn } from '../console/sign-in.js';
import type { Database } from '../db/database.js';
import { clearSessionCookie, requireConsoleSession, sessionCookie } from '../http/console-auth.js';
import { readCookie } from '../http/cookies.js';
import { sendError } from '../http/error-replies.js';
import { SESSION_COOKIE } from '../../src-shared/console/console-api.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

export interface ConsoleSessionDeps {
  db: Database;
  now: () => Date;
  limits: SessionLimits;
  passwordParams?: ScryptParams;
}

function sessionResponse(session: ActiveSession, token: string): SessionResponse {
  const { id, login, role, aimagCode, agencyId } = session.operator;
  return {
    operator: { id, login, role, aimagCode, agencyId },
    csrfToken: csrfTokenFor(token),
    expiresAt: session.expiresAt,
    idleExpiresAt: session.idleExpiresAt,
  };
}

const actorOf = (session: ActiveSession) => ({ id: session.operator.id, login: session.operator.login });

function tokenOf(request: FastifyRequest): string {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (token === null) throw new Error('console guard let a request without a session cookie through');
  return token;
}

/**
 * Signing in and out of the console:
 * - `POST /console/api/session` `{ login, password }` → 200 with the session (and its cookie),
 *   401 `invalid_credentials` (the same for an unknown login, a wrong password and a disabled
 *   account), 429 `too_many_attempts` with Retry-After;
 * - `GET /console/api/session` → the session and its CSRF token again (after a page reload);
 * - `DELETE /console/api/session` → this session ends;
 * - `DELETE /console/api/sessions` → every session of this operator ends ("sign out everywhere").
 */
export function registerConsoleSessionRoutes(app: FastifyInstance, deps: ConsoleSessionDeps): void {
  const { db, now, limits } = deps;

  app.post('/session', async (request, reply) => {
    const body = signInRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
    const result = await signIn(db, body.data.login, body.data.password, {
      now: now(),
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      limits,
      params: deps.passwordParams,
    });
    if (!result.ok) {
      request.log.info({ code: result.code }, 'console sign-in refused');
      if (result.code === 'too_many_attempts') {
        const seconds = Math.ceil(result.retryAfterMs / 1000);
        reply.header('retry-after', String(seconds));
        return sendError(
          reply,
          429,
          'too_many_attempts',
          result.locked
            ? `Too many wrong passwords: sign-in is locked for ${Math.ceil(seconds / 60)} minutes`
            : `Too many wrong passwords: wait ${seconds} seconds before trying again`,
        );
      }
      return sendError(reply, 401, 'invalid_credentials', 'Wrong login or password');
    }
    const { token, session } = result.session;
    request.log.info({ operator: session.operator.login, role: session.operator.role }, 'console sign-in');
    reply.header('set-cookie', sessionCookie(request, token, Math.floor(limits.absoluteMs / 1000)));
    reply.header('cache-control', 'no-store');
    return reply.send(sessionResponse(session, token));
  });

  app.get('/session', async (request, reply) => {
    const session = requireConsoleSession(request);
    reply.header('cache-control', 'no-store');
    return reply.send(sessionResponse(session, tokenOf(request)));
  });

  app.delete('/session', async (request, reply) => {
    const session = requireConsoleSession(request);
    await auditedTransaction(db, async (trx) => {
      await deleteSession(trx, session.id);
      await appendAudit(
        trx,
        {
          action: 'session.sign_out',
          outcome: 'ok',
          actor: actorOf(session),
          ip: request.ip,
          details: { sessionId: session.id },
        },
        now(),
      );
    });
    reply.header('set-cookie', clearSessionCookie(request));
    return reply.code(204).send();
  });

  app.delete('/sessions', async (request, reply) => {
    const session = requireConsoleSession(request);
    const ended = await auditedTransaction(db, async (trx) => {
      const count = await deleteOperatorSessions(trx, session.operator.id);
      await appendAudit(
        trx,
        {
          action: 'session.sign_out_everywhere',
          outcome: 'ok',
          actor: actorOf(session),
          ip: request.ip,
          details: { sessionsEnded: count },
        },
        now(),
      );
      return count;
    });
    request.log.info({ operator: session.operator.login, sessionsEnded: ended }, 'console signed out everywhere');
    reply.header('set-cookie', clearSessionCookie(request));
    return reply.send({ sessionsEnded: ended });
  });
}
