import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONTENT_DIR } from '../../src-server/content/demo-seed.js';
import { exportContentBundle } from '../../src-server/content/bundle.js';
import { contentCursor } from '../../src-renderer/data/content-repo.js';
import { ContentRejectedError } from '../../src-renderer/sync/verify-page.js';
import { createTestServer, DEMO_KEY, DEMO_PUBLIC_KEY } from '../unit/server/helpers.js';
import { createNodeKiosk } from '../support/node-kiosk.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A kiosk that has never been online, and a USB stick with a bundle exported by the server. */
async function setup() {
  const server = await createTestServer({ contentDir: DEMO_CONTENT_DIR });
  const usb = await mkdtemp(path.join(os.tmpdir(), 'tsonkh-usb-'));
  const bundleDir = path.join(usb, 'technician', 'TSONKH');
  await exportContentBundle(server.db, DEMO_KEY, bundleDir, { maxBytes: 64 * 1024 });
  // No server address that answers: the kiosk is offline; only the USB stick can help.
  const kiosk = createNodeKiosk({
    serverUrl: 'http://127.0.0.1:9',
    contentPublicKey: DEMO_PUBLIC_KEY,
    importDirs: [usb],
  });
  cleanups.push(server.close, () => rm(usb, { recursive: true, force: true }), kiosk.close);
  const importBundle = async () => {
    const { bundles } = await kiosk.bridge.call('content.findBundles', {});
    expect(bundles).toHaveLength(1);
    return kiosk.sync.importFrom((after) =>
      kiosk.bridge
        .call('content.bundlePage', { bundleId: bundles[0]!.id, after })
        .then((r) => (r.signed ? { signed: r.signed, bytes: r.bytes } : null)),
    );
  };
  return { server, kiosk, bundleDir, importBundle };
}

describe('content from a USB stick', () => {
  it('an offline kiosk imports the whole catalogue, verified page by page like a sync', async () => {
    const { server, kiosk, importBundle } = await setup();
    const done = await importBundle();
    const latest = await server.db
      .selectFrom('content_changes')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirstOrThrow();
    expect(await contentCursor(kiosk.db)).toBe(Number(latest.m));
    expect(done.items).toBe(Number(latest.m));
    expect(await kiosk.db.lawArticles.where('lawId').equals('petitions-law').count()).toBe(110);
    // Importing again adds nothing: the bundle has no page after the kiosk's cursor.
    expect((await importBundle()).items).toBe(0);
  });

  it('a page altered on the stick (with its checksum fixed up) is refused by the signature', async () => {
    const { kiosk, bundleDir, importBundle } = await setup();
    const manifestPath = path.join(bundleDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { pages: { file: string; sha256: string }[] };
    const second = manifest.pages[1]!;
    const pageFile = path.join(bundleDir, second.file);
    const original = await readFile(pageFile, 'utf8');
    const altered = original.replace('Өлгий', 'Өлгии');
    expect(altered).not.toBe(original);
    await writeFile(pageFile, altered);
    second.sha256 = createHash('sha256').update(altered).digest('hex');
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expect(importBundle()).rejects.toBeInstanceOf(ContentRejectedError);
    // The first page was good and stays applied; nothing of the altered page was written.
    const cursor = await contentCursor(kiosk.db);
    expect(cursor).toBeGreaterThan(0);
    expect(kiosk.sync.getState().contentError).toMatch(/bad_signature/);
  });
});
