import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import { DEMO_CONTENT_DIR } from '../../src-server/content/demo-seed.js';
import { loadContentFolder } from '../../src-server/content/content-folder.js';
import { publishContentFolder } from '../../src-server/content/publish.js';
import { entitySchemas } from '../../src-server/content/entity-schemas.js';
import type { ContentType } from '../../src-shared/protocol.js';
import { contentCursor } from '../../src-renderer/data/content-repo.js';
import type { TsonkhDb } from '../../src-renderer/data/db.js';
import { ContentSearch } from '../../src-renderer/search/content-search.js';
import { createTestServer, DEMO_PUBLIC_KEY, type TestServer } from '../unit/server/helpers.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { seededRandom } from './support/prng.js';
import { createNodeKiosk } from '../support/node-kiosk.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(contentDir = DEMO_CONTENT_DIR) {
  const server: TestServer = await createTestServer({ contentDir });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (server.app.server.address() as { port: number }).port;
  const proxy: FaultProxy = await startFaultProxy({ host: '127.0.0.1', port });
  const kiosk = createNodeKiosk({ serverUrl: proxy.url, contentPublicKey: DEMO_PUBLIC_KEY, timeoutMs: 3000 });
  cleanups.push(server.close, proxy.close, kiosk.close);
  return { server, proxy, kiosk };
}

function tableFor(db: TsonkhDb, type: ContentType) {
  const tables = {
    category: db.categories,
    service: db.services,
    form: db.forms,
    'petition-category': db.petitionCategories,
    place: db.places,
    law: db.laws,
    'law-article': db.lawArticles,
    'law-comment-counts': db.lawCommentCounts,
    'petition-report': db.petitionReports,
  } as const;
  return tables[type] as unknown as { toArray(): Promise<{ id: string }[]> };
}

/** Every entity the server currently publishes, parsed as the kiosk parses it, by type and id. */
async function serverContent(server: TestServer): Promise<Map<string, string>> {
  const rows = await server.db.selectFrom('content_current').selectAll().execute();
  return new Map(
    rows.map((r) => {
      const type = r.type as ContentType;
      const parsed = entitySchemas[type].parse(JSON.parse(r.data as string));
      return [`${type}:${r.entity_id}`, canonicalJson(parsed)];
    }),
  );
}

async function kioskContent(db: TsonkhDb): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const type of Object.keys(entitySchemas) as ContentType[]) {
    for (const e of await tableFor(db, type).toArray()) out.set(`${type}:${e.id}`, canonicalJson(e));
  }
  return out;
}

describe('content sync over a bad link', () => {
  it.each([20261126, 7, 4242, 99991, 123456])(
    'a link cut at random points converges to exactly the server’s content (seed %i)',
    async (seed) => {
      const { server, proxy, kiosk } = await world();
      const latest = Number(
        (
          await server.db
            .selectFrom('content_changes')
            .select((eb) => eb.fn.max('seq').as('m'))
            .executeTakeFirstOrThrow()
        ).m,
      );
      const random = seededRandom(seed);
      let attempts = 0;
      while ((await contentCursor(kiosk.db)) < latest) {
        attempts++;
        expect(attempts, 'sync should converge').toBeLessThan(80);
        // Each connection is cut at a fresh point within the ~50 KB the whole compressed sync takes.
        proxy.mode = { cutAfterDownBytes: () => 300 + Math.floor(random() * 30_000) };
        await kiosk.sync.syncNow();
      }
      expect(proxy.stats.cuts).toBeGreaterThan(0);
      expect(await kioskContent(kiosk.db)).toEqual(await serverContent(server));
    },
  );

  it('connections reset by the link are survived the same way', async () => {
    const { server, proxy, kiosk } = await world();
    proxy.mode = { reset: true };
    await kiosk.sync.syncNow();
    expect(kiosk.sync.getState().online).toBe(false);
    proxy.mode = {};
    await kiosk.sync.syncNow();
    expect(await kioskContent(kiosk.db)).toEqual(await serverContent(server));
  });

  it('latency and a bandwidth cap slow the sync down but do not change what arrives', async () => {
    const { server, proxy, kiosk } = await world();
    proxy.mode = { latencyMs: 40, bytesPerSecond: 256 * 1024 };
    await kiosk.sync.syncNow();
    expect(await kioskContent(kiosk.db)).toEqual(await serverContent(server));
  });

  it('a black-holed link times out and leaves the kiosk usable with what it had', async () => {
    const { proxy, kiosk } = await world();
    await kiosk.sync.syncNow();
    const before = await contentCursor(kiosk.db);
    proxy.mode = { blackHole: true };
    const started = Date.now();
    await kiosk.sync.syncNow();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(kiosk.sync.getState().online).toBe(false);
    expect(await contentCursor(kiosk.db)).toBe(before);
    expect(await kiosk.db.services.count()).toBeGreaterThan(0);
  });
});

describe('publishing changes reach the kiosk', () => {
  async function editableCopy(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsonkh-content-'));
    await cp(DEMO_CONTENT_DIR, dir, { recursive: true });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  it('a withdrawn service disappears from the kiosk and from its search', async () => {
    const dir = await editableCopy();
    const { server, kiosk } = await world(dir);
    const search = new ContentSearch();
    kiosk.sync.onContent((applied) => search.apply(applied));
    await kiosk.sync.syncNow();
    expect(await kiosk.db.services.get('criminal-record-certificate')).toBeDefined();
    expect(search.search('шийтгэлгүй').map((h) => h.ref)).toContain('criminal-record-certificate');

    const services = JSON.parse(await readFile(path.join(dir, 'services.json'), 'utf8')) as { id: string }[];
    await writeFile(
      path.join(dir, 'services.json'),
      JSON.stringify(services.filter((s) => s.id !== 'criminal-record-certificate')),
    );
    const result = await publishContentFolder(server.db, await loadContentFolder(dir));
    expect(result.withdrawn).toBe(1);
    await kiosk.sync.syncNow();
    expect(await kiosk.db.services.get('criminal-record-certificate')).toBeUndefined();
    expect(search.search('шийтгэлгүй').map((h) => h.ref)).not.toContain('criminal-record-certificate');
    expect(await kioskContent(kiosk.db)).toEqual(await serverContent(server));
  });

  it('editing one article sends that one article', async () => {
    const dir = await editableCopy();
    const { server, kiosk } = await world(dir);
    await kiosk.sync.syncNow();
    const file = path.join(dir, 'laws/petitions-law/text.md');
    const text = await readFile(file, 'utf8');
    const edited = text.replace(/^(12\.1\.)(.*)$/m, '$1$2 Энэ өгүүлбэрийг засварласан.');
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    await publishContentFolder(server.db, await loadContentFolder(dir));
    const applied: string[] = [];
    kiosk.sync.onContent((changes) => applied.push(...changes.map((c) => `${c.type}:${c.id}`)));
    await kiosk.sync.syncNow();
    expect(applied).toEqual(['law-article:petitions-law.12']);
    const article = await kiosk.db.lawArticles.get('petitions-law.12');
    expect(article?.paragraphs[0]?.text.mn).toContain('Энэ өгүүлбэрийг засварласан.');
  });
});
