// The kiosk's open-data pull through the real host: `openData.changes` over the real transport
// to a real server seeded with the demo open data, verified with the pinned content key as the
// renderer does, and a whole sync round that keeps the aimag's and the nation's records.
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPEN_DATASETS, openDataSchemas, type OpenDataset } from '../../../src-shared/schemas/open-data.js';
import { getMeta } from '../../../src-renderer/data/meta.js';
import { verifySignedPage } from '../../../src-renderer/sync/verify-page.js';
import { seedDemoOpenData } from '../../../src-server/open-data/demo-open-data.js';
import { createNodeKiosk } from '../../support/node-kiosk.js';
import { createTestServer, DEMO_PUBLIC_KEY, type TestServer } from '../server/helpers.js';

let server: TestServer;
let url: string;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  server = await createTestServer();
  await seedDemoOpenData(server.db);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  closers.push(() => server.close());
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function kiosk(openDataAimag?: string) {
  const k = createNodeKiosk({
    serverUrl: url,
    contentPublicKey: DEMO_PUBLIC_KEY,
    ...(openDataAimag ? { openDataAimag } : {}),
  });
  closers.push(() => k.close());
  return k;
}

describe('openData.changes on the kiosk host', () => {
  it("returns a page for aimag 83 that the renderer's check accepts, with the nation's records", async () => {
    const { bridge } = kiosk();
    const got = await bridge.call('openData.changes', { aimags: ['83'], after: 0, limit: 100 });
    expect(got.bytes).toBeGreaterThan(1000);
    const page = await verifySignedPage(got.signed, DEMO_PUBLIC_KEY, 0);
    expect(page.changes).toHaveLength(100);
    expect(page.more).toBe(true);
    for (const change of page.changes) {
      expect(change.type).toMatch(/^open-/);
      const record = openDataSchemas[change.type.slice(5) as OpenDataset].parse(change.data);
      expect(['00', '83']).toContain(record.aimag);
    }
  });

  it('refuses a malformed aimag before it leaves the renderer', async () => {
    const { bridge } = kiosk();
    await expect(
      bridge.call('openData.changes', { aimags: ['Баян-Өлгий'], after: 0, limit: 10 }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it("a sync round keeps the aimag's open data and the nation's, and a second round asks only what is new", async () => {
    const { db, sync } = kiosk('83');
    await sync.syncNow();
    const kept = await db.openData.toArray();
    expect(kept.length).toBeGreaterThan(1500);
    expect(new Set(kept.map((r) => r.aimag))).toEqual(new Set(['00', '83']));
    expect(new Set(kept.map((r) => r.type)).size).toBe(OPEN_DATASETS.length);
    const cursor = await getMeta(db, 'openDataCursor');
    expect(cursor).toBeGreaterThan(0);
    expect(await getMeta(db, 'openDataScope')).toBe('83');
    await sync.syncNow();
    expect(await db.openData.count()).toBe(kept.length);
    expect(await getMeta(db, 'openDataCursor')).toBe(cursor);
  });

  it('a sync engine given no aimag (a kiosk with no place) asks for no open data', async () => {
    const { db, sync } = kiosk();
    await sync.syncNow();
    expect(await db.openData.count()).toBe(0);
    expect(await getMeta(db, 'openDataCursor')).toBeUndefined();
  });
});
