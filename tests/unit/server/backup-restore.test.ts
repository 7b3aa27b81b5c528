// A backup is only as good as its restore: back up a live server's database with the commands
// docs/operations.md gives, restore it into an empty database, and every submission the server
// acknowledged is there, and a kiosk resending one gets the same ack from the restored server.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmissionAck } from '../../../src-shared/schemas/submission.js';
import { buildServer } from '../../../src-server/app.js';
import { createDatabase } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';
import { createFreshDatabase, onPostgres, type FreshDatabase } from '../../support/test-database.js';
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

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/**
 * Backs up the live database and restores it into a new, empty one, as docs/operations.md says:
 * SQLite `VACUUM INTO` (a consistent copy while the server runs) then the copy put in place;
 * PostgreSQL `pg_dump --format=custom` then `pg_restore` into an empty database.
 */
async function backupAndRestore(server: TestServer): Promise<FreshDatabase> {
  const work = await mkdtemp(path.join(tmpdir(), 'tsonkh-backup-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const restored = await createFreshDatabase({ prefix: 'tsonkh-restored-' });
  cleanups.push(restored.drop);
  if (server.target.kind === 'sqlite') {
    const backup = path.join(work, 'tsonkh-backup.sqlite');
    const live = new BetterSqlite3(server.target.path, { fileMustExist: true });
    try {
      live.prepare('vacuum into ?').run(backup);
    } finally {
      live.close();
    }
    if (restored.target.kind !== 'sqlite') throw new Error('dialects differ');
    await copyFile(backup, restored.target.path);
  } else {
    const dump = path.join(work, 'tsonkh.dump');
    run('pg_dump', ['--format=custom', `--file=${dump}`, server.url]);
    run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${restored.url}`, dump]);
  }
  return restored;
}

describe(`backup and restore (${onPostgres ? 'pg_dump / pg_restore' : 'SQLite VACUUM INTO'})`, () => {
  it('a restored backup holds every acknowledged submission, and answers a resend with the same ack', async () => {
    const server = await createTestServer();
    cleanups.push(server.close);
    const items = [
      ...(await Promise.all([1, 2, 3].map((n) => makeSubmission(n)))),
      await makePetition(4),
      await makeLawComment(5),
    ];
    const acks = new Map<string, SubmissionAck>();
    for (const item of items) {
      const [result] = results(await postBatch(server.app, [item]));
      if (result?.result !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(result)}`);
      acks.set(item.idempotencyKey, result.ack);
    }

    const restored = await backupAndRestore(server);
    const db = createDatabase(restored.target);
    // A restore from an older release is brought up to date the way a start would.
    await migrateToLatest(db);
    const app = buildServer({ db, logger: silentLogger(), contentKey: DEMO_KEY, submissionKey: DEMO_SUBMISSION_KEY });
    cleanups.push(async () => {
      await app.close();
      await db.destroy();
    });

    const rows = await db.selectFrom('submissions').select(['idempotency_key', 'id', 'tracking_no']).execute();
    expect(new Map(rows.map((r) => [r.idempotency_key, { serverId: r.id, trackingNo: r.tracking_no }]))).toEqual(
      new Map([...acks].map(([key, ack]) => [key, { serverId: ack.serverId, trackingNo: ack.trackingNo }])),
    );
    const resent = results(await postBatch(app, items));
    expect(resent.map((r) => (r.result === 'accepted' ? r.ack : r))).toEqual(
      items.map((i) => acks.get(i.idempotencyKey)),
    );
    // New submissions continue after the restored ones (identity and sequences came back too).
    const [next] = results(await postBatch(app, [await makeSubmission(6)]));
    expect(next?.result === 'accepted' && next.ack.serverId).toBe(Math.max(...rows.map((r) => r.id)) + 1);
    expect(await db.selectFrom('law_comments').select('submission_id').execute()).toHaveLength(1);
  });
});
