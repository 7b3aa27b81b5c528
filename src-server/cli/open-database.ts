import { loadConfig } from '../config.js';
import { createDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';

/** Opens and migrates the database the server would use, for one-shot CLI commands. */
export async function openCliDatabase(): Promise<{ db: Database; logger: Logger }> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = createDatabase(config.database);
  await migrateToLatest(db, logger);
  return { db, logger };
}

/** Runs a CLI command, logging any failure and setting a non-zero exit code. */
export function runCli(command: () => Promise<void>): void {
  command().catch((err: unknown) => {
    createLogger('info').fatal(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
