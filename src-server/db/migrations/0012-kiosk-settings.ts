import { type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Remote settings (issue 17; src-server/kiosks/kiosk-settings.ts). `kiosk_settings` holds every
 * version ever set, never changed afterwards: `id` is the version number kiosks see (one sequence
 * for the fleet, so higher is newer), `scope` says whom it is for (`fleet`, `aimag:65`,
 * `kiosk:6501`), `settings` the JSON of what it changes. A rollback is a new row with an older
 * row's settings and `rollback_of` naming it. A kiosk runs the newest version of its most
 * specific scope that has one.
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
    .createTable('kiosk_settings')
    .addColumn('id', 'integer', identity)
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('rollback_of', 'integer')
    .execute();
  await db.schema.createIndex('kiosk_settings_scope_id').on('kiosk_settings').columns(['scope', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kiosk_settings').ifExists().execute();
}
