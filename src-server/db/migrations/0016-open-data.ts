import { type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The action plan's open data (issue 19; src-server/open-data/).
 *
 * - `open_data_records`: the current version of every imported record, by dataset and id, with
 *   its aimag and soum (a kiosk is sent its own aimag's records), the SHA-256 of its canonical
 *   JSON (a re-import of the same file changes nothing), and `seq`, the number of its latest
 *   change: kiosks page through one aimag's records by `seq > cursor`. A record an import no
 *   longer carries is kept as a tombstone (`data` null) so kiosks delete it too.
 * - `open_data_imports`: one row per import that published (or would have, for a dry run it is
 *   not written): the dataset, the files with their SHA-256, the counts and the validation report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await apply(db, (col) => col.primaryKey().generatedByDefaultAsIdentity());
  } else {
    await db.transaction().execute((trx) => apply(trx, (col) => col.primaryKey().autoIncrement()));
  }
}

type Identity = Parameters<CreateTableBuilder<string, never>['addColumn']>[2];

async function apply(db: Kysely<unknown>, identity: Identity): Promise<void> {
  await db.schema
    .createTable('open_data_imports')
    .addColumn('id', 'integer', identity)
    .addColumn('dataset', 'text', (col) => col.notNull())
    .addColumn('imported_at', 'text', (col) => col.notNull())
    .addColumn('files', 'text', (col) => col.notNull())
    .addColumn('source_url', 'text', (col) => col.notNull())
    .addColumn('taken_on', 'text', (col) => col.notNull())
    .addColumn('added', 'integer', (col) => col.notNull())
    .addColumn('changed', 'integer', (col) => col.notNull())
    .addColumn('unchanged', 'integer', (col) => col.notNull())
    .addColumn('removed', 'integer', (col) => col.notNull())
    .addColumn('report', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('open_data_records')
    .addColumn('dataset', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('aimag', 'text', (col) => col.notNull())
    .addColumn('soum', 'text')
    .addColumn('hash', 'text', (col) => col.notNull())
    .addColumn('data', 'text')
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('import_id', 'integer', (col) => col.notNull().references('open_data_imports.id'))
    .addPrimaryKeyConstraint('open_data_records_pk', ['dataset', 'id'])
    .execute();
  await db.schema
    .createIndex('open_data_records_aimag_seq')
    .on('open_data_records')
    .columns(['aimag', 'seq'])
    .execute();
  await db.schema.createIndex('open_data_records_seq').on('open_data_records').column('seq').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('open_data_records').execute();
  await db.schema.dropTable('open_data_imports').execute();
}
