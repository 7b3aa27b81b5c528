import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

type ColumnBuild = (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

/** An auto-numbered integer primary key in the database's own idiom. */
function identityKey(db: Kysely<unknown>): ColumnBuild {
  return dialectOf(db) === 'postgres'
    ? (col) => col.primaryKey().generatedByDefaultAsIdentity()
    : (col) => col.primaryKey().autoIncrement();
}

/**
 * The first schema: kiosks, the content change log with its current-state view and the
 * immutable form versions, and submissions keyed by a permanent idempotency key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = identityKey(db);

  await db.schema
    .createTable('kiosks')
    .addColumn('id', 'integer', id)
    .addColumn('kiosk_code', 'text', (col) => col.notNull().unique())
    .addColumn('credential_hash', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('content_changes')
    .addColumn('seq', 'integer', id)
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('op', 'text', (col) => col.notNull().check(sql`op in ('put', 'delete')`))
    .addColumn('data', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('content_changes_entity').on('content_changes').columns(['type', 'entity_id']).execute();

  await db.schema
    .createTable('content_current')
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('content_current_pk', ['type', 'entity_id'])
    .execute();

  await db.schema
    .createTable('form_versions')
    .addColumn('form_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('form_versions_pk', ['form_id', 'version'])
    .execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'integer', id)
    // Permanent: rows are never deleted, so a resend years later still gets the same ack.
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('body_hash', 'text', (col) => col.notNull())
    .addColumn('kiosk_id', 'integer', (col) => col.notNull().references('kiosks.id'))
    .addColumn('tracking_no', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('service_id', 'text', (col) => col.notNull())
    .addColumn('form_id', 'text', (col) => col.notNull())
    .addColumn('form_version', 'integer', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('submissions_kiosk').on('submissions').column('kiosk_id').execute();
  await db.schema.createIndex('submissions_tracking_no').on('submissions').column('tracking_no').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['submissions', 'form_versions', 'content_current', 'content_changes', 'kiosks']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
