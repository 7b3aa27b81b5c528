#!/usr/bin/env node
// `npm test`: every check a contributor needs, ending with one plain line: "tests: N passed, N
// failed, N skipped", and the time of each step. Typecheck, lint, format and build share the two
// cores in parallel (none of them writes what another reads); then the unit tests (some read the
// build) and the journeys in the browser. The slow fault tests (`npm run test:faults`) and the
// screenshot tours (`npm run screenshots`) are commands of their own; .ci/run runs all of them.
// Every step runs even after a failure, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { closingLine, countTests } from './test-counts.mjs';
import { printTimes, runInOrder, runTogether } from './steps.mjs';

export const UNIT_REPORT = 'test-results/vitest.json';
export const E2E_REPORT = 'test-results/playwright.json';

// Chromium first: without it every browser test would fail one by one. This installs it on
// Debian as root (as CI does) or stops here with the one command to run.
const tools = spawnSync(process.execPath, ['scripts/ensure-tools.mjs'], { stdio: 'inherit' });
if (tools.status !== 0) process.exit(1);

rmSync(UNIT_REPORT, { force: true });
rmSync(E2E_REPORT, { force: true });

const started = Date.now();
const checks = await runTogether([
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-b'] },
  { name: 'lint', cmd: 'npx', args: ['eslint', '--max-warnings=0', '.'] },
  { name: 'format', cmd: 'npx', args: ['prettier', '--check', '.'] },
  { name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] },
]);
const tests = await runInOrder([
  {
    name: 'unit',
    cmd: 'npx',
    args: ['vitest', 'run', 'tests/unit', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_REPORT}`],
  },
  {
    name: 'e2e',
    cmd: 'npx',
    args: ['playwright', 'test', '--project=journeys'],
    env: { TSONKH_E2E_REPORT: E2E_REPORT },
  },
]);
const results = [...checks, ...tests];
const failedSteps = results.filter((r) => !r.ok).map((r) => r.name);

printTimes(results, (Date.now() - started) / 1000);
const total = countTests([UNIT_REPORT, E2E_REPORT]);
// A step that failed without failing a test (typecheck, lint, build) still counts as a failure.
total.failed += failedSteps.filter((s) => s !== 'unit' && s !== 'e2e').length;
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${closingLine('tests', total)}`);
process.exit(failedSteps.length > 0 ? 1 : 0);
