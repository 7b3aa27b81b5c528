import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Draft-law comments for the drafting body, and where each kiosk stands.
 *
 * - `law_comments`: what a citizen wrote in a comment on a draft law, opened from its sealed
 *   envelope when the server accepts it (the drafting body must read it; the text is public
 *   comment, not personal data). Name and contact are kept only when the citizen gave them.
 *   One row per `law_comment` submission; rows accepted before this migration are filled in by
 *   `backfillLawComments` at the next start, which holds the key.
 * - An index for counting and exporting a law's comments by article and stance (only
 *   comments have a `law_id`, so it is partial).
 * - `kiosks.aimag_code` / `soum_code`: the kiosk's place (national statistics codes), so an
 *   export can say where each comment came from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await apply(db);
  } else {
    // SQLite migrations run outside a transaction; a half-applied schema must never be left behind.
    await db.transaction().execute(apply);
  }
}

async function apply(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('law_comments')
    .addColumn('submission_id', 'integer', (col) => col.primaryKey().references('submissions.id'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('contact', 'text')
    .execute();
  await db.schema
    .createIndex('submissions_law_comment')
    .on('submissions')
    // In the order the counts group by, received_at last: counting a law's comments (and their
    // newest time) reads the index alone, with no sort.
    .columns(['law_id', 'article_number', 'stance', 'received_at'])
    .where(sql.ref('law_id'), 'is not', null)
    .execute();
  await db.schema.alterTable('kiosks').addColumn('aimag_code', 'text').execute();
  await db.schema.alterTable('kiosks').addColumn('soum_code', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_law_comment').ifExists().execute();
  await db.schema.dropTable('law_comments').ifExists().execute();
  await db.schema.alterTable('kiosks').dropColumn('soum_code').execute();
  await db.schema.alterTable('kiosks').dropColumn('aimag_code').execute();
}
