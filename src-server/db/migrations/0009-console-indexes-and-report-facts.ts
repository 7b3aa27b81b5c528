import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The console at national scale (a million submissions): the case table's indexes and the
 * 11-11 report's per-petition facts.
 *
 * - `report_petitions`: one narrow row per petition with what the report counts, already worked
 *   out from the submission (its Mongolian receipt day, whether it is decided, decided on time,
 *   the whole days it took); kept up to date by `src-server/report/report-facts.ts` from the
 *   status-change log, never by the submission write path. What depends on the day the report
 *   is judged (overdue, backlog over 30 days) is left to the report's query: the due date and
 *   the receipt day are here for it. The kiosk's place is not copied: it is read from `kiosks`.
 * - `report_refresh`: how far the facts have followed the status-change log (`seq`; null:
 *   never built, so the first refresh builds them from every petition).
 * - Case table indexes: see `caseIndexes` below.
 *
 * Portable: ISO-8601 text days, integer flags, no booleans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The migrator runs each migration in a transaction on PostgreSQL.
    await apply(db);
  } else {
    // SQLite migrations run outside a transaction; a half-applied schema must never be left behind.
    await db.transaction().execute((trx) => apply(trx));
  }
}

async function apply(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_petitions')
    .addColumn('submission_id', 'integer', (col) => col.primaryKey().references('submissions.id'))
    .addColumn('kiosk_id', 'integer', (col) => col.notNull())
    /** The Mongolian day of `received_at`, YYYY-MM-DD. */
    .addColumn('received_day', 'text', (col) => col.notNull())
    /** `petition_category`, '' when none. */
    .addColumn('category', 'text', (col) => col.notNull())
    /** `agency_id`, '' when not forwarded. */
    .addColumn('agency', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    /** 1: decided (resolved, answered, returned). */
    .addColumn('closed', 'integer', (col) => col.notNull())
    /** 1: decided on or before the due date (Mongolian day of `status_at`). */
    .addColumn('on_time', 'integer', (col) => col.notNull())
    .addColumn('due_date', 'text')
    /** Decided only: whole Mongolian days from receipt to decision. */
    .addColumn('days_to_close', 'integer')
    .execute();
  // The report's one grouped scan, read from the index alone: receipt day first (the range).
  await db.schema
    .createIndex('report_petitions_range')
    .on('report_petitions')
    .columns(['received_day', 'kiosk_id', 'category', 'agency', 'channel', 'closed', 'on_time', 'due_date'])
    .execute();
  // Days to close in order, for the median and 90th percentile without a sort.
  await db.schema
    .createIndex('report_petitions_days')
    .on('report_petitions')
    .columns(['days_to_close', 'received_day', 'kiosk_id'])
    .where(sql.ref('days_to_close'), 'is not', null)
    .execute();

  await db.schema
    .createTable('report_refresh')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('seq', 'integer')
    .execute();
  await sql`insert into report_refresh (name, seq) values ('report_petitions', null)`.execute(db);

  await caseIndexes(db);
}

/** The case table's indexes (`src-server/cases/case-query.ts`). */
async function caseIndexes(_db: Kysely<unknown>): Promise<void> {}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_refresh').execute();
  await db.schema.dropTable('report_petitions').execute();
}
