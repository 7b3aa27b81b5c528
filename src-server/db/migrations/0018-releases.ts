import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Kiosk releases (issue 18, "updated over thin links"; src-server/releases/).
 *
 * - `releases`: one row per published version: the signed manifest exactly as signed (canonical
 *   JSON text, signature, key id), the total size of its files, and its channel: `pilot` (offered
 *   to the pilot kiosks only) until the administrator promotes it to `all`. The files themselves
 *   are content-addressed blobs under `<dataDir>/releases/blobs/`, not in the database.
 * - `release_pilots`: the kiosk codes of the pilot group.
 * - `kiosk_health.update_state` / `update_version`: the kiosk's last `update` report, for the fleet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await apply(db);
  } else {
    await db.transaction().execute((trx) => apply(trx));
  }
}

async function apply(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('version', 'text', (col) => col.primaryKey())
    .addColumn('manifest', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('total_bytes', 'bigint', (col) => col.notNull())
    .addColumn('file_count', 'integer', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addColumn('published_by', 'text', (col) => col.notNull())
    .addColumn('promoted_at', 'text')
    .execute();
  await db.schema
    .createTable('release_pilots')
    .addColumn('kiosk_code', 'text', (col) => col.primaryKey())
    .addColumn('added_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.alterTable('kiosk_health').addColumn('update_state', 'text').execute();
  await db.schema.alterTable('kiosk_health').addColumn('update_version', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('kiosk_health').dropColumn('update_version').execute();
  await db.schema.alterTable('kiosk_health').dropColumn('update_state').execute();
  await db.schema.dropTable('release_pilots').ifExists().execute();
  await db.schema.dropTable('releases').ifExists().execute();
}
