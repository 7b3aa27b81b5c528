import { type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Kiosk health (issue 17, "Health and the fleet"; src-server/kiosks/kiosk-health.ts).
 *
 * - `kiosk_health`: the latest report of each kiosk (one row, replaced by the next report), with
 *   when the server received it and the kiosk's clock drift, the columns the fleet table and the
 *   alerts read, and the whole report as JSON (its events removed).
 * - `kiosk_health_hourly`: one row per kiosk per hour (UTC, `2026-12-03T20`): how many reports,
 *   the deepest outbox, the worst printer state, the largest drift (either way) and the least
 *   free storage. Raw reports are not kept.
 * - `kiosk_events`: what a kiosk noticed (often while offline) with its own time, stored once per
 *   kiosk event id; `closed_at` is set when a later report shows the cause gone (or at once for
 *   notes that need nothing done).
 *
 * Portable: ISO-8601 text timestamps, integers for flags, bigint for byte counts.
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
    .createTable('kiosk_health')
    .addColumn('kiosk_id', 'integer', (col) => col.primaryKey().references('kiosks.id'))
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('kiosk_time', 'text', (col) => col.notNull())
    .addColumn('drift_ms', 'bigint', (col) => col.notNull())
    .addColumn('app_version', 'text', (col) => col.notNull())
    .addColumn('content_cursor', 'bigint', (col) => col.notNull())
    .addColumn('content_stale', 'integer', (col) => col.notNull())
    .addColumn('settings_version', 'integer')
    .addColumn('uptime_s', 'bigint', (col) => col.notNull())
    .addColumn('outbox_depth', 'integer', (col) => col.notNull())
    .addColumn('outbox_oldest_s', 'bigint')
    .addColumn('quarantined', 'integer', (col) => col.notNull())
    .addColumn('used_bytes', 'bigint')
    .addColumn('free_bytes', 'bigint')
    .addColumn('persisted', 'integer')
    .addColumn('printer', 'text', (col) => col.notNull())
    .addColumn('sync_failed', 'integer', (col) => col.notNull())
    .addColumn('report', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('kiosk_health_hourly')
    .addColumn('kiosk_id', 'integer', (col) => col.notNull().references('kiosks.id'))
    .addColumn('hour', 'text', (col) => col.notNull())
    .addColumn('reports', 'integer', (col) => col.notNull())
    .addColumn('max_outbox_depth', 'integer', (col) => col.notNull())
    .addColumn('worst_printer', 'text', (col) => col.notNull())
    .addColumn('max_drift_ms', 'bigint', (col) => col.notNull())
    .addColumn('min_free_bytes', 'bigint')
    .addPrimaryKeyConstraint('kiosk_health_hourly_pk', ['kiosk_id', 'hour'])
    .execute();

  await db.schema
    .createTable('kiosk_events')
    .addColumn('id', 'integer', identity)
    .addColumn('kiosk_id', 'integer', (col) => col.notNull().references('kiosks.id'))
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('details', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('kiosk_events_kiosk_event')
    .unique()
    .on('kiosk_events')
    .columns(['kiosk_id', 'event_id'])
    .execute();
  await db.schema.createIndex('kiosk_events_kiosk_at').on('kiosk_events').columns(['kiosk_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kiosk_events').ifExists().execute();
  await db.schema.dropTable('kiosk_health_hourly').ifExists().execute();
  await db.schema.dropTable('kiosk_health').ifExists().execute();
}
