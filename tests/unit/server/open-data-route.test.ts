// The kiosk's open-data pull: a signed page of its aimag's records (with the nation's), verified
// with the same pinned key as content, paged to the end; a kiosk without a credential gets 401
// and a malformed aimag list 400.
import { brotliDecompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedContentPageSchema, type SignedContentPage } from '../../../src-shared/protocol.js';
import { OPEN_DATASETS, openDataSchemas, type OpenDataset } from '../../../src-shared/schemas/open-data.js';
import { verifySignedPage } from '../../../src-server/content/signing.js';
import { seedDemoOpenData } from '../../../src-server/open-data/demo-open-data.js';
import { authHeaders, createTestServer, DEMO_PUBLIC_KEY, type TestServer } from './helpers.js';

describe('GET /api/v1/open-data/changes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
    await seedDemoOpenData(server.db);
  });
  afterEach(async () => {
    await server.close();
  });

  const get = (query: string, headers: Record<string, string> = authHeaders()) =>
    server.app.inject({ method: 'GET', url: `/api/v1/open-data/changes${query}`, headers });

  it('pages through one aimag and the nation, every record signed and valid', async () => {
    const aimags = new Set<string>();
    const types = new Set<string>();
    let after = 0;
    let count = 0;
    for (;;) {
      const res = await get(`?aimags=83&after=${after}&limit=500`, { ...authHeaders(), 'accept-encoding': 'br' });
      expect(res.statusCode).toBe(200);
      const body = res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload) : res.rawPayload;
      const signed: SignedContentPage = signedContentPageSchema.parse(JSON.parse(body.toString('utf8')));
      expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
      for (const change of signed.page.changes) {
        const dataset = change.type.replace(/^open-/, '') as OpenDataset;
        const record = openDataSchemas[dataset].parse(change.data);
        aimags.add(record.aimag);
        types.add(change.type);
        count += 1;
      }
      after = signed.page.next;
      if (!signed.page.more) break;
    }
    expect([...aimags].sort()).toEqual(['00', '83']);
    expect(types.size).toBe(OPEN_DATASETS.length);
    expect(count).toBeGreaterThan(1500);
  });

  it('refuses a kiosk without its credential and a malformed aimag list', async () => {
    expect((await get('?aimags=83', {})).statusCode).toBe(401);
    expect((await get('?aimags=8')).statusCode).toBe(400);
    expect((await get('?aimags=83;drop')).statusCode).toBe(400);
    expect((await get('')).statusCode).toBe(400);
  });
});
