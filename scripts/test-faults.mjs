#!/usr/bin/env node
// `npm run test:faults`: the fault tests in tests/faults/, slow on purpose (thousands of
// submissions through a chaotic link, a server crashed fifty times, a browser killed a hundred
// times, 5,000 queued during an outage). The ones in Node run under Vitest, the ones that need a
// real browser under Playwright (project `faults`); both from here, with one closing line and the
// time of each. They need the kiosk built (`npm run build`; built here when missing).
import { existsSync, rmSync } from 'node:fs';
import { closingLine, countTests } from './test-counts.mjs';
import { printTimes, runInOrder } from './steps.mjs';

export const FAULTS_UNIT_REPORT = 'test-results/vitest-faults.json';
export const FAULTS_E2E_REPORT = 'test-results/playwright-faults.json';

rmSync(FAULTS_UNIT_REPORT, { force: true });
rmSync(FAULTS_E2E_REPORT, { force: true });

const started = Date.now();
const steps = [
  {
    name: 'faults (node)',
    cmd: 'npx',
    args: [
      'vitest',
      'run',
      'tests/faults',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${FAULTS_UNIT_REPORT}`,
    ],
  },
  {
    name: 'faults (browser)',
    cmd: 'npx',
    args: ['playwright', 'test', '--project=faults'],
    env: { TSONKH_E2E_REPORT: FAULTS_E2E_REPORT },
  },
];
if (!existsSync('dist/renderer/index.html'))
  steps.unshift({ name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] });
const results = await runInOrder(steps);
const failed = results.filter((r) => !r.ok).length;

printTimes(results, (Date.now() - started) / 1000);
const total = countTests([FAULTS_UNIT_REPORT, FAULTS_E2E_REPORT]);
total.failed = Math.max(total.failed, failed);
console.log(`\n${closingLine('faults', total)}`);
process.exit(failed > 0 ? 1 : 0);
