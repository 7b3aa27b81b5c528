import type { FastifyInstance } from 'fastify';
import { resetPasswordRequestSchema } from '../../src-shared/console/console-api.js';
import { OperatorError, addOperator, disableOperator, listOperators, resetPassword } from '../console/operators.js';
import type { ScryptParams } from '../console/passwords.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

const STATUS_OF: Record<OperatorError['code'], number> = { invalid: 400, login_taken: 409, not_found: 404 };

/**
 * Accounts: `GET /console/api/operators` (administrator, auditor) lists them; `POST
 * /console/api/operators` (administrator) creates one from `newOperatorRequestSchema`, audited
 * in the same transaction. 400 `invalid` names each field; 409 `login_taken`.
 * `POST /console/api/operators/:login/disable` and `POST /console/api/operators/:login/password`
 * `{ password }` (administrator): the account is disabled, or gets a new password and is enabled
 * again; either way its sessions end, in the same audited transaction. 404 `not_found`; an
 * administrator cannot disable their own account (409 `own_account`: the CLI can, if it must).
 */
export function registerConsoleOperatorRoutes(
  app: FastifyInstance,
  deps: { db: Database; now: () => Date; passwordParams?: ScryptParams },
): void {
  app.get('/operators', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.send({ operators: await listOperators(deps.db) });
  });

  app.post('/operators', async (request, reply) => {
    const session = requireConsoleSession(request);
    try {
      const account = await addOperator(deps.db, request.body, {
        actor: { id: session.operator.id, login: session.operator.login },
        ip: request.ip,
        now: deps.now(),
        params: deps.passwordParams,
      });
      request.log.info(
        { operator: session.operator.login, added: account.login, role: account.role },
        'operator added',
      );
      return reply.code(201).send(account);
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return sendError(reply, STATUS_OF[err.code], err.code, err.message);
    }
  });

  app.post<{ Params: { login: string } }>('/operators/:login/disable', async (request, reply) => {
    const session = requireConsoleSession(request);
    const login = request.params.login.trim().toLowerCase();
    if (login === session.operator.login) {
      return sendError(reply, 409, 'own_account', 'You cannot disable your own account: another administrator can');
    }
    try {
      const ended = await disableOperator(deps.db, login, {
        actor: { id: session.operator.id, login: session.operator.login },
        ip: request.ip,
        now: deps.now(),
      });
      request.log.info({ operator: session.operator.login, disabled: login }, 'operator disabled');
      return reply.send({ login, sessionsEnded: ended });
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return sendError(reply, STATUS_OF[err.code], err.code, err.message);
    }
  });

  app.post<{ Params: { login: string } }>('/operators/:login/password', async (request, reply) => {
    const session = requireConsoleSession(request);
    const body = resetPasswordRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid', formatZodIssues(body.error));
    const login = request.params.login.trim().toLowerCase();
    try {
      const ended = await resetPassword(deps.db, login, body.data.password, {
        actor: { id: session.operator.id, login: session.operator.login },
        ip: request.ip,
        now: deps.now(),
        params: deps.passwordParams,
      });
      request.log.info({ operator: session.operator.login, reset: login }, 'operator password reset');
      return reply.send({ login, sessionsEnded: ended });
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return sendError(reply, STATUS_OF[err.code], err.code, err.message);
    }
  });
}
