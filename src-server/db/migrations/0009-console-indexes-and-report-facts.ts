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
 * - `report_refresh`: how far the facts have followed the status-change log (`seq`) and the
 *   submissions (`submission_id`, the highest id seen); null: never built, so the first refresh
 *   builds them from every petition.
 * - Case table indexes (and one for the report's law comments): see `caseIndexes` below.
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
  // The report's one grouped scan, from the index alone and already in its groups' order (no
  // sort of every petition): the range is checked on the way.
  await db.schema
    .createIndex('report_petitions_groups')
    .on('report_petitions')
    .columns(['kiosk_id', 'category', 'agency', 'channel', 'received_day', 'closed', 'on_time', 'due_date'])
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
    .addColumn('submission_id', 'integer')
    .execute();
  await sql`insert into report_refresh (name, seq, submission_id) values ('report_petitions', null, null)`.execute(db);

  await caseIndexes(db);
}

/**
 * The case table's indexes (`src-server/cases/case-query.ts`). Every page counts its matches, so
 * the usual filters are counted from an index alone, never a row read per match: one led by
 * status and due date (open, overdue, due within N days: it replaces `submissions_status_due`,
 * its first two columns), one led by kiosk (an aimag's or soum's kiosks) and one led by kind and
 * category; each carries the other filter columns (kind, kiosk, status, due date, channel,
 * category, agency). A page with few matches finds their ids the
 * same way before reading their rows. And the report's comments per law and article are read
 * from a partial index of the law comments alone.
 */
async function caseIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_status_due').execute();
  await db.schema
    .createIndex('submissions_case_status')
    .on('submissions')
    .columns(['status', 'due_date', 'kind', 'kiosk_id', 'channel', 'petition_category', 'agency_id'])
    .execute();
  // Led by kiosk, for an aimag's or soum's kiosks (`kiosk_id in (…)`) with any other filter; it
  // replaces `submissions_kiosk`, its first column.
  await db.schema.dropIndex('submissions_kiosk').execute();
  await db.schema
    .createIndex('submissions_case_kiosk')
    .on('submissions')
    .columns(['kiosk_id', 'status', 'due_date', 'kind', 'channel', 'petition_category', 'agency_id'])
    .execute();
  await db.schema
    .createIndex('submissions_case_kind')
    .on('submissions')
    .columns(['kind', 'petition_category', 'channel', 'status', 'due_date', 'kiosk_id', 'agency_id'])
    .execute();
  await db.schema
    .createIndex('submissions_law_comment_received')
    .on('submissions')
    .columns(['received_at', 'kiosk_id', 'law_id', 'article_number', 'stance'])
    .where(sql.ref('kind'), '=', sql.lit('law_comment'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_law_comment_received').execute();
  await db.schema.dropIndex('submissions_case_kind').execute();
  await db.schema.dropIndex('submissions_case_kiosk').execute();
  await db.schema.createIndex('submissions_kiosk').on('submissions').column('kiosk_id').execute();
  await db.schema.dropIndex('submissions_case_status').execute();
  await db.schema.createIndex('submissions_status_due').on('submissions').columns(['status', 'due_date']).execute();
  await db.schema.dropTable('report_refresh').execute();
  await db.schema.dropTable('report_petitions').execute();
}
