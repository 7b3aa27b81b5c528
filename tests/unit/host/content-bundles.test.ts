import { createHash } from 'node:crypto';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBundleReader, MAX_BUNDLE_PAGE_BYTES } from '../../../src-main/content/content-bundles.js';
import { ContentBundleError } from '../../../src-main/content/content-bundle-error.js';
import { emptySignedPage, tempDir } from './fixtures.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function writeBundle(dir: string, pages: { after: number; body: string }[]): Promise<void> {
  await mkdir(path.join(dir, 'pages'), { recursive: true });
  const entries = [];
  for (const [i, p] of pages.entries()) {
    const file = `pages/${String(i + 1).padStart(6, '0')}.json`;
    await writeFile(path.join(dir, file), p.body);
    entries.push({ file, after: p.after, next: p.after, sha256: createHash('sha256').update(p.body).digest('hex') });
  }
  const manifest = {
    format: 'tsonkh-content-bundle',
    version: 1,
    keyId: '0123456789abcdef',
    createdAt: '2026-11-26T00:00:00Z',
    pages: entries,
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

describe('content bundles on a USB stick', () => {
  it('finds a bundle two folders below a root and reads its pages by cursor', async () => {
    const { dir, remove } = await tempDir('bundles-');
    cleanups.push(remove);
    const bundleDir = path.join(dir, 'media', 'technician', 'TSONKH-USB');
    await writeBundle(bundleDir, [{ after: 0, body: JSON.stringify(emptySignedPage(0)) }]);
    const reader = createBundleReader([path.join(dir, 'media')]);
    const found = await reader.find();
    expect(found).toHaveLength(1);
    expect(found[0]!.location).toBe(bundleDir);
    const page = await reader.page(found[0]!.id, 0);
    expect(page.signed?.page.after).toBe(0);
    expect(await reader.page(found[0]!.id, 99)).toEqual({ signed: null, bytes: 0 });
  });

  it('refuses a damaged page file (checksum) and an unknown bundle id', async () => {
    const { dir, remove } = await tempDir('bundles-');
    cleanups.push(remove);
    await writeBundle(dir, [{ after: 0, body: JSON.stringify(emptySignedPage(0)) }]);
    await writeFile(path.join(dir, 'pages/000001.json'), JSON.stringify(emptySignedPage(1)));
    const reader = createBundleReader([dir]);
    const [bundle] = await reader.find();
    await expect(reader.page(bundle!.id, 0)).rejects.toThrow(/checksum/);
    await expect(reader.page('nope', 0)).rejects.toMatchObject({ problem: 'unknown_bundle' });
  });

  it.skipIf(process.platform === 'win32')(
    'reads only regular files inside the bundle: links out, devices and huge files are refused without echoing them',
    async () => {
      const { dir, remove } = await tempDir('bundles-');
      cleanups.push(remove);
      const secret = path.join(dir, 'hostname');
      await writeFile(secret, 'kiosk-0421-secret-name');
      const stick = path.join(dir, 'stick');
      await writeBundle(stick, [
        { after: 0, body: JSON.stringify(emptySignedPage(0)) },
        { after: 1, body: JSON.stringify(emptySignedPage(1)) },
        { after: 2, body: JSON.stringify(emptySignedPage(2)) },
        { after: 3, body: JSON.stringify(emptySignedPage(3)) },
      ]);
      // After 1 → a file outside the stick; after 2 → an endless device; after 3 → a link to a page elsewhere.
      const replace = async (file: string, target: string) => {
        await rm(path.join(stick, 'pages', file));
        await symlink(target, path.join(stick, 'pages', file));
      };
      await replace('000002.json', secret);
      await replace('000003.json', '/dev/zero');
      await mkdir(path.join(dir, 'elsewhere'));
      await writeFile(path.join(dir, 'elsewhere', 'page.json'), JSON.stringify(emptySignedPage(3)));
      await replace('000004.json', path.join(dir, 'elsewhere', 'page.json'));
      const reader = createBundleReader([stick]);
      const [bundle] = await reader.find();
      expect((await reader.page(bundle!.id, 0)).signed?.page.after).toBe(0);
      for (const after of [1, 2, 3]) {
        const error = await reader.page(bundle!.id, after).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error).toBeInstanceOf(ContentBundleError);
        expect(error!.message).toMatch(/^bundle page (a link, not a file|outside its folder|not a regular file): /);
        expect(error!.message).not.toContain('secret');
      }
    },
  );

  it('refuses a page larger than the limit before reading it', async () => {
    const { dir, remove } = await tempDir('bundles-');
    cleanups.push(remove);
    await writeBundle(dir, [{ after: 0, body: ' '.repeat(MAX_BUNDLE_PAGE_BYTES + 1) }]);
    const reader = createBundleReader([dir]);
    const [bundle] = await reader.find();
    await expect(reader.page(bundle!.id, 0)).rejects.toThrow(/^bundle page larger than 16777216 bytes: /);
  });

  it('says a page is unreadable without quoting what is in it', async () => {
    const { dir, remove } = await tempDir('bundles-');
    cleanups.push(remove);
    await writeBundle(dir, [{ after: 0, body: 'kiosk-0421-secret-name' }]);
    const reader = createBundleReader([dir]);
    const [bundle] = await reader.find();
    await expect(reader.page(bundle!.id, 0)).rejects.toThrow(/^bundle page unreadable: pages\/000001\.json$/);
  });
});
