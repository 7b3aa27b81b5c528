import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Answers that go back to the citizen (docs/answers.md).
 *
 * - `receipt_answers`: one row per submission whose receipt carries a secret. `answer_key` is the
 *   key K the kiosk derived from that secret and sealed into the envelope (hex); it is taken out
 *   of the envelope when the submission is accepted. Once the case is answered, `iv`/`ct` hold
 *   the answer encrypted under K (AES-256-GCM), exactly as kiosks receive it, and `answered_at`
 *   when. Submissions from before secrets have no row: status only.
 * - `answer_tries`: wrong secrets per tracking number on the public `/track/:no/answer`, in the
 *   database so every server process counts the same tries; `window_start` opens a new window
 *   once the old one is over.
 *
 * Portable: ISO-8601 text timestamps, integer ids, no booleans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // The migrator runs each migration in a transaction on PostgreSQL.
    await apply(db);
  } else {
    // SQLite migrations run outside a transaction; a half-applied schema must never be left behind.
    await db.transaction().execute((trx) => apply(trx));
  }
}

async function apply(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('receipt_answers')
    .addColumn('submission_id', 'integer', (col) => col.primaryKey().references('submissions.id'))
    .addColumn('answer_key', 'text', (col) => col.notNull())
    .addColumn('iv', 'text')
    .addColumn('ct', 'text')
    .addColumn('answered_at', 'text')
    .execute();

  await db.schema
    .createTable('answer_tries')
    .addColumn('tracking_no', 'text', (col) => col.primaryKey())
    .addColumn('tries', 'integer', (col) => col.notNull())
    .addColumn('window_start', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('answer_tries').execute();
  await db.schema.dropTable('receipt_answers').execute();
}
