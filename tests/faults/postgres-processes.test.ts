// Two real server processes on one PostgreSQL database, as a scaled-out deployment runs them
// behind a load balancer: started at the same moment on an empty database, they migrate and seed
// it once; the same submission pushed to both at once is stored once, and both answer the same ack.
// SQLite serves one process per file, so on SQLite this is skipped.
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { submissionBatchResponseSchema, type ItemResult } from '../../src-shared/protocol.js';
import { createDatabase, type Database } from '../../src-server/db/database.js';
import { migrations as allMigrations } from '../../src-server/db/migrations/index.js';
import { createFreshDatabase, onPostgres, POSTGRES_ONLY, type FreshDatabase } from '../support/test-database.js';
import { authHeaders, makePetition, makeSubmission } from '../unit/server/helpers.js';
import { freePort, removeBundledServer, startServerChild, type ServerChild } from '../support/server-process.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two demo-mode servers started together on one fresh database (each with its own data folder). */
async function startTwo(fresh: FreshDatabase): Promise<[ServerChild, ServerChild]> {
  cleanups.push(removeBundledServer);
  const second = await createFreshDatabase({ prefix: 'tsonkh-second-' });
  // Only its folder is used: both servers share the first database.
  const ports = [await freePort(), await freePort()];
  const servers = await Promise.all(
    [fresh.dir, second.dir].map((dataDir, i) =>
      startServerChild({ port: ports[i]!, dataDir, databaseUrl: fresh.url, readyTimeoutMs: 60_000 }),
    ),
  );
  cleanups.push(second.drop, ...servers.map((s) => () => s.stop()));
  return [servers[0]!, servers[1]!];
}

async function push(server: ServerChild, items: unknown[]): Promise<{ status: number; results: ItemResult[] }> {
  const res = await fetch(`${server.url}/api/v1/submissions/batch`, {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  return { status: res.status, results: submissionBatchResponseSchema.parse(await res.json()).results };
}

async function openFresh(): Promise<{ fresh: FreshDatabase; db: Database }> {
  const fresh = await createFreshDatabase({ prefix: 'tsonkh-two-' });
  const db = createDatabase(fresh.target);
  cleanups.push(fresh.drop, () => db.destroy());
  return { fresh, db };
}

describe.skipIf(!onPostgres)(
  onPostgres ? 'two server processes on one PostgreSQL database' : `two server processes: ${POSTGRES_ONLY}`,
  () => {
    it(
      'started at the same moment on an empty database, they migrate and seed it once',
      { timeout: 120_000 },
      async () => {
        const { fresh, db } = await openFresh();
        const [a, b] = await startTwo(fresh);
        expect((await fetch(`${a.url}/api/v1/health`)).status).toBe(200);
        expect((await fetch(`${b.url}/api/v1/health`)).status).toBe(200);

        const migrations = await (db as unknown as Kysely<{ kysely_migration: { name: string } }>)
          .selectFrom('kysely_migration')
          .select('name')
          .execute();
        // Each migration once, and all of them.
        expect(migrations.map((m) => m.name).sort()).toEqual(Object.keys(allMigrations).sort());
        // Every demo entity published once: a second seed would have added nothing, a racing one duplicates.
        const changes = await db.selectFrom('content_changes').select(['type', 'entity_id', 'seq']).execute();
        const entities = new Set(changes.map((c) => `${c.type}/${c.entity_id}`));
        expect(changes.length).toBeGreaterThan(100);
        expect(changes).toHaveLength(entities.size);
        const seqs = changes.map((c) => c.seq).sort((x, y) => x - y);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        expect(await db.selectFrom('kiosks').select('kiosk_code').execute()).toEqual([{ kiosk_code: '0421' }]);
      },
    );

    it(
      'the same submissions pushed to both at once: one row each, the same ack from both',
      { timeout: 120_000 },
      async () => {
        const { fresh, db } = await openFresh();
        const [a, b] = await startTwo(fresh);
        const items = [
          ...(await Promise.all([1, 2, 3, 4].map((n) => makeSubmission(n)))),
          ...(await Promise.all([5, 6, 7].map((n) => makePetition(n)))),
        ];
        for (const item of items) {
          const [fromA, fromB] = await Promise.all([push(a, [item]), push(b, [item])]);
          expect([fromA.status, fromB.status]).toEqual([200, 200]);
          expect(fromA.results[0]?.result).toBe('accepted');
          expect(fromB.results).toEqual(fromA.results);
        }
        // A whole batch, raced against itself.
        const batch = await Promise.all([8, 9, 10].map((n) => makeSubmission(n)));
        const [fromA, fromB] = await Promise.all([push(a, batch), push(b, batch)]);
        expect(fromB.results).toEqual(fromA.results);

        const rows = await db.selectFrom('submissions').select('idempotency_key').execute();
        expect(rows).toHaveLength(items.length + batch.length);
        expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
        expect(await db.selectFrom('status_changes').select('seq').execute()).toHaveLength(rows.length);
      },
    );
  },
);
