import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../src-server/db/database.js';
import { submissionWriter } from '../../../src-server/submissions/submission-writer.js';
import {
  countRows,
  createTestServer,
  errorOf,
  makeLawComment,
  makePetition,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

/** Inside the fixture law's comment window (2026-11-01 … 2026-12-15). */
const NOW = new Date('2026-12-01T04:00:00Z');

describe('group commit: batches arriving together share one transaction', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  it('twelve batches sent at once are all stored and acknowledged, replays and a taken number answered as alone', async () => {
    const items = await Promise.all(Array.from({ length: 10 }, (_, i) => makePetition(i + 1)));
    // The same number as item 1 under another key: refused even though both arrive in one group.
    const reused = await makePetition(1, { idempotencyKey: '7d1f0c2e-5b8a-4c3d-9e6f-0a1b2c3d4e5f' });
    const sends = [...items.map((item) => [item]), [items[0]!], [reused]];
    const replies = await Promise.all(sends.map((batch) => postBatch(server.app, batch)));

    const acks = replies.slice(0, 10).map((r) => results(r)[0]!);
    expect(acks.map((a) => a.result)).toEqual(Array(10).fill('accepted'));
    // The replay in the same group gets item 1's ack, the reused number a worded refusal.
    expect(results(replies[10]!)[0]).toEqual(acks[0]);
    expect(replies[11]!.statusCode).toBe(422);
    expect(errorOf(results(replies[11]!)[0]).code).toBe('tracking_no_taken');
    expect(await countRows(server.db, 'submissions')).toBe(10);
    expect(await countRows(server.db, 'status_changes')).toBe(10);
  });

  it("ten batches of comments on one law arriving at once publish the law's counts fewer times than ten, and count all", async () => {
    const batches = await Promise.all(
      Array.from({ length: 10 }, (_, i) => makeLawComment(i + 1, { createdAt: '2026-12-01T03:00:00Z' })),
    );
    const replies = await Promise.all(batches.map((item) => postBatch(server.app, [item])));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const before = await server.db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('type', '!=', 'law-comment-counts')
      .executeTakeFirstOrThrow();
    const counts = await server.db
      .selectFrom('content_changes')
      .select(['seq', 'data'])
      .where('type', '=', 'law-comment-counts')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(counts.data!)).toMatchObject({ total: { against: 10 } });
    // Each publication takes a sequence number: one per transaction, not one per batch.
    expect(counts.seq - Number(before.seq)).toBeLessThan(10);
  });

  it('a group whose transaction fails is retried batch by batch: only the bad batch fails', async () => {
    const writer = submissionWriter(server.db);
    const good = await makePetition(1);
    const kiosk = await server.db.selectFrom('kiosks').select('id').executeTakeFirstOrThrow();
    const row = (n: number, kioskId: number) => ({
      idempotency_key: `00000000-0000-4000-8000-00000000000${n}`,
      body_hash: 'x'.repeat(64),
      kiosk_id: kioskId,
      tracking_no: good.trackingNo.replace(/\d$/, String(n)),
      kind: 'petition',
      channel: 'kiosk',
      staff_id: null,
      lang: 'mn',
      created_at: NOW.toISOString(),
      petition_category: 'complaint',
      body: '{}',
      status: 'received',
      status_at: NOW.toISOString(),
      due_date: null,
      initial_due_date: null,
      received_at: NOW.toISOString(),
    });
    // Kiosk 999999 does not exist: the foreign key fails the statement, and with it the group.
    const [ok, bad] = await Promise.allSettled([
      writer.store([{ row: row(1, kiosk.id), comment: null }]),
      writer.store([{ row: row(2, 999_999), comment: null }]),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(ok.status === 'fulfilled' && ok.value.inserted.size).toBe(1);
    expect(bad.status).toBe('rejected');
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });
});

describe('SQLite statement cache', () => {
  it('reuses a prepared statement, and prepares a fresh one while the kept one is still iterating', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const db = withStatementCache(sqlite, 2);
    sqlite.exec('create table t (n integer)');
    sqlite.exec('insert into t values (1), (2), (3)');
    const sql = 'select n from t order by n';
    const first = db.prepare(sql);
    expect(db.prepare(sql)).toBe(first);
    const iterating = first.iterate([]);
    iterating.next();
    const second = db.prepare(sql);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    iterating.return?.();
    // Least recently used goes past the limit.
    db.prepare('select 1');
    db.prepare('select 2');
    expect(db.prepare(sql)).not.toBe(first);
    db.close();
  });
});
