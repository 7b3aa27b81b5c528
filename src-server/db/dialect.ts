import { PostgresAdapter, type Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which SQL dialect a Kysely instance speaks. Only migrations need this (column types such as
 * identity keys differ); queries stay on the one portable Kysely code path.
 */
export function dialectOf(db: Kysely<unknown>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
