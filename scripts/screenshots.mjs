#!/usr/bin/env node
// `npm run screenshots`: the screenshot tours (tests/screenshots/), every screen in both
// orientations and three languages saved to tests/output/screenshots/ for a person to look at.
// The portrait tours in Kazakh and English also check every screen (axe WCAG 2.2 AA, 48 px
// targets), as `npm test`'s journey does in Mongolian; 200 % text is a journey of `npm test`.
// Builds the kiosk first when it is missing.
import { existsSync, rmSync } from 'node:fs';
import { closingLine, countTests } from './test-counts.mjs';
import { printTimes, runInOrder } from './steps.mjs';

export const SCREENSHOTS_REPORT = 'test-results/playwright-screenshots.json';

rmSync(SCREENSHOTS_REPORT, { force: true });
const started = Date.now();
const steps = [
  {
    name: 'screenshots',
    cmd: 'npx',
    args: ['playwright', 'test', '--project=screenshots'],
    env: { TSONKH_E2E_REPORT: SCREENSHOTS_REPORT },
  },
];
if (!existsSync('dist/renderer/index.html'))
  steps.unshift({ name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] });
const results = await runInOrder(steps);
const failed = results.filter((r) => !r.ok).length;
printTimes(results, (Date.now() - started) / 1000);
const total = countTests([SCREENSHOTS_REPORT]);
total.failed = Math.max(total.failed, failed);
console.log(`\n${closingLine('screenshots', total)}`);
process.exit(failed > 0 ? 1 : 0);
