import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { quietRoute } from '../http/quiet-route.js';
import type { ServerLifecycle } from '../ops/lifecycle.js';

/**
 * Probes for whatever runs the process, at the root where load balancers and orchestrators look
 * for them (`/livez`, `/readyz`, as Kubernetes names them). `/api/v1/health` stays the kiosks'
 * own check. Liveness never touches the database: a slow database must not get a healthy process
 * restarted. Readiness is 503 while the database does not answer or the process is draining, so
 * the balancer stops sending new work before the listener closes.
 */
export function registerProbeRoutes(app: FastifyInstance, db: Database, lifecycle: ServerLifecycle): void {
  const QUIET = quietRoute(app);
  app.get('/livez', QUIET, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', QUIET, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (lifecycle.draining) return reply.code(503).send({ status: 'draining' });
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      request.log.error({ err }, 'readiness: database probe failed');
      return reply.code(503).send({ status: 'database_unavailable' });
    }
    return reply.send({ status: 'ok' });
  });
}
