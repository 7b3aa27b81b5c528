import type { CreateTableBuilder, Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The operator console's foundation: people, their sessions, sign-in throttling and the audit log.
 *
 * - `operators`: one account per person, with a role and its scope (an aimag, an agency) and a
 *   memory-hard password hash. Accounts are disabled, never deleted, so audit rows keep meaning.
 * - `operator_sessions`: the SHA-256 of each session's random token, never the token itself, so
 *   whoever reads the table cannot use a live session; absolute and idle expiry.
 * - `sign_in_failures`: wrong passwords counted per login and per client address, in the
 *   database so every server process behind a load balancer sees the same count.
 * - `audit_log`: append-only, each row carrying the hash of the one before (a hash chain), `seq`
 *   given by the writer as the previous row's + 1, so two writers cannot both extend one row.
 *
 * Portable: ISO-8601 text timestamps, integer ids, no booleans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The migrator runs each migration in a transaction on PostgreSQL.
    await apply(db, (col) => col.primaryKey().generatedByDefaultAsIdentity());
  } else {
    // SQLite migrations run outside a transaction; a half-applied schema must never be left behind.
    await db.transaction().execute((trx) => apply(trx, (col) => col.primaryKey().autoIncrement()));
  }
}

type Identity = Parameters<CreateTableBuilder<string, never>['addColumn']>[2];

async function apply(db: Kysely<unknown>, identity: Identity): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'integer', identity)
    .addColumn('login', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('aimag_code', 'text')
    .addColumn('agency_id', 'text')
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('password_changed_at', 'text', (col) => col.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('operator_sessions')
    .addColumn('id', 'integer', identity)
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('operator_id', 'integer', (col) => col.notNull().references('operators.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('operator_sessions_operator').on('operator_sessions').column('operator_id').execute();

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('last_failure_at', 'text', (col) => col.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (col) => col.primaryKey())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_login', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('target', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text', (col) => col.notNull())
    .addColumn('prev_hash', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_login', 'at']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
  await db.schema.dropTable('sign_in_failures').ifExists().execute();
  await db.schema.dropTable('operator_sessions').ifExists().execute();
  await db.schema.dropTable('operators').ifExists().execute();
}
