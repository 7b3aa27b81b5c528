import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentPageSchema, type ContentChange, type ContentPage } from '../../../src-shared/protocol.js';
import { categorySchema, formSchema, serviceSchema } from '../../../src-shared/schemas/content.js';
import { seedDemoContent } from '../../../src-server/content/demo-seed.js';
import { authHeaders, countRows, createTestServer, DEMO_CHANGE_COUNT, type TestServer } from './helpers.js';

const schemas = { category: categorySchema, service: serviceSchema, form: formSchema };

describe('GET /api/v1/content/changes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  async function page(query: string): Promise<ContentPage> {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/content/changes${query}`,
      headers: authHeaders(),
    });
    expect(res.statusCode).toBe(200);
    return contentPageSchema.parse(res.json());
  }

  it('returns every demo change in seq order with valid entities', async () => {
    const all = await page('');
    expect(all.changes).toHaveLength(DEMO_CHANGE_COUNT);
    expect(all.more).toBe(false);
    expect(all.next).toBe(all.changes.at(-1)?.seq);
    const seqs = all.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const change of all.changes) {
      expect(change.op).toBe('put');
      expect(schemas[change.type].parse(change.data).id).toBe(change.id);
    }
  });

  it('pages with after/limit/next/more and loses nothing', async () => {
    const all = await page('?after=0&limit=1000');
    const collected: ContentChange[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const p = await page(`?after=${after}&limit=4`);
      pages++;
      expect(p.changes.length).toBeLessThanOrEqual(4);
      collected.push(...p.changes);
      expect(p.next).toBe(p.changes.at(-1)?.seq ?? after);
      after = p.next;
      if (!p.more) break;
    }
    expect(pages).toBe(Math.ceil(DEMO_CHANGE_COUNT / 4));
    expect(collected).toEqual(all.changes);
  });

  it('answers an empty page after the end with next = after', async () => {
    expect(await page('?after=999')).toEqual({ changes: [], next: 999, more: false });
  });

  it('adds no changes when the demo content is seeded again', async () => {
    const before = await countRows(server.db, 'content_changes');
    const result = await seedDemoContent(server.db);
    expect(result).toEqual({ published: [], skipped: DEMO_CHANGE_COUNT });
    expect(await countRows(server.db, 'content_changes')).toBe(before);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=5000', 'limit'],
    ['?after=-1', 'after'],
    ['?after=abc', 'after'],
    ['?after=1.5', 'after'],
  ])('refuses the query %s with a 400 naming %s', async (query, name) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/content/changes${query}`,
      headers: authHeaders(),
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain(`${name}:`);
  });
});
