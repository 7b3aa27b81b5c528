import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Submissions of every kind, with personal data sealed, and their status history.
 *
 * - `submissions` gains the non-personal columns of each kind (channel, staff id, petition
 *   category, law and article, stance, rating…), the kiosk's `created_at`, the current status's
 *   time and the due dates; the service-application columns become nullable. SQLite cannot drop a
 *   NOT NULL, so there the table is rebuilt (same ids, so acks stay identical).
 * - `status_changes`: the history, numbered by one global sequence that kiosks page through.
 *   Every existing submission gets its 'received' change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The migrator runs each migration in a transaction on PostgreSQL.
    await alterSubmissionsPostgres(db);
    await createStatusChanges(db, (col) => col.primaryKey().generatedByDefaultAsIdentity());
  } else {
    // SQLite migrations run outside a transaction; a half-rebuilt table must never be left behind.
    await db.transaction().execute(async (trx) => {
      await rebuildSubmissionsSqlite(trx);
      await createStatusChanges(trx, (col) => col.primaryKey().autoIncrement());
    });
  }
}

/** Older code cannot read petitions or comments (no service, no form): going back is not supported. */
export function down(): Promise<void> {
  return Promise.reject(new Error('0002-sealed-submissions-and-status cannot be undone: restore a backup instead'));
}

type Identity = Parameters<CreateTableBuilder<string, never>['addColumn']>[2];

/** The submissions table as of this migration (SQLite rebuild). */
function submissionsTable(db: Kysely<unknown>, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('body_hash', 'text', (col) => col.notNull())
    .addColumn('kiosk_id', 'integer', (col) => col.notNull().references('kiosks.id'))
    .addColumn('tracking_no', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('lang', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('service_id', 'text')
    .addColumn('form_id', 'text')
    .addColumn('form_version', 'integer')
    .addColumn('petition_category', 'text')
    .addColumn('law_id', 'text')
    .addColumn('law_version', 'integer')
    .addColumn('article_number', 'integer')
    .addColumn('stance', 'text')
    .addColumn('rating', 'integer')
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('status_at', 'text', (col) => col.notNull())
    .addColumn('due_date', 'text')
    .addColumn('initial_due_date', 'text')
    .addColumn('received_at', 'text', (col) => col.notNull());
}

async function rebuildSubmissionsSqlite(db: Kysely<unknown>): Promise<void> {
  await submissionsTable(db, 'submissions_0002').execute();
  // Rows from before sealing carried channel, language and creation time in their JSON body.
  const fromBody = (field: string, fallback: ReturnType<typeof sql>) =>
    sql`coalesce(iif(json_valid(body), json_extract(body, ${`$.${field}`}), null), ${fallback})`;
  await sql`
    insert into submissions_0002 (
      id, idempotency_key, body_hash, kiosk_id, tracking_no, kind, channel, staff_id, lang, created_at,
      service_id, form_id, form_version, body, status, status_at, received_at
    )
    select
      id, idempotency_key, body_hash, kiosk_id, tracking_no, kind,
      ${fromBody('channel', sql`'kiosk'`)}, ${fromBody('staffId', sql`null`)}, ${fromBody('lang', sql`'mn'`)},
      ${fromBody('createdAt', sql`received_at`)},
      service_id, form_id, form_version, body, status, received_at, received_at
    from submissions
    order by id
  `.execute(db);
  await db.schema.dropTable('submissions').execute();
  await db.schema.alterTable('submissions_0002').renameTo('submissions').execute();
  await db.schema.createIndex('submissions_kiosk').on('submissions').column('kiosk_id').execute();
  await db.schema.createIndex('submissions_tracking_no').on('submissions').column('tracking_no').execute();
}

async function alterSubmissionsPostgres(db: Kysely<unknown>): Promise<void> {
  for (const column of ['service_id', 'form_id', 'form_version']) {
    await db.schema
      .alterTable('submissions')
      .alterColumn(column, (col) => col.dropNotNull())
      .execute();
  }
  const add = async (name: string, type: 'text' | 'integer') =>
    db.schema.alterTable('submissions').addColumn(name, type).execute();
  for (const name of ['channel', 'staff_id', 'lang', 'created_at', 'petition_category', 'law_id', 'stance'] as const) {
    await add(name, 'text');
  }
  for (const name of ['law_version', 'article_number', 'rating'] as const) await add(name, 'integer');
  for (const name of ['status_at', 'due_date', 'initial_due_date'] as const) await add(name, 'text');
  await sql`
    update submissions set
      channel = coalesce(body::json ->> 'channel', 'kiosk'),
      staff_id = body::json ->> 'staffId',
      lang = coalesce(body::json ->> 'lang', 'mn'),
      created_at = coalesce(body::json ->> 'createdAt', received_at),
      status_at = received_at
  `.execute(db);
  for (const column of ['channel', 'lang', 'created_at', 'status_at']) {
    await db.schema
      .alterTable('submissions')
      .alterColumn(column, (col) => col.setNotNull())
      .execute();
  }
}

async function createStatusChanges(db: Kysely<unknown>, identity: Identity): Promise<void> {
  await db.schema
    .createTable('status_changes')
    .addColumn('seq', 'integer', identity)
    .addColumn('submission_id', 'integer', (col) => col.notNull().references('submissions.id'))
    .addColumn('kiosk_id', 'integer', (col) => col.notNull().references('kiosks.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('due_date', 'text')
    .addColumn('note', 'text')
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('status_changes_kiosk_seq').on('status_changes').columns(['kiosk_id', 'seq']).execute();
  await db.schema.createIndex('status_changes_submission').on('status_changes').column('submission_id').execute();
  await sql`
    insert into status_changes (submission_id, kiosk_id, status, due_date, note, at)
    select id, kiosk_id, status, null, null, received_at from submissions order by id
  `.execute(db);
}
