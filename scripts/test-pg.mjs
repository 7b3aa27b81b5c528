#!/usr/bin/env node
// `npm run test:pg`: the server suites on PostgreSQL. Makes sure a PostgreSQL server is running
// (scripts/ensure-postgres.mjs), then runs vitest with TSONKH_TEST_DATABASE=postgres, so every
// test database is a fresh PostgreSQL database and the PostgreSQL-only tests run too; then the
// Playwright journeys that go through the server (tagged @server, see playwright.config.ts), their
// server on PostgreSQL. Extra arguments go to vitest alone instead of the default suites, e.g.
// `npm run test:pg -- tests/unit/server/status.test.ts`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
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
const E2E_REPORT = 'test-results/playwright-pg.json';
rmSync(REPORT, { force: true });
rmSync(E2E_REPORT, { force: true });
const args = process.argv.slice(2);
const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`];
const env = { ...process.env, TSONKH_TEST_DATABASE: 'postgres', TSONKH_TEST_PG: adminUrl };
const unit = spawnSync('npx', ['vitest', 'run', ...reporters, ...(args.length > 0 ? args : SERVER_SUITES)], {
  stdio: 'inherit',
  env,
});
// The journeys need the kiosk built (npm test builds it first; build it here when run alone).
let e2e = { status: 0 };
if (args.length === 0) {
  const built = existsSync('dist/renderer/index.html')
    ? { status: 0 }
    : spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  e2e = built.status === 0 ? spawnSync('npx', ['playwright', 'test'], { stdio: 'inherit', env }) : built;
}
const total = countTests([REPORT, E2E_REPORT]);
// A run that failed without a failing test (a runner did not start) still counts as a failure.
const failedRuns = [unit, e2e].filter((r) => r.status !== 0).length;
total.failed = Math.max(total.failed, failedRuns);
console.log(`\n${closingLine('postgres', total)}`);
process.exit(failedRuns === 0 ? 0 : 1);
