import { sql } from 'kysely';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { SERVER_NAME, type HealthResponse } from '../../src-shared/protocol.js';
import type { Database } from '../db/database.js';

/**
 * Liveness and readiness, no auth. Answers 503 when the database is unreachable, so a load
 * balancer stops sending kiosks here; the body still names the server either way.
 */
export function registerHealthRoute(app: FastifyInstance, db: Database, limits: onRequestHookHandler[] = []): void {
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
      status: database === 'ok' ? 'ok' : 'degraded',
      time: new Date().toISOString(),
      database,
    };
    return reply
      .code(database === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
