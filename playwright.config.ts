import { defineConfig } from '@playwright/test';

/** Debian's Chromium, never a downloaded browser; the flags keep it off the closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// The kiosk host runs inside the test process; keep its logs to what matters.
process.env.LOG_LEVEL ??= 'warn';

/**
 * Under `npm run test:pg` (TSONKH_TEST_DATABASE=postgres) the journeys tagged `@server`
 * (SERVER_JOURNEY in tests/e2e/support/kiosk-env.ts: delivery exactly once, offline then online,
 * status back to the kiosk and the public tracker, law comments counted, a wiped kiosk) run again
 * with their server on PostgreSQL.
 */
const onPostgres = process.env.TSONKH_TEST_DATABASE?.trim() === 'postgres';

/**
 * The JSON report CI counts: each command names its own (scripts/test-all.mjs, test-faults.mjs,
 * screenshots.mjs), so running one never overwrites another's.
 */
const jsonReport =
  process.env.TSONKH_E2E_REPORT?.trim() ||
  (onPostgres ? 'test-results/playwright-pg.json' : 'test-results/playwright.json');

export default defineConfig({
  testDir: 'tests',
  // Three projects, one command each: the journeys of `npm test`, the fault tests that need a real
  // browser (killed, wiped, a long outage) of `npm run test:faults`, and the screenshot tours of
  // `npm run screenshots`. `npx playwright test` alone runs all three.
  projects: [
    { name: 'journeys', testMatch: 'e2e/**/*.spec.ts' },
    // The fault tests kill browsers and servers and time outages: one at a time, alone on the machine.
    { name: 'faults', testMatch: 'faults/**/*.spec.ts', workers: 1 },
    { name: 'screenshots', testMatch: 'screenshots/**/*.spec.ts', workers: 1 },
  ],
  ...(onPostgres ? { grep: /@server/ } : {}),
  outputDir: onPostgres ? 'test-results/e2e-pg' : 'test-results/e2e',
  // The PostgreSQL databases of the e2e worlds, dropped at the end (also what a killed run left).
  ...(onPostgres ? { globalTeardown: './tests/e2e/support/drop-e2e-databases.ts' } : {}),
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // Two spec files at a time: every journey has its own world (temp folder, free ports, its own
  // server process and database), and one journey keeps about one core busy, so on two cores two
  // at a time nearly halve `npm test`'s longest step. Tests within a file stay in order.
  // TSONKH_E2E_WORKERS=1 runs them one at a time (a slow or busy machine).
  workers: Number(process.env.TSONKH_E2E_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.TSONKH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1080, height: 1920 },
    trace: 'off',
  },
});
