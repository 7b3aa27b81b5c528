import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Dialect } from 'kysely';
import type { DatabaseTarget } from '../config.js';
import type { DatabaseSchema } from './schema.js';

export type Database = Kysely<DatabaseSchema>;

/**
 * Opens the server database. Everything above this function is dialect-free Kysely, so adding
 * PostgreSQL means adding a `case 'postgres'` here that returns a `PostgresDialect`.
 * Close with `db.destroy()`.
 */
export function createDatabase(target: DatabaseTarget): Database {
  return new Kysely<DatabaseSchema>({ dialect: createDialect(target) });
}

function createDialect(target: DatabaseTarget): Dialect {
  switch (target.kind) {
    case 'sqlite':
      return new SqliteDialect({ database: () => Promise.resolve(openSqlite(target.path)) });
    case 'postgres':
      throw new Error('PostgreSQL is not supported yet');
  }
}

/**
 * WAL lets health checks and content reads run beside a write; busy_timeout waits out a
 * second process (a CLI) instead of failing; synchronous=FULL because an ack promises the
 * kiosk its submission is safe, so a power cut must not lose a committed row.
 */
function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  return sqlite;
}
