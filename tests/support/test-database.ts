import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src-server/config.js';

/**
 * Which database the server tests run on: SQLite unless TSONKH_TEST_DATABASE=postgres (set by
 * `npm run test:pg`), so the same suites prove the one Kysely code path on both.
 */
export type TestDialect = 'sqlite' | 'postgres';

export const testDialect: TestDialect = process.env.TSONKH_TEST_DATABASE?.trim() === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = testDialect === 'postgres';

/** Why a PostgreSQL-only test is skipped on SQLite (one writer there: the race it checks cannot happen). */
export const POSTGRES_ONLY =
  'PostgreSQL only (several server processes on one database); run `npm run test:pg` (TSONKH_TEST_DATABASE=postgres)';

/** The admin URL: a role that may create databases (see scripts/ensure-postgres.mjs). */
export function postgresAdminUrl(): string {
  return process.env.TSONKH_TEST_PG?.trim() || 'postgres://tsonkh:tsonkh@127.0.0.1:5432/postgres';
}

/** A fresh, empty database for one test or suite; `drop()` removes it (and its folder). */
export interface FreshDatabase {
  target: DatabaseTarget;
  /** The same database as a DATABASE_URL, for server and CLI child processes. */
  url: string;
  /** A temp folder for the test's data (keys, exports; the SQLite file lives here). */
  dir: string;
  drop: () => Promise<void>;
}

/**
 * A new, uniquely named empty database of the dialect under test: a SQLite file in a fresh temp
 * folder, or on PostgreSQL `CREATE DATABASE tsonkh_test_<pid>_<random>` from the admin URL
 * (dropped with FORCE, so a connection a failed test left open does not keep it alive).
 * `dir` is always a fresh folder; pass one to use it instead (it is not removed then). `dialect`
 * overrides the one under test (a bench that measures both); `databasePrefix` names a family of
 * PostgreSQL databases (the e2e worlds'), so a teardown can drop what a killed run left behind.
 */
export async function createFreshDatabase(
  options: { dir?: string; prefix?: string; dialect?: TestDialect; databasePrefix?: string } = {},
): Promise<FreshDatabase> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), options.prefix ?? 'tsonkh-server-')));
  const removeDir = async () => {
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  if ((options.dialect ?? testDialect) === 'sqlite') {
    const file = path.join(dir, 'tsonkh.sqlite');
    return { target: { kind: 'sqlite', path: file }, url: `sqlite:${file}`, dir, drop: removeDir };
  }
  const admin = postgresAdminUrl();
  const name = `${options.databasePrefix ?? 'tsonkh_test'}_${process.pid}_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.href },
    url: url.href,
    dir,
    drop: async () => {
      await dropDatabase(admin, name);
      await removeDir();
    },
  };
}

/**
 * Drops a test database, ending the connections left to it. `with (force)` ends them, but refuses
 * when one of them is an autovacuum worker (it has no role, so a role without pg_signal_backend
 * may not end it: "must be a member of the role whose process is being terminated"), which
 * happens now and then after a test that wrote much. A plain drop ends autovacuum workers itself
 * and waits for them; it refuses while a client is still connected, so the two take turns.
 */
async function dropDatabase(admin: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(admin, `drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 42501: insufficient privilege (the autovacuum worker); anything else is a real failure.
      if (code !== '42501' || attempt >= 5) throw error;
    }
    try {
      await adminQuery(admin, `drop database if exists ${name}`);
      return;
    } catch (error) {
      // 55006: still in use by a client; the forced drop ends it on the next turn.
      if ((error as { code?: string }).code !== '55006') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

async function adminQuery(adminUrl: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Drops every PostgreSQL database whose name starts with `prefix_` (what crashed or unfinished tests left). */
export async function dropDatabasesNamed(prefix: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [`${prefix}_`],
    );
    for (const { datname } of rows) {
      if (!/^[a-z0-9_]+$/.test(datname)) continue;
      await client.query(`drop database if exists ${datname} with (force)`);
    }
    return rows.length;
  } finally {
    await client.end();
  }
}
