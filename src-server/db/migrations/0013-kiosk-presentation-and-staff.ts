import type { Kysely } from 'kysely';

/**
 * What the server knows of how a kiosk is used, from its provisioning file at registration:
 * `presentation` ('kiosk' or 'library') and `staff_ids` (a JSON array of the Citizens' Chamber
 * staff ids allowed to open assisted mode on it). A submission's `channel` and `staffId` are
 * checked against them. Null: a kiosk registered before this migration, whose claims cannot be
 * checked until it is registered again from its file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('kiosks').addColumn('presentation', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('staff_ids', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('kiosks').dropColumn('staff_ids').execute();
  await db.schema.alterTable('kiosks').dropColumn('presentation').execute();
}
