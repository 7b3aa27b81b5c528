import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * Keys of the PostgreSQL advisory locks the server takes. Fixed numbers, so every server
 * process on one database agrees on them; in hex they begin with "TSNK" in ASCII, so they are
 * easy to tell apart from any other application's locks in `pg_locks`.
 */
export const LOCK_KEYS = {
  /** Migration and demo seed at start-up (session lock; see `withStartupLock`). */
  startup: 0x54534e4b_0001,
  /** Assigning `status_changes.seq` (and storing a batch of submissions). */
  statusSequence: 0x54534e4b_0002,
  /** Assigning `content_changes.seq` (and deriving content, such as comment counts). */
  contentSequence: 0x54534e4b_0003,
  /** Appending to the audit log's hash chain (see `db/audit-chain-lock.ts`). */
  auditChain: 0x54534e4b_0004,
  /** Refreshing the 11-11 report's facts (`report/report-facts.ts`); taken last, after any of the above. */
  reportFacts: 0x54534e4b_0005,
  /** Assigning `open_data_records.seq` (an import of an open dataset; nothing else is held with it). */
  openDataSequence: 0x54534e4b_0006,
} as const;

/**
 * Serialises writers of one sequence until the caller's transaction ends.
 *
 * Kiosks page through the content log and their status changes by `seq > cursor`. PostgreSQL
 * hands out identity values when a row is inserted, not when it commits, so without this a
 * transaction holding seq 7 could commit after another holding seq 8, and a kiosk reading in
 * between would move its cursor to 8 and never see 7. Holding a transaction-scoped lock from
 * before the first sequence number is taken until commit makes sequence order commit order.
 * It also makes the reads a writer bases its decision on (is this tracking number taken, what are
 * a law's comment counts now) see every earlier writer's commit.
 *
 * Lock order, to rule out deadlocks: status before content, never the other way round.
 * On SQLite this does nothing: its single writer already serialises every write transaction.
 */
export async function lockSequence(trx: QueryExecutorProvider, key: keyof typeof LOCK_KEYS): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_KEYS[key])})`.execute(trx);
}

/**
 * Runs `work` while holding a session-level advisory lock on a connection of its own, so
 * servers started at the same moment on one empty PostgreSQL database migrate and seed it one
 * after the other (the second finds nothing left to do). `work` uses the pool's other
 * connections. On SQLite it simply runs `work` (one file, one writer, busy_timeout).
 */
export async function withStartupLock<DB, T>(db: Kysely<DB>, work: () => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'postgres') return work();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(LOCK_KEYS.startup)})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(LOCK_KEYS.startup)})`.execute(conn);
    }
  });
}
