import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { dialectOf } from './dialect.js';
import type { DatabaseSchema } from './schema.js';

/**
 * A transaction whose commit does not wait for the disk: for records nobody was promised, such
 * as when a kiosk last called (`kiosks/kiosk-contact.ts`). A crash may lose the last such
 * commits, never a part of one, and never anything committed the ordinary way: the database stays
 * consistent and every acknowledged submission stays on disk.
 *
 * Why: on SQLite every ordinary commit is an fsync (synchronous=FULL, `database.ts`) that blocks
 * the whole process, and in the national load the contact writes were as many commits as the
 * submissions' groups. Here SQLite runs the transaction with synchronous=NORMAL (in WAL mode: no
 * fsync at commit; the next ordinary commit or checkpoint syncs the log, these frames included)
 * on its one connection, and sets FULL again before anything else can use it. PostgreSQL runs it
 * with `synchronous_commit = off` for this transaction only (the WAL writer flushes it within a
 * fraction of a second).
 */
export async function unhurriedTransaction<T>(
  db: Database,
  work: (trx: Kysely<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = normal`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql`pragma synchronous = full`.execute(conn);
    }
  });
}
