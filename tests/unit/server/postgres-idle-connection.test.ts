// PostgreSQL ends a server's idle connection (a restart, a failover, `pg_terminate_backend`, a
// database dropped WITH (FORCE)): the pool reports it as an 'error' event, which without a listener
// is an uncaught exception that stops the whole server process. The server must shrug it off and
// open a new connection for its next query.
import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { createFreshDatabase, onPostgres, postgresAdminUrl, POSTGRES_ONLY } from '../../support/test-database.js';

/** This backend's process id (the server's Kysely and the test's are two builds of one library). */
async function backendPid(db: Database): Promise<number> {
  const query = sql<{ pid: number }>`select pg_backend_pid() as pid`;
  const result = await query.execute(db as unknown as Parameters<typeof query.execute>[0]);
  return result.rows[0]!.pid;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!onPostgres)(
  onPostgres ? 'an idle PostgreSQL connection ended under the server' : `idle connection ended: ${POSTGRES_ONLY}`,
  () => {
    it('is dropped quietly, and the next query works on a new connection', async () => {
      const fresh = await createFreshDatabase({ prefix: 'tsonkh-idle-' });
      cleanups.push(fresh.drop);
      const db = createDatabase(fresh.target);
      cleanups.push(() => db.destroy());
      const warnings: string[] = [];
      const onWarning = (w: Error & { code?: string }) => {
        if (w.code === 'TSONKH_PG_IDLE_CONNECTION_LOST') warnings.push(w.message);
      };
      process.on('warning', onWarning);
      cleanups.push(async () => void process.off('warning', onWarning));

      const pid = await backendPid(db);
      // The connection is idle in the pool now; end it from outside, as an administrator would.
      const admin = new pg.Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      await expect.poll(() => warnings.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(warnings[0]).toContain('PostgreSQL ended an idle connection');

      expect(await backendPid(db)).not.toBe(pid);
    });
  },
);
