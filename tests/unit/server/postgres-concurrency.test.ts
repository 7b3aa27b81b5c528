// Several server processes on one PostgreSQL database (a scaled-out deployment). Each test gives
// two Kysely instances (two pools, as two processes have) or two apps the same fresh database and
// races them. SQLite has one writer, so none of these races can happen there: the suite is skipped.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src-server/app.js';
import { readChangesPage } from '../../../src-server/content/changes-page.js';
import { publishChanges, publishDerivedChanges } from '../../../src-server/content/publish.js';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { LOCK_KEYS } from '../../../src-server/db/locks.js';
import type { AuthenticatedKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { acceptSubmissions } from '../../../src-server/submissions/accept-batch.js';
import { changeStatus, readStatusChanges } from '../../../src-server/submissions/status.js';
import { onPostgres, POSTGRES_ONLY } from '../../support/test-database.js';
import {
  createTestServer,
  DEMO_KEY,
  DEMO_SUBMISSION_KEY,
  makeLawComment,
  makePetition,
  makeSubmission,
  postBatch,
  results,
  silentLogger,
  type TestServer,
} from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A seeded server, plus a second app with its own pool on the same database: two processes. */
async function twoServers(): Promise<{ first: TestServer; second: FastifyInstance; db2: Database }> {
  const first = await createTestServer();
  cleanups.push(first.close);
  const db2 = createDatabase(first.target);
  const second = buildServer({
    db: db2,
    logger: silentLogger(),
    contentKey: DEMO_KEY,
    submissionKey: DEMO_SUBMISSION_KEY,
  });
  await second.ready();
  cleanups.push(async () => {
    await second.close();
    await db2.destroy();
  });
  return { first, second, db2 };
}

async function demoKiosk(db: Database): Promise<AuthenticatedKiosk> {
  const row = await db.selectFrom('kiosks').select(['id', 'kiosk_code']).executeTakeFirstOrThrow();
  return { id: row.id, kioskCode: row.kiosk_code };
}

/**
 * A plain connection to the test's database, beside the server's pools: it looks at `pg_locks`
 * and plays a third process that holds a lock. (Tests talk SQL here, not through Kysely.)
 */
async function observer(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  return client;
}

/** Advisory-lock requests that are waiting: how a test knows a writer is parked on a sequence lock. */
async function advisoryWaiters(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    "select count(*) as n from pg_locks where locktype = 'advisory' and not granted",
  );
  return Number(rows[0]?.n ?? 0);
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  // Bounded by tries, not by a clock a busy machine cannot meet: each try is a query.
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** A promise and the function that settles it: holds a transaction open until the test says. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe.skipIf(!onPostgres)(
  onPostgres ? 'several servers on one PostgreSQL database' : `several servers on one database: ${POSTGRES_ONLY}`,
  () => {
    it('identical pushes of the same submissions through two servers at once make one row each and the same ack', async () => {
      const { first, second } = await twoServers();
      const items = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => makeSubmission(n)));
      for (const item of items) {
        const [a, b] = await Promise.all([postBatch(first.app, [item]), postBatch(second, [item])]);
        expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
        const [ra] = results(a);
        const [rb] = results(b);
        expect(ra?.result).toBe('accepted');
        expect(rb).toEqual(ra);
      }
      // And a whole batch raced against itself.
      const batch = await Promise.all([7, 8, 9].map((n) => makePetition(n)));
      const [a, b] = await Promise.all([postBatch(first.app, batch), postBatch(second, batch)]);
      expect(results(b)).toEqual(results(a));

      const rows = await first.db
        .selectFrom('submissions')
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.count<number>('idempotency_key').distinct().as('keys'),
        ])
        .executeTakeFirstOrThrow();
      expect(rows).toEqual({ n: 9, keys: 9 });
      const changes = await first.db.selectFrom('status_changes').select('submission_id').execute();
      expect(changes).toHaveLength(9);
    });

    it('a kiosk never pages past a status change that commits late', async () => {
      const { first, db2 } = await twoServers();
      const db1 = first.db;
      const kiosk = await demoKiosk(db1);
      const [early] = (
        await acceptSubmissions(db1, kiosk, [await makePetition(1)], { privateKey: DEMO_SUBMISSION_KEY.privateKey })
      ).results;
      expect(early?.result).toBe('accepted');
      const start = await readStatusChanges(db1, kiosk.id, { after: 0, limit: 100 });
      expect(start.changes).toHaveLength(1);
      const cursor = start.next;

      // A: a batch with a law comment takes its status seq, then waits for the content lock,
      // which a content publisher (a third connection, held open here) has: A is uncommitted,
      // holding a seq.
      const publisher = await observer(first.url);
      await publisher.query('begin');
      await publisher.query('select pg_advisory_xact_lock($1)', [LOCK_KEYS.contentSequence]);
      const looker = await observer(first.url);
      const lateItem = await makeLawComment(2);
      const late = acceptSubmissions(db1, kiosk, [lateItem], { privateKey: DEMO_SUBMISSION_KEY.privateKey });
      await until('A waits for the content lock', async () => (await advisoryWaiters(looker)) === 1);

      // B: an operator's status change through the other process; it must not commit before A.
      let movedDone = false;
      const moved = changeStatus(db2, early?.result === 'accepted' ? early.ack.trackingNo : '', 'forwarded').finally(
        () => (movedDone = true),
      );
      // (Without the sequence lock B would not wait: it commits at once, and the checks below fail.)
      await until('B waits behind A, or has committed', async () => movedDone || (await advisoryWaiters(looker)) === 2);

      // The kiosk reads now: whatever it gets, its cursor must not pass A's uncommitted change.
      const during = await readStatusChanges(db2, kiosk.id, { after: cursor, limit: 100 });
      await publisher.query('commit');
      const [lateResult] = (await late).results;
      const change = await moved;
      const lateSeq = (
        await db2
          .selectFrom('status_changes as c')
          .innerJoin('submissions as s', 's.id', 'c.submission_id')
          .select('c.seq')
          .where('s.idempotency_key', '=', lateItem.idempotencyKey)
          .executeTakeFirstOrThrow()
      ).seq;
      expect(lateResult?.result).toBe('accepted');
      expect(during.next).toBeLessThan(lateSeq);
      // Sequence order is commit order: A's change comes before B's, and the kiosk sees both.
      expect(change.seq).toBeGreaterThan(lateSeq);
      const after = await readStatusChanges(db2, kiosk.id, { after: during.next, limit: 100 });
      expect(after.changes.map((c) => c.seq)).toEqual([lateSeq, change.seq]);
    });

    it('a kiosk never pages past a content change that commits late', async () => {
      const { first, db2 } = await twoServers();
      const db1 = first.db;
      const cursor = (await readChangesPage(db1, { after: 0, limit: 1000, maxBytes: 10_000_000 })).next;
      const category = await db1
        .selectFrom('content_current')
        .select('data')
        .where('type', '=', 'category')
        .executeTakeFirstOrThrow();
      const renamed = JSON.parse(category.data) as { title: { mn: string } };
      renamed.title.mn += ' (шинэ)';

      // A: derived content published inside a transaction that stays open (as a batch's counts are).
      const blocker = gate();
      let lateSeq = 0;
      const late = db1.transaction().execute(async (trx) => {
        const counts = {
          id: 'test-law',
          lawId: 'test-law',
          updatedAt: new Date().toISOString(),
          total: { for: 1, against: 0, neutral: 0 },
          whole: { for: 1, against: 0, neutral: 0 },
          articles: {},
        };
        const { published } = await publishDerivedChanges(
          trx,
          [{ op: 'put', type: 'law-comment-counts', data: counts }],
          new Date(),
        );
        lateSeq = published[0]?.seq ?? 0;
        await blocker.opened;
      });
      await until('A has its sequence number', () => Promise.resolve(lateSeq > 0));

      // B: an operator publish through the other process.
      let operatorDone = false;
      const operator = publishChanges(db2, [{ op: 'put', type: 'category', data: renamed }]).finally(
        () => (operatorDone = true),
      );
      const looker = await observer(first.url);
      let during;
      try {
        await until(
          'B waits behind A, or has committed',
          async () => operatorDone || (await advisoryWaiters(looker)) === 1,
        );
        during = await readChangesPage(db2, { after: cursor, limit: 1000, maxBytes: 10_000_000 });
      } finally {
        blocker.open();
        await late;
      }
      const { published } = await operator;
      expect(during.next).toBeLessThan(lateSeq);
      expect(published[0]?.seq).toBeGreaterThan(lateSeq);
      const after = await readChangesPage(db2, { after: during.next, limit: 1000, maxBytes: 10_000_000 });
      expect(after.changes.map((c) => c.seq)).toEqual([lateSeq, published[0]?.seq]);
    });

    it('comment batches accepted by two servers at once lose no comment from the published counts', async () => {
      const { first, second } = await twoServers();
      const comments = await Promise.all(
        Array.from({ length: 12 }, (_, i) => makeLawComment(i + 1, { stance: i % 2 === 0 ? 'for' : 'against' })),
      );
      // Pairs race: each pair's two batches commit at about the same moment.
      for (let i = 0; i < comments.length; i += 2) {
        const [a, b] = await Promise.all([postBatch(first.app, [comments[i]]), postBatch(second, [comments[i + 1]])]);
        expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      }
      const current = await first.db
        .selectFrom('content_current')
        .select('data')
        .where('type', '=', 'law-comment-counts')
        .where('entity_id', '=', 'test-law')
        .executeTakeFirstOrThrow();
      const counts = JSON.parse(current.data) as { total: { for: number; against: number; neutral: number } };
      expect(counts.total).toEqual({ for: 6, against: 6, neutral: 0 });
    });
  },
);
