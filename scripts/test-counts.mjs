// Counts passed, failed and skipped tests from the JSON reports the runners write, so every
// entry point (npm test, npm run test:pg, .ci/run) ends with the same plain closing line.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

/** Playwright's specs, however deep their describe blocks nest. */
function* playwrightSpecs(suites) {
  for (const suite of suites ?? []) {
    yield* suite.specs ?? [];
    yield* playwrightSpecs(suite.suites);
  }
}

/**
 * The failed tests of the reports that exist, one line each (`file › title`), first line of the
 * error after it: the end of a CI log is often all that is read, and it should name them.
 */
export function failedTests(files) {
  const lines = [];
  // Without colour codes (Playwright's messages carry them), first line only.
  const firstLine = (text) =>
    String(text ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  for (const file of files.filter((f) => existsSync(f))) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    if (r.stats) {
      for (const spec of playwrightSpecs(r.suites))
        for (const t of spec.tests)
          if (t.status === 'unexpected') {
            const error = t.results.at(-1)?.error?.message;
            lines.push(`${spec.file} › ${spec.title}: ${firstLine(error).slice(0, 200)}`);
          }
    } else {
      for (const suite of r.testResults ?? []) {
        const where = path.relative(process.cwd(), suite.name);
        for (const t of suite.assertionResults ?? [])
          if (t.status === 'failed')
            lines.push(`${where} › ${t.fullName}: ${firstLine(t.failureMessages?.[0]).slice(0, 200)}`);
        // A file that failed before any test ran (an import error) has no test to name.
        if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((t) => t.status === 'failed'))
          lines.push(`${where}: ${firstLine(suite.message).slice(0, 200)}`);
      }
    }
  }
  return lines;
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
  const failed = failedTests(files);
  if (failed.length > 0) console.log(`\nFailed tests:\n${failed.map((l) => `  ${l}`).join('\n')}\n`);
  console.log(closingLine(label, total));
}
