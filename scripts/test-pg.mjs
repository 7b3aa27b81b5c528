#!/usr/bin/env node
// `npm run test:pg`: the server suites on PostgreSQL. Makes sure a PostgreSQL server is running
// (scripts/ensure-postgres.mjs), then runs vitest with TSONKH_TEST_DATABASE=postgres, so every
// test database is a fresh PostgreSQL database and the PostgreSQL-only tests run too.
// Extra arguments go to vitest instead of the default suites, e.g. `npm run test:pg -- tests/unit/server/status.test.ts`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { closingLine, countTests } from './test-counts.mjs';
import { ensurePostgres } from './ensure-postgres.mjs';

const SERVER_SUITES = ['tests/unit/server', 'tests/faults/'];

let adminUrl;
try {
  adminUrl = await ensurePostgres();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
const REPORT = 'test-results/vitest-pg.json';
rmSync(REPORT, { force: true });
const args = process.argv.slice(2);
const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`];
const r = spawnSync('npx', ['vitest', 'run', ...reporters, ...(args.length > 0 ? args : SERVER_SUITES)], {
  stdio: 'inherit',
  env: { ...process.env, TSONKH_TEST_DATABASE: 'postgres', TSONKH_TEST_PG: adminUrl },
});
const total = countTests([REPORT]);
// A run that failed without a failing test (vitest itself did not start) still counts as a failure.
if (r.status !== 0 && total.failed === 0) total.failed = 1;
console.log(`\n${closingLine('postgres', total)}`);
process.exit(r.status ?? 1);
