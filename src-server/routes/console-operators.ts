import type { FastifyInstance } from 'fastify';
import { OperatorError, addOperator, listOperators } from '../console/operators.js';
import type { ScryptParams } from '../console/passwords.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';

/**
 * Accounts: `GET /console/api/operators` (administrator, auditor) lists them; `POST
 * /console/api/operators` (administrator) creates one from `newOperatorRequestSchema`, audited
 * in the same transaction. 400 `invalid` names each field; 409 `login_taken`.
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
      return sendError(reply, err.code === 'login_taken' ? 409 : 400, err.code, err.message);
    }
  });
}
