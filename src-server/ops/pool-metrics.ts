import { Gauge, type Registry } from 'prom-client';

/**
 * What a connection pool can say about itself, in the shape `pg.Pool` already has, so a
 * PostgreSQL pool is reported by passing it as it is.
 */
export interface PoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  /** Queries queued for a connection. */
  readonly waitingCount: number;
}

/**
 * The embedded SQLite database as a pool: one connection, open for the life of the server.
 * better-sqlite3 runs each statement to its end on the event loop, and a scrape runs on that
 * same loop, so between statements — the only time a scrape can look — the connection is idle.
 * What this cannot see is a transaction holding Kysely's connection lock across awaits, nor
 * queries queued behind it: SQLite's pressure shows up in request latency instead.
 */
export const SQLITE_POOL: PoolLike = { totalCount: 1, idleCount: 1, waitingCount: 0 };

/**
 * Reports `pool` at every scrape as `tsonkh_db_pool_connections{state="total|idle|in_use"}` and
 * `tsonkh_db_pool_waiting`. Read when scraped, never cached, so the numbers are those of the moment.
 */
export function registerPoolMetrics(registry: Registry, pool: PoolLike): void {
  new Gauge({
    name: 'tsonkh_db_pool_connections',
    help: 'Database connections by state (SQLite: one connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'in_use' }, Math.max(0, pool.totalCount - pool.idleCount));
    },
  });
  new Gauge({
    name: 'tsonkh_db_pool_waiting',
    help: 'Queries waiting for a database connection',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
}
