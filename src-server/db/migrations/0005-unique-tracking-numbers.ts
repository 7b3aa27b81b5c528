import type { Kysely } from 'kysely';

/**
 * One tracking number, one submission, enforced by the database itself. Until now the server
 * checked it before each insert while holding the status-sequence lock; with the unique index
 * a batch is stored with one multi-row `INSERT … ON CONFLICT DO NOTHING` and server processes
 * on one PostgreSQL no longer need the lock for it (they take it only for the status rows).
 * The old index on the same column becomes redundant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_tracking_no').execute();
  await db.schema
    .createIndex('submissions_tracking_no_unique')
    .unique()
    .on('submissions')
    .column('tracking_no')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_tracking_no_unique').execute();
  await db.schema.createIndex('submissions_tracking_no').on('submissions').column('tracking_no').execute();
}
