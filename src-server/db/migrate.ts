import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import type { Logger } from '../logger.js';
import { migrations } from './migrations/index.js';
import type { DatabaseSchema } from './schema.js';

const staticProvider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...migrations }) };

/**
 * Brings the schema up to date. Kysely's migrator takes a lock, so several servers starting
 * at once against one PostgreSQL database do not race. Throws (after logging) on failure:
 * a server must not serve from a half-migrated database.
 */
export async function migrateToLatest(db: Kysely<DatabaseSchema>, logger?: Logger): Promise<void> {
  // Unordered: numbers are reserved for work done in parallel (0011, 0012 landed after 0013 and
  // 0014), so a database already at 0014 still takes 0011 when it arrives.
  const migrator = new Migrator({ db, provider: staticProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger?.info({ migration: r.migrationName }, 'migration applied');
    else if (r.status === 'Error') logger?.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error(`Migration failed: ${String(error)}`);
  }
}

/**
 * Applies migrations up to and including `name` (or down to it), for tests of a migration over
 * data in an older schema, and for an operator who must stop at a known version.
 */
export async function migrateTo(db: Kysely<DatabaseSchema>, name: string): Promise<void> {
  if (!Object.hasOwn(migrations, name)) throw new Error(`No migration named ${name}`);
  const { error } = await new Migrator({ db, provider: staticProvider, allowUnorderedMigrations: true }).migrateTo(
    name,
  );
  if (error !== undefined) throw error instanceof Error ? error : new Error(`Migration failed: ${String(error)}`);
}
