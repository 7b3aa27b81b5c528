import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedContentPageSchema, type ReceivedContentChange } from '../../../src-shared/protocol.js';
import {
  BUNDLE_FORMAT,
  bundleManifestSchema,
  exportContentBundle,
  verifyContentBundle,
} from '../../../src-server/content/bundle.js';
import { readChangesPage } from '../../../src-server/content/changes-page.js';
import { seedDemoContent } from '../../../src-server/content/demo-seed.js';
import { generateContentKey, verifySignedPage } from '../../../src-server/content/signing.js';
import {
  DEMO_KEY,
  DEMO_PUBLIC_KEY,
  FIXTURE_CHANGE_COUNT,
  FIXTURE_CONTENT_DIR,
  openTestDatabase,
  type TestDatabase,
} from './helpers.js';
import { collectLogLines, spawnEntry, waitForExit, PROCESS_SUITE } from './process.js';

describe('content bundle for USB', PROCESS_SUITE, () => {
  let t: TestDatabase;
  let out: string;
  beforeEach(async () => {
    t = await openTestDatabase();
    await seedDemoContent(t.db, FIXTURE_CONTENT_DIR);
    out = path.join(t.dir, 'bundle');
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('writes signed pages and a manifest that round-trip to every change, in order', async () => {
    const now = new Date('2026-11-26T03:00:00Z');
    const manifest = await exportContentBundle(t.db, DEMO_KEY, out, { maxBytes: 4096, now });
    expect(manifest).toMatchObject({
      format: BUNDLE_FORMAT,
      version: 1,
      keyId: DEMO_KEY.keyId,
      createdAt: now.toISOString(),
    });
    expect(manifest.pages.length).toBeGreaterThan(3);
    expect(bundleManifestSchema.parse(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')))).toEqual(
      manifest,
    );
    expect((await readdir(path.join(out, 'pages'))).sort()).toEqual(manifest.pages.map((p) => path.basename(p.file)));
    expect(manifest.pages[0]!.file).toBe('pages/000001.json');

    const changes: ReceivedContentChange[] = [];
    let cursor = 0;
    for (const entry of manifest.pages) {
      const signed = signedContentPageSchema.parse(JSON.parse(await readFile(path.join(out, entry.file), 'utf8')));
      expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
      expect(signed.page.after).toBe(cursor);
      expect([entry.after, entry.next]).toEqual([signed.page.after, signed.page.next]);
      changes.push(...signed.page.changes);
      cursor = signed.page.next;
    }
    const all = await readChangesPage(t.db, { after: 0, limit: 1000, maxBytes: 4_194_304 });
    expect(changes).toEqual(all.changes);
    expect(cursor).toBe(FIXTURE_CHANGE_COUNT);

    const check = await verifyContentBundle(out, DEMO_PUBLIC_KEY);
    expect(check.problems).toEqual([]);
    expect(check.changes).toBe(FIXTURE_CHANGE_COUNT);
  });

  it('starts after a cursor, and writes an empty bundle when nothing is newer', async () => {
    const manifest = await exportContentBundle(t.db, DEMO_KEY, out, { after: 20 });
    expect(manifest.pages).toEqual([expect.objectContaining({ after: 20, next: FIXTURE_CHANGE_COUNT })]);
    const empty = await exportContentBundle(t.db, DEMO_KEY, path.join(t.dir, 'empty'), { after: FIXTURE_CHANGE_COUNT });
    expect(empty.pages).toEqual([]);
    expect((await verifyContentBundle(path.join(t.dir, 'empty'), DEMO_PUBLIC_KEY)).problems).toEqual([]);
  });

  it('refuses a non-empty folder unless forced, and then replaces only its bundle', async () => {
    await mkdir(out);
    await writeFile(path.join(out, 'README.txt'), 'for the Ölgii kiosk');
    await expect(exportContentBundle(t.db, DEMO_KEY, out)).rejects.toThrow(/not empty.*--force/);
    await exportContentBundle(t.db, DEMO_KEY, out, { maxBytes: 2048, force: true });
    const small = (await readdir(path.join(out, 'pages'))).length;
    await exportContentBundle(t.db, DEMO_KEY, out, { force: true });
    expect((await readdir(path.join(out, 'pages'))).length).toBeLessThan(small);
    expect(await readFile(path.join(out, 'README.txt'), 'utf8')).toBe('for the Ölgii kiosk');
    expect((await verifyContentBundle(out, DEMO_PUBLIC_KEY)).problems).toEqual([]);
  });

  it('finds a tampered page, a wrong key and a missing page', async () => {
    const manifest = await exportContentBundle(t.db, DEMO_KEY, out, { maxBytes: 4096 });
    expect((await verifyContentBundle(out, generateContentKey().key.publicKey)).problems).toHaveLength(
      manifest.pages.length,
    );
    const second = path.join(out, manifest.pages[1]!.file);
    const text = await readFile(second, 'utf8');
    await writeFile(second, text.replace('"more":true', '"more":false'));
    const tampered = await verifyContentBundle(out, DEMO_PUBLIC_KEY);
    expect(tampered.problems).toEqual([
      `${manifest.pages[1]!.file}: SHA-256 does not match the manifest`,
      `${manifest.pages[1]!.file}: signature does not verify with the given public key`,
    ]);
    await writeFile(second, text);
    const [, second2, third, fourth] = manifest.pages;
    await writeFile(
      path.join(out, 'manifest.json'),
      JSON.stringify({ ...manifest, pages: manifest.pages.filter((p) => p !== third) }),
    );
    expect((await verifyContentBundle(out, DEMO_PUBLIC_KEY)).problems).toEqual([
      `${fourth!.file}: starts after ${third!.next}, not ${second2!.next}`,
    ]);
  });

  it('npm run export-content writes and verifies a bundle, and refuses a non-empty folder', async () => {
    const run = async (args: string[]) => {
      const child = await spawnEntry('src-server/cli/export-content.ts', args, {
        TSONKH_DATA_DIR: t.dir,
        DATABASE_URL: t.url,
        TSONKH_DEMO: '1',
      });
      const stdout = collectLogLines(child);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const { code } = await waitForExit(child);
      return { code, stdout: stdout.map((l) => String(l.msg)).join('\n'), stderr };
    };
    const first = await run([out, '--max-bytes', '4096']);
    expect(first.stderr).toContain('public demo key');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`Exported ${FIXTURE_CHANGE_COUNT} changes \\(1–${FIXTURE_CHANGE_COUNT}\\) in \\d+ pages`),
    );
    expect(first.stdout).toContain(`Signed with key ${DEMO_KEY.keyId}; every page verified.`);
    expect((await verifyContentBundle(out, DEMO_PUBLIC_KEY)).problems).toEqual([]);

    const again = await run([out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    expect((await run([out, '--after', '20', '--force'])).code).toBe(0);
    const bad = await run([out, '--max-bytes', '10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: npm run export-content');
  });
});
