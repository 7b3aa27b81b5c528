import { dropDatabasesNamed } from '../../support/test-database.js';
import { E2E_DATABASE_PREFIX } from './kiosk-env.js';

/** Playwright's global teardown on PostgreSQL: every e2e world's database goes, finished or not. */
export default async function dropE2eDatabases(): Promise<void> {
  await dropDatabasesNamed(E2E_DATABASE_PREFIX);
}
