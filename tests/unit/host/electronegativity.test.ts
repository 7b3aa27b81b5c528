import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ALLOWLIST = path.join(ROOT, 'src-main/electron/electronegativity-allowlist.json');

interface Allowed {
  rule: string;
  file: string;
  reason: string;
}
interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
}

/**
 * @doyensec/electronegativity over the Electron code (src-main/electron), as npm test runs it.
 * Skipped check: AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK asks the internet for Electron's release
 * list; the Electron version is pinned in package.json and upgraded on purpose, not by this scan.
 */
describe('electronegativity over src-main/electron', () => {
  it('finds nothing outside the allow-list, and every allow-list entry has a reason and a finding', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-eng-'));
    try {
      const electronVersion = (
        JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
      ).version;
      const report = path.join(out, 'report.sarif');
      await promisify(execFile)(
        path.join(ROOT, 'node_modules/.bin/electronegativity'),
        [
          '-i',
          'src-main/electron',
          '-o',
          report,
          '-e',
          electronVersion,
          '-x',
          'AvailableSecurityFixesGlobalCheck',
          '-v',
          'false',
        ],
        { cwd: ROOT, env: { ...process.env, LANG: 'en-US' } },
      );
      const sarif = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results: SarifResult[] }[] };
      const findings = sarif.runs[0]!.results.map((r) => {
        const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
        const file = uri.startsWith('/') && uri !== 'file:///' ? path.relative(ROOT, uri) : '';
        const line = r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
        return { rule: r.ruleId, file, where: `${file}:${line}`, text: r.message.text };
      });
      const { allowed } = JSON.parse(readFileSync(ALLOWLIST, 'utf8')) as { allowed: Allowed[] };
      for (const entry of allowed) expect(entry.reason.length, `${entry.rule}: a reason`).toBeGreaterThan(40);
      const isAllowed = (f: { rule: string; file: string }) =>
        allowed.some((a) => a.rule === f.rule && a.file === f.file);
      expect(findings.filter((f) => !isAllowed(f))).toEqual([]);
      const unused = allowed.filter((a) => !findings.some((f) => f.rule === a.rule && f.file === a.file));
      expect(unused, 'allow-list entries no finding needs any more').toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
