import { sql, type RawBuilder } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { unhurriedTransaction } from '../../../src-server/db/unhurried-transaction.js';
import { createFreshDatabase, onPostgres, type FreshDatabase } from '../../support/test-database.js';

/** Runs raw SQL on the server's handle (the tests' Kysely types are the CommonJS build's). */
function run<T>(db: Database, query: RawBuilder<T>) {
  return query.execute(db as unknown as Parameters<typeof query.execute>[0]);
}

/** SQLite's synchronous setting of the (one) connection: 2 is FULL, 1 NORMAL. */
async function sqliteSynchronous(db: Database): Promise<number> {
  const { rows } = await run(db, sql<{ synchronous: number }>`pragma synchronous`);
  return rows[0]!.synchronous;
}

async function postgresSynchronousCommit(db: Database): Promise<string> {
  const { rows } = await run(db, sql<{ synchronous_commit: string }>`show synchronous_commit`);
  return rows[0]!.synchronous_commit;
}

async function rows(db: Database): Promise<number[]> {
  const { rows } = await run(db, sql<{ x: number }>`select x from unhurried order by x`);
  return rows.map((r) => Number(r.x));
}

describe('a transaction whose commit does not wait for the disk', () => {
  let fresh: FreshDatabase;
  let db: Database;
  beforeEach(async () => {
    fresh = await createFreshDatabase();
    db = createDatabase(fresh.target);
    await run(db, sql`create table unhurried (x integer not null)`);
  });
  afterEach(async () => {
    await db.destroy();
    await fresh.drop();
  });

  it('commits what it writes, and only its own commit is unhurried', async () => {
    const during = await unhurriedTransaction(db, async (trx) => {
      await run(trx as Database, sql`insert into unhurried (x) values (1), (2)`);
      return onPostgres
        ? await postgresSynchronousCommit(trx as Database)
        : (await run(trx as Database, sql<{ synchronous: number }>`pragma synchronous`)).rows[0]!.synchronous;
    });
    expect(during).toBe(onPostgres ? 'off' : 1);
    expect(await rows(db)).toEqual([1, 2]);
    // The connection is back to waiting for the disk at every ordinary commit.
    if (onPostgres) expect(await postgresSynchronousCommit(db)).toBe('on');
    else expect(await sqliteSynchronous(db)).toBe(2);
  });

  it('rolls back on an error and still sets the connection back', async () => {
    await expect(
      unhurriedTransaction(db, async (trx) => {
        await run(trx as Database, sql`insert into unhurried (x) values (3)`);
        throw new Error('refused half way');
      }),
    ).rejects.toThrow('refused half way');
    expect(await rows(db)).toEqual([]);
    if (onPostgres) expect(await postgresSynchronousCommit(db)).toBe('on');
    else expect(await sqliteSynchronous(db)).toBe(2);
  });

  it('an ordinary write issued meanwhile is committed the ordinary way', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const unhurried = unhurriedTransaction(db, async (trx) => {
      await run(trx as Database, sql`insert into unhurried (x) values (4)`);
      await held;
    });
    const ordinary = db.transaction().execute(async (trx) => {
      await run(trx as Database, sql`insert into unhurried (x) values (5)`);
      return onPostgres
        ? await postgresSynchronousCommit(trx as Database)
        : (await run(trx as Database, sql<{ synchronous: number }>`pragma synchronous`)).rows[0]!.synchronous;
    });
    setTimeout(release, 50);
    const [, setting] = await Promise.all([unhurried, ordinary]);
    expect(setting).toBe(onPostgres ? 'on' : 2);
    expect(await rows(db)).toEqual([4, 5]);
  });
});
