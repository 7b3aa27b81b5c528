// Counts passed, failed and skipped tests from the JSON reports the runners write, so every
// entry point (npm test, npm run test:pg, .ci/run) ends with the same plain closing line.
import { existsSync, readFileSync } from 'node:fs';

/** Vitest's JSON report (`--reporter=json`), or Playwright's (`reporter: json`), by its shape. */
function countReport(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (r.stats)
    return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
}

/** The sum over the reports that exist (a step that crashed before writing one counts nothing here). */
export function countTests(files) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files.filter((f) => existsSync(f))) {
    const c = countReport(file);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  return total;
}

/** `label: N passed, N failed, N skipped`: the closing line CI reads. */
export function closingLine(label, { passed, failed, skipped }) {
  return `${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

// `node scripts/test-counts.mjs LABEL FAILED_TIERS REPORT...`: prints the closing line over the
// reports; at least FAILED_TIERS failures, so a tier that failed without a failing test (a type
// error, a runner that never started) still shows in the count.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [label = 'tests', failedTiers = '0', ...files] = process.argv.slice(2);
  const total = countTests(files);
  total.failed = Math.max(total.failed, Number(failedTiers));
  console.log(closingLine(label, total));
}
