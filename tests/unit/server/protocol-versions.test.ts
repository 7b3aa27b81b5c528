import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { droppedMembers } from '../../../src-renderer/data/content-repo.js';
import { DEMO_CONTENT_DIR } from '../../../src-server/content/demo-seed.js';
import { contentEntitySchemas } from '../../../src-shared/schemas/content-entities.js';
import {
  contentTypeSchema,
  PREVIOUS_PROTOCOL_VERSION,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  requestProtocolVersion,
  signedContentPageSchema,
  type SignedContentPage,
} from '../../../src-shared/protocol.js';
import { verifySignedPage } from '../../../src-server/content/signing.js';
import { authHeaders, createTestServer, DEMO_PUBLIC_KEY, FIXTURE_CHANGE_COUNT, type TestServer } from './helpers.js';

describe('requestProtocolVersion', () => {
  it('reads no header as the previous version, a newer one as the current, and refuses what is not a version', () => {
    expect(requestProtocolVersion(undefined)).toBe(PREVIOUS_PROTOCOL_VERSION);
    expect(requestProtocolVersion('1')).toBe(1);
    expect(requestProtocolVersion('2')).toBe(PROTOCOL_VERSION);
    expect(requestProtocolVersion(['2', '1'])).toBe(PROTOCOL_VERSION);
    expect(requestProtocolVersion('9')).toBe(PROTOCOL_VERSION);
    for (const bad of ['', '0', 'two', '2.0', '-1', '99999']) expect(requestProtocolVersion(bad), bad).toBeNull();
  });
});

describe('content pages in the current and the previous protocol', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
    // A type newer than any protocol-1 kiosk (as `law-comment-counts` once was), with a member
    // no build knows yet.
    await server.db
      .insertInto('content_changes')
      .values({
        type: 'noise-map',
        entity_id: 'ulaanbaatar',
        op: 'put',
        data: JSON.stringify({ id: 'ulaanbaatar', decibels: 61 }),
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  afterEach(async () => {
    await server.close();
  });

  async function page(
    version: string | undefined,
    query = '',
  ): Promise<{ signed: SignedContentPage; answered: unknown; raw: unknown }> {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/content/changes${query}`,
      headers: { ...authHeaders(), ...(version === undefined ? {} : { [PROTOCOL_HEADER]: version }) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.vary).toContain(PROTOCOL_HEADER);
    return {
      signed: signedContentPageSchema.parse(res.json()),
      answered: res.headers[PROTOCOL_HEADER],
      raw: res.json(),
    };
  }

  it('gives a current kiosk every type, and the signed time', async () => {
    const { signed, answered } = await page('2');
    expect(answered).toBe('2');
    expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
    expect(signed.page.changes).toHaveLength(FIXTURE_CHANGE_COUNT + 1);
    expect(signed.page.changes.at(-1)).toMatchObject({ type: 'noise-map', data: { decibels: 61 } });
    expect(signed.page.signedAt).toBeDefined();
  });

  it('gives a kiosk that names no version only the members and types it knows, and moves its cursor past the rest', async () => {
    const { signed, answered, raw } = await page(undefined);
    expect(answered).toBe('1');
    expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
    expect(Object.keys((raw as { page: object }).page).sort()).toEqual(['after', 'changes', 'latest', 'more', 'next']);
    expect(signed.page.changes).toHaveLength(FIXTURE_CHANGE_COUNT);
    expect(signed.page.changes.some((c) => c.type === 'noise-map')).toBe(false);
    expect(signed.page).toMatchObject({ after: 0, next: FIXTURE_CHANGE_COUNT + 1, more: false });
    // From its new cursor it gets an empty page that keeps it there.
    const after = await page('1', `?after=${FIXTURE_CHANGE_COUNT + 1}`);
    expect(after.signed.page).toMatchObject({ changes: [], next: FIXTURE_CHANGE_COUNT + 1, more: false });
  });

  it('pages a previous-protocol kiosk by count without losing a change', async () => {
    const seen: number[] = [];
    let after = 0;
    for (let guard = 0; guard < 100; guard++) {
      const { signed } = await page('1', `?after=${after}&limit=10`);
      expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
      seen.push(...signed.page.changes.map((c) => c.seq));
      after = signed.page.next;
      if (!signed.page.more) break;
    }
    expect(seen).toEqual(Array.from({ length: FIXTURE_CHANGE_COUNT }, (_, i) => i + 1));
    expect(after).toBe(FIXTURE_CHANGE_COUNT + 1);
  });

  it('refuses a protocol header that is not a version', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/content/changes',
      headers: { ...authHeaders(), [PROTOCOL_HEADER]: 'latest' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'unsupported_protocol' } });
  });
});

describe('the demo content as this build reads it', () => {
  it('keeps nothing aside: every entity the server publishes is read whole by the kiosk', async () => {
    const server = await createTestServer({ contentDir: DEMO_CONTENT_DIR });
    try {
      const rows = await server.db
        .selectFrom('content_changes')
        .select(['seq', 'type', 'entity_id', 'op', 'data'])
        .execute();
      expect(rows.length).toBeGreaterThan(100);
      const partly = rows.flatMap((row) => {
        const type = contentTypeSchema.parse(row.type);
        const data: unknown = row.data === null ? undefined : JSON.parse(row.data);
        if (row.op !== 'put') return [];
        const parsed = contentEntitySchemas[type].safeParse(data);
        if (!parsed.success) return [`${type} ${row.entity_id}: unreadable`];
        return droppedMembers(data, parsed.data).map((m) => `${type} ${row.entity_id}: ${m}`);
      });
      expect(partly).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
