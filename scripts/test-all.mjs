#!/usr/bin/env node
// Runs every check in order and ends with one plain line: "tests: N passed, N failed, N skipped".
// Every step runs even after a failure, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { closingLine, countTests } from './test-counts.mjs';

const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '--max-warnings=0', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['build', 'npm', ['run', '--silent', 'build']],
  [
    'unit',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  ],
  ['e2e', 'npx', ['playwright', 'test']],
];

// Chromium first: without it every browser test would fail one by one. This installs it on
// Debian as root (as CI does) or stops here with the one command to run.
const tools = spawnSync(process.execPath, ['scripts/ensure-tools.mjs'], { stdio: 'inherit' });
if (tools.status !== 0) process.exit(1);

rmSync('test-results/vitest.json', { force: true });
rmSync('test-results/playwright.json', { force: true });

const failedSteps = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) failedSteps.push(name);
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${secs}s`);
}

const total = countTests(['test-results/vitest.json', 'test-results/playwright.json']);
// A step that failed without failing a test (typecheck, lint, build) still counts as a failure.
total.failed += failedSteps.filter((s) => s !== 'unit' && s !== 'e2e').length;
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${closingLine('tests', total)}`);
process.exit(failedSteps.length > 0 ? 1 : 0);
