import type { CreateTableBuilder, Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Publishing from the console:
 *
 * - `publication_previews`: a checked content folder (from an uploaded zip, or a past
 *   publication's snapshot) waiting to be published exactly as previewed; short-lived.
 * - `publications`: the history — who published (an operator, or `cli` for `npm run publish`),
 *   when, with which note, what changed, and a snapshot of every folder entity as published, so a
 *   past publication can be put back.
 *
 * Portable: ISO-8601 text timestamps, JSON as text, integer ids, no booleans.
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
    .createTable('publication_previews')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('operator_id', 'integer', (col) => col.notNull().references('operators.id'))
    .addColumn('source_kind', 'text', (col) => col.notNull())
    .addColumn('source_name', 'text')
    .addColumn('republish_of', 'integer')
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('changes_hash', 'text', (col) => col.notNull())
    .addColumn('entities', 'text', (col) => col.notNull())
    .addColumn('keep_article_versions', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('publication_previews_expires').on('publication_previews').column('expires_at').execute();

  await db.schema
    .createTable('publications')
    .addColumn('id', 'integer', identity)
    .addColumn('published_at', 'text', (col) => col.notNull())
    // Null for `npm run publish` (operator_login 'cli').
    .addColumn('operator_id', 'integer', (col) => col.references('operators.id'))
    .addColumn('operator_login', 'text', (col) => col.notNull())
    .addColumn('note', 'text', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('source_kind', 'text', (col) => col.notNull())
    .addColumn('source_name', 'text')
    .addColumn('republish_of', 'integer', (col) => col.references('publications.id'))
    .addColumn('added', 'integer', (col) => col.notNull())
    .addColumn('changed', 'integer', (col) => col.notNull())
    .addColumn('withdrawn', 'integer', (col) => col.notNull())
    .addColumn('unchanged', 'integer', (col) => col.notNull())
    .addColumn('first_seq', 'integer')
    .addColumn('last_seq', 'integer')
    .addColumn('changes', 'text', (col) => col.notNull())
    .addColumn('snapshot', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('publications_published_at').on('publications').column('published_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('publications').ifExists().execute();
  await db.schema.dropTable('publication_previews').ifExists().execute();
}
