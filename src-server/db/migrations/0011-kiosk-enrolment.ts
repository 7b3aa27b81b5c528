import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Kiosk enrolment (issue 17, "Enrolment"; src-server/kiosks/kiosk-enrolment.ts).
 *
 * - `enrolment_codes`: one-time codes an administrator makes for one kiosk, kept only as their
 *   SHA-256; valid until `expires_at`, used once (`used_at`, `used_by_kiosk_id`).
 * - `kiosks.public_key`: the kiosk's own Ed25519 public key (base64, raw 32 bytes); requests are
 *   then authenticated by a signed challenge, not a shared credential. Null: a kiosk set up the
 *   old way. `kiosks.revoked_at`: refused from then on until it is enrolled again.
 * - `kiosks.mode`: citizen, library or chamber (null: set up the old way).
 * - `kiosks.pins`: technician and staff PINs set from the centre, as scrypt hashes (JSON), with
 *   `pins_version` so a kiosk applies each change once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') return apply(db);
  // SQLite migrations run outside a transaction; a half-applied schema must never be left behind.
  await db.transaction().execute((trx) => apply(trx));
}

async function apply(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enrolment_codes')
    .addColumn('code_hash', 'text', (col) => col.primaryKey())
    .addColumn('aimag_code', 'text', (col) => col.notNull())
    .addColumn('soum_code', 'text', (col) => col.notNull())
    .addColumn('place', 'text', (col) => col.notNull())
    .addColumn('mode', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by_kiosk_id', 'integer', (col) => col.references('kiosks.id'))
    .execute();
  await db.schema.alterTable('kiosks').addColumn('public_key', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('revoked_at', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('mode', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('pins', 'text').execute();
  await db.schema
    .alterTable('kiosks')
    .addColumn('pins_version', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('kiosks_public_key').on('kiosks').column('public_key').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('kiosks_public_key').execute();
  for (const column of ['pins_version', 'pins', 'mode', 'revoked_at', 'public_key']) {
    await db.schema.alterTable('kiosks').dropColumn(column).execute();
  }
  await db.schema.dropTable('enrolment_codes').execute();
}
