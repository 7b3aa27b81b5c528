import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { SQLITE_POOL, type PoolLike } from '../ops/pool-metrics.js';
import type { DatabaseSchema } from './schema.js';

export type Database = Kysely<DatabaseSchema>;

/**
 * A new database file is made readable by its owner only (it holds sealed submissions, answer
 * keys and the audit log); SQLite gives its -wal and -shm files the same permissions.
 */
function createPrivately(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Opens the server database. Everything above this function is dialect-free Kysely: SQLite and
 * PostgreSQL differ only here, in a few migration column types (`dialectOf`) and in the
 * transaction-scoped locks of `db/locks.ts`. Close with `db.destroy()`.
 */
export function createDatabase(target: DatabaseTarget): Database {
  return createDatabaseWithPool(target).db;
}

/**
 * The database and a live view of its connection pool for the metrics: PostgreSQL's pool once
 * Kysely has opened it (all zero before), SQLite's one connection.
 */
export function createDatabaseWithPool(target: DatabaseTarget): { db: Database; pool: PoolLike } {
  switch (target.kind) {
    case 'sqlite': {
      const dialect = new SqliteDialect({
        database: () => Promise.resolve(withStatementCache(openSqlite(target.path))),
      });
      return { db: new Kysely<DatabaseSchema>({ dialect }), pool: SQLITE_POOL };
    }
    case 'postgres': {
      let opened: pg.Pool | undefined;
      const dialect = new PostgresDialect({ pool: async () => (opened = await openPostgresPool(target.url)) });
      const pool: PoolLike = {
        get totalCount() {
          return opened?.totalCount ?? 0;
        },
        get idleCount() {
          return opened?.idleCount ?? 0;
        },
        get waitingCount() {
          return opened?.waitingCount ?? 0;
        },
      };
      return { db: new Kysely<DatabaseSchema>({ dialect }), pool };
    }
  }
}

/**
 * WAL lets health checks and content reads run beside a write; busy_timeout waits out a
 * second process (a CLI) instead of failing; synchronous=FULL because an ack promises the
 * kiosk its submission is safe, so a power cut must not lose a committed row.
 */
function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    createPrivately(file);
  }
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  return sqlite;
}

/** Distinct SQL texts kept prepared: the server issues a few dozen shapes; bulk IN lists add more. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh, and preparing (parsing and planning the SQL)
 * cost more CPU than running it: in the national load a fifth of the server's time. Statements are
 * kept by SQL text (least recently used dropped past the limit) and reused; one still being
 * iterated (a streamed query) is never handed out twice: a fresh one is prepared instead.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string): SqliteStatement => {
      const kept = cache.get(sql);
      if (kept && !kept.busy) {
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
        cache.delete(sql);
        cache.set(sql, kept);
        return kept;
      }
      const statement = sqlite.prepare(sql);
      if (!kept) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

const PG_INT8_OID = 20;

/**
 * node-postgres hands int8 (bigint) back as a string because it may exceed 2^53; `count(*)`
 * is int8, and the code reads counts and ids as numbers, as SQLite gives them. Our counts and
 * sequences stay far below 2^53, so int8 becomes a number; a value beyond that would be a bug
 * worth failing loudly on rather than silently rounding. The parser is set on this pool only,
 * so other pg users in the process keep the library's default.
 */
function int8AsNumber(types: typeof pg.types): typeof pg.types.getTypeParser {
  return ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8_OID && format !== 'binary') return parseInt8;
    return format === 'binary' ? types.getTypeParser(oid, 'binary') : types.getTypeParser(oid, 'text');
  }) as typeof pg.types.getTypeParser;
}

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} does not fit a JavaScript number`);
  return n;
}

/**
 * One pool per server process. Every connection works in UTC so text timestamps and `now()`
 * never depend on the database host's zone. `pg` is loaded only here, so a server on SQLite (the
 * default) does not load it at every start.
 */
async function openPostgresPool(url: string): Promise<pg.Pool> {
  const { default: postgres } = await import('pg');
  const pool = new postgres.Pool({
    connectionString: url,
    types: { getTypeParser: int8AsNumber(postgres.types) },
    max: 10,
    options: '-c timezone=UTC',
  });
  // An idle connection that PostgreSQL ends (a restart, a failover, an administrator) is an
  // 'error' event on the pool: without a listener it would be an uncaught exception that stops
  // the whole server. The pool has already dropped that connection; the next query opens another.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL ended an idle connection (${error.message}); a new one opens when needed`, {
      code: 'TSONKH_PG_IDLE_CONNECTION_LOST',
    });
  });
  return pool;
}
