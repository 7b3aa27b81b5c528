import { loadConfig, type ServerConfig } from '../config.js';
import { createDatabase, type Database } from '../db/database.js';
import { withStartupLock } from '../db/locks.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';

/**
 * Opens and migrates the database the server would use, for one-shot CLI commands. `quiet`
 * (for commands that print plain text) logs only warnings unless LOG_LEVEL is set.
 */
export async function openCliDatabase(
  options: { quiet?: boolean } = {},
): Promise<{ db: Database; logger: Logger; config: ServerConfig }> {
  const config = loadConfig();
  const quiet = options.quiet === true && !process.env.LOG_LEVEL?.trim();
  const logger = createLogger(quiet ? 'warn' : config.logLevel);
  const db = createDatabase(config.database);
  // A CLI started while servers start on the same PostgreSQL database waits its turn to migrate.
  await withStartupLock(db, () => migrateToLatest(db, logger));
  return { db, logger, config };
}

/** Runs a CLI command, logging any failure and setting a non-zero exit code. */
export function runCli(command: () => Promise<void>): void {
  command().catch((err: unknown) => {
    createLogger('info').fatal(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
