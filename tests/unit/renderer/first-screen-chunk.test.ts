import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../../dist/renderer');

/** The scripts the page loads before anything else: the entry and everything it imports statically. */
function firstScreenScripts(): Map<string, string> {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('no module script in dist/renderer/index.html');
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = readFileSync(path.join(DIST, file), 'utf8');
    seen.set(file, code);
    // Static imports only (`import … from "./x.js"`); dynamic `import("./x.js")` loads later.
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+\.js)["']/g))
      visit(path.posix.join(path.posix.dirname(file), m[1]!));
  };
  visit(entry);
  return seen;
}

describe.runIf(existsSync(path.join(DIST, 'index.html')))('the first screen’s scripts (the built renderer)', () => {
  it('leave the contract schemas (zod), the database and the other screens for later', () => {
    const scripts = firstScreenScripts();
    expect([...scripts.keys()].some((f) => f.includes('index-'))).toBe(true);
    for (const [file, code] of scripts) {
      expect(code, `${file} carries zod`).not.toMatch(/ZodError|\$ZodType/);
      expect(code, `${file} carries Dexie`).not.toContain('Dexie');
      expect(file, 'a lazy chunk is loaded statically').not.toMatch(/load-kiosk|\/(kk|en)-/);
    }
  });
});
