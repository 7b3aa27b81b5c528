import type { Kysely } from 'kysely';

/**
 * Why a submission's `created_at` (the kiosk's clock) cannot be right, or null: 'ahead' (later
 * than the server received it) or 'before_kiosk' (before the kiosk was registered, as after a
 * dead clock battery). Such a submission is still accepted (refusing it would strand what a
 * citizen sent), but its time is not trusted: due dates count from receipt, and the console can
 * show the flag.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').addColumn('clock_doubt', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').dropColumn('clock_doubt').execute();
}
