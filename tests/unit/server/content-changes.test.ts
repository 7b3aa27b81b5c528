import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  signedContentPageSchema,
  type ReceivedContentChange,
  type SignedContentPage,
} from '../../../src-shared/protocol.js';
import { categorySchema, formSchema, serviceSchema } from '../../../src-shared/schemas/content.js';
import { PAGE_ENVELOPE_BYTES } from '../../../src-server/content/changes-page.js';
import { seedDemoContent } from '../../../src-server/content/demo-seed.js';
import { publishChanges } from '../../../src-server/content/publish.js';
import { verifySignedPage } from '../../../src-server/content/signing.js';
import {
  authHeaders,
  countRows,
  createTestServer,
  DEMO_PUBLIC_KEY,
  FIXTURE_CHANGE_COUNT,
  FIXTURE_CONTENT_DIR,
  type TestServer,
} from './helpers.js';

const schemas: Record<string, { parse: (d: unknown) => { id: string } }> = {
  category: categorySchema,
  service: serviceSchema,
  form: formSchema,
};

describe('GET /api/v1/content/changes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const get = (query: string, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'GET',
      url: `/api/v1/content/changes${query}`,
      headers: { ...authHeaders(), [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...headers },
    });

  async function signed(query: string): Promise<{ signed: SignedContentPage; bytes: number }> {
    const res = await get(query);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    return { signed: signedContentPageSchema.parse(res.json()), bytes: res.rawPayload.length };
  }

  it('returns every change in seq order, signed with the demo key, with valid entities', async () => {
    const { signed: all } = await signed('');
    expect(verifySignedPage(all, DEMO_PUBLIC_KEY)).toBe(true);
    const page = all.page;
    expect(page.changes).toHaveLength(FIXTURE_CHANGE_COUNT);
    expect(page).toMatchObject({ after: 0, more: false, next: FIXTURE_CHANGE_COUNT, latest: FIXTURE_CHANGE_COUNT });
    expect(page.changes.map((c) => c.seq)).toEqual(Array.from({ length: FIXTURE_CHANGE_COUNT }, (_, i) => i + 1));
    for (const change of page.changes) {
      expect(change.op).toBe('put');
      const schema = schemas[change.type];
      if (schema) expect(schema.parse(change.data).id).toBe(change.id);
    }
    expect(new Set(page.changes.map((c) => c.type))).toEqual(
      new Set(['category', 'form', 'service', 'petition-category', 'place', 'law', 'law-article']),
    );
  });

  it('pages with after/limit/next/more and loses nothing', async () => {
    const { signed: all } = await signed('?after=0&limit=1000');
    const collected: ReceivedContentChange[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const { signed: p } = await signed(`?after=${after}&limit=5`);
      pages++;
      expect(p.page.after).toBe(after);
      expect(p.page.changes.length).toBeLessThanOrEqual(5);
      collected.push(...p.page.changes);
      expect(p.page.next).toBe(p.page.changes.at(-1)?.seq ?? after);
      after = p.page.next;
      if (!p.page.more) break;
    }
    expect(pages).toBe(Math.ceil(FIXTURE_CHANGE_COUNT / 5));
    expect(collected).toEqual(all.page.changes);
  });

  it.each([1024, 2048, 4096, 16_384])('bounds every page by maxBytes=%i and still loses nothing', async (maxBytes) => {
    const { signed: all } = await signed('?limit=1000&maxBytes=4194304');
    const collected: ReceivedContentChange[] = [];
    let after = 0;
    for (;;) {
      const { signed: p, bytes } = await signed(`?after=${after}&limit=1000&maxBytes=${maxBytes}`);
      expect(p.page.changes.length).toBeGreaterThan(0);
      if (p.page.changes.length > 1) {
        expect(bytes).toBeLessThanOrEqual(maxBytes);
      } else if (bytes > maxBytes) {
        // A change too large for any page travels alone.
        expect(Buffer.byteLength(JSON.stringify(p.page.changes[0]))).toBeGreaterThan(maxBytes - PAGE_ENVELOPE_BYTES);
      }
      collected.push(...p.page.changes);
      after = p.page.next;
      if (!p.page.more) break;
    }
    expect(collected).toEqual(all.page.changes);
  });

  it('makes pages in a few sizes only: any limit and maxBytes is rounded down to one, so every answer is cacheable', async () => {
    const body = async (query: string) => (await get(query, { 'accept-encoding': 'br' })).rawPayload;
    const page = await body('?after=0&limit=5&maxBytes=2048');
    for (const query of [
      '?after=0&limit=9&maxBytes=4095',
      '?after=0&limit=5&maxBytes=3000',
      '?after=0&limit=6&maxBytes=2049',
    ]) {
      expect((await body(query)).equals(page), query).toBe(true);
    }
    // Many odd sizes cost one compression each at most once: they land on the same few pages.
    const sizes = new Set<string>();
    for (let maxBytes = 1024; maxBytes < 1024 + 200 * 977; maxBytes += 977) {
      sizes.add((await body(`?after=0&limit=1000&maxBytes=${maxBytes}`)).toString('base64'));
    }
    expect(sizes.size).toBeLessThanOrEqual(8);
  });

  it('answers an empty page after the end with next = after', async () => {
    const { signed: p } = await signed('?after=999');
    expect(p.page).toMatchObject({ after: 999, changes: [], next: 999, more: false, latest: FIXTURE_CHANGE_COUNT });
    expect(Date.now() - Date.parse(p.page.signedAt!)).toBeLessThan(3_600_000);
    expect(verifySignedPage(p, DEMO_PUBLIC_KEY)).toBe(true);
  });

  it('adds no changes when the same content is seeded again', async () => {
    const before = await countRows(server.db, 'content_changes');
    const result = await seedDemoContent(server.db, FIXTURE_CONTENT_DIR);
    expect(result).toMatchObject({ published: [], put: 0, withdrawn: 0, unchanged: FIXTURE_CHANGE_COUNT });
    expect(await countRows(server.db, 'content_changes')).toBe(before);
  });

  it('serves what was published after a cached page', async () => {
    const first = await get('?after=20');
    expect((await get('?after=20')).rawPayload.equals(first.rawPayload)).toBe(true);
    await publishChanges(server.db, [{ op: 'delete', type: 'service', id: 'criminal-record-certificate' }]);
    const { signed: p } = await signed('?after=20');
    expect(p.page.changes.at(-1)).toMatchObject({ op: 'delete', id: 'criminal-record-certificate' });
    expect(p.page.latest).toBe(FIXTURE_CHANGE_COUNT + 1);
  });

  describe('compression', () => {
    it.each([
      ['br', 'br'],
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.2, gzip;q=0.9', 'gzip'],
      ['identity', undefined],
      ['deflate', undefined],
      ['br;q=0, gzip;q=0', undefined],
    ])('Accept-Encoding "%s" → %s, decoding to the same JSON', async (accept, expected) => {
      const plain = await get('?limit=1000');
      const res = await get('?limit=1000', { 'accept-encoding': accept });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(expected);
      expect(res.headers.vary).toContain('accept-encoding');
      expect(res.headers['content-type']).toContain('application/json');
      const decoded =
        expected === 'br'
          ? brotliDecompressSync(res.rawPayload)
          : expected === 'gzip'
            ? gunzipSync(res.rawPayload)
            : res.rawPayload;
      expect(decoded.equals(plain.rawPayload)).toBe(true);
      if (expected) expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    });

    it('leaves a page under 1 KB uncompressed', async () => {
      const res = await get('?after=999', { 'accept-encoding': 'br' });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.rawPayload.length).toBeLessThan(1024);
    });
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=5000', 'limit'],
    ['?after=-1', 'after'],
    ['?after=abc', 'after'],
    ['?after=1.5', 'after'],
    ['?maxBytes=100', 'maxBytes'],
    ['?maxBytes=99999999', 'maxBytes'],
  ])('refuses the query %s with a 400 naming %s', async (query, name) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain(`${name}:`);
  });
});
