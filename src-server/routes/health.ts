import { sql } from 'kysely';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { SERVER_NAME, type HealthResponse } from '../../src-shared/protocol.js';
import type { Database } from '../db/database.js';
import { StorageState } from '../http/error-replies.js';

/**
 * Liveness and readiness, no auth. Answers 503 when the database is unreachable, so a load
 * balancer stops sending kiosks here; the body still names the server either way.
 */
export function registerHealthRoute(
  app: FastifyInstance,
  db: Database,
  limits: onRequestHookHandler[] = [],
  storage: StorageState = new StorageState(),
): void {
  app.get('/health', { onRequest: limits }, async (request, reply) => {
    let database: HealthResponse['database'] = 'ok';
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      request.log.error({ err }, 'database health probe failed');
      database = 'error';
    }
    const body: HealthResponse = {
      service: SERVER_NAME,
      // Reachable but unable to store (a full disk): kiosks keep their queue and try later.
      status: database === 'ok' && !storage.full ? 'ok' : 'degraded',
      time: new Date().toISOString(),
      database,
    };
    return reply
      .code(database === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
