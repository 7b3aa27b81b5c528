import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The console's case work, and where each kiosk stands.
 *
 * - `submissions.agency_id`: the agency a case is currently forwarded to (null: not forwarded),
 *   with an index by agency and status for an agency handler's list.
 * - `case_events`: every operator action on a case (forwarded, taken, extended, answered,
 *   returned, note) with who and when. The answer the operator writes is kept here (kind
 *   'answered'), the server's own copy; internal notes never leave the server.
 * - `kiosks.last_contact_at` / `last_push_at` / `content_cursor`: when the kiosk last called the
 *   server at all, when it last sent submissions, and the content sequence it last asked after,
 *   for the console's kiosks page.
 * - Indexes for the console's case table (filters and sorts over a million rows), each with
 *   `received_at` last so a filtered page is read in order without sorting.
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
  await db.schema.alterTable('submissions').addColumn('agency_id', 'text').execute();
  await db.schema.createIndex('submissions_agency').on('submissions').columns(['agency_id', 'status']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'integer', identity)
    .addColumn('submission_id', 'integer', (col) => col.notNull().references('submissions.id'))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('forwarded', 'taken', 'extended', 'answered', 'returned', 'note')`),
    )
    .addColumn('actor_id', 'integer', (col) => col.references('operators.id'))
    .addColumn('agency_id', 'text')
    .addColumn('text', 'text')
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('case_events_submission').on('case_events').columns(['submission_id', 'id']).execute();

  await db.schema.alterTable('kiosks').addColumn('last_contact_at', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('last_push_at', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('content_cursor', 'integer').execute();

  // The case table: the default order, and each filter with the order it is most often read in.
  const index = (name: string, columns: string[]) =>
    db.schema.createIndex(name).on('submissions').columns(columns).execute();
  await index('submissions_received', ['received_at']);
  await index('submissions_kind_received', ['kind', 'received_at']);
  await index('submissions_status_received', ['status', 'received_at']);
  await index('submissions_kiosk_received', ['kiosk_id', 'received_at']);
  await index('submissions_channel_received', ['channel', 'received_at']);
  await index('submissions_category_received', ['petition_category', 'received_at']);
  await index('submissions_service_received', ['service_id', 'received_at']);
  // Overdue and "due within N days": open statuses × a due-date range; also the due-date sort.
  await index('submissions_status_due', ['status', 'due_date']);
  await index('submissions_due', ['due_date']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'submissions_due',
    'submissions_status_due',
    'submissions_service_received',
    'submissions_category_received',
    'submissions_channel_received',
    'submissions_kiosk_received',
    'submissions_status_received',
    'submissions_kind_received',
    'submissions_received',
    'submissions_agency',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  await db.schema.dropTable('case_events').ifExists().execute();
  for (const column of ['content_cursor', 'last_push_at', 'last_contact_at']) {
    await db.schema.alterTable('kiosks').dropColumn(column).execute();
  }
  await db.schema.alterTable('submissions').dropColumn('agency_id').execute();
}
