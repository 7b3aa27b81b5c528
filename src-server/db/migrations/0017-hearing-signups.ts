import { sql, type Kysely } from 'kysely';

/**
 * Public-hearing sign-ups (issue 19): `hearing_id` names the open-data hearing a `hearing_signup`
 * submission is for (null for every other kind), so the organiser's console can list and count
 * the sign-ups of one hearing. A partial index on it keeps that count from reading other kinds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').addColumn('hearing_id', 'text').execute();
  await db.schema
    .createIndex('submissions_hearing')
    .on('submissions')
    .columns(['hearing_id', 'status'])
    .where(sql.ref('hearing_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_hearing').execute();
  await db.schema.alterTable('submissions').dropColumn('hearing_id').execute();
}
