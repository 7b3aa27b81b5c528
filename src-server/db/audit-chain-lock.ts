import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { dialectOf } from './dialect.js';
import { lockSequence } from './locks.js';
import type { DatabaseSchema } from './schema.js';

/**
 * Serialises appends to the audit log until the caller's transaction ends: a writer reads the
 * last row and inserts the next, and no other writer may read the same last row meanwhile, or
 * the chain would fork. On PostgreSQL a transaction-scoped advisory lock; on SQLite nothing, as
 * `auditedTransaction` has already taken the database's single write lock. Either way the `seq`
 * primary key (previous + 1) refuses a second row after the same predecessor.
 */
export async function lockAuditChain(trx: Kysely<unknown>): Promise<void> {
  await lockSequence(trx, 'auditChain');
}

/**
 * A transaction for an action and its audit row. On SQLite it begins `IMMEDIATE`, taking the
 * write lock before the first read: a plain (deferred) transaction that reads the chain's last
 * row and then writes fails at once with SQLITE_BUSY when another process (a CLI beside the
 * server) wrote in between, where this one waits its turn (busy_timeout). On PostgreSQL it is an
 * ordinary transaction; `appendAudit` takes the advisory lock.
 *
 * `work` must use only the handle it is given.
 */
export async function auditedTransaction<T>(
  db: Database,
  work: (trx: Kysely<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  if (dialectOf(db as unknown as Kysely<unknown>) === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      // A failed commit may have ended the transaction already; the first error is the one to report.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
