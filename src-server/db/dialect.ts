import { PostgresAdapter, type QueryExecutorProvider } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which SQL dialect a Kysely instance (or transaction) speaks. Only migrations (column types
 * such as identity keys differ) and the PostgreSQL-only locks of `locks.ts` need this; queries
 * stay on the one portable Kysely code path.
 */
export function dialectOf(db: QueryExecutorProvider): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
