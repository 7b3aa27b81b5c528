import { deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicationDetailSchema,
  publicationListSchema,
  publicationPreviewSchema,
  publicationRefusedSchema,
  publicationSchema,
  type PublicationPreview,
} from '../../../src-shared/console/publish-api.js';
import { signedContentPageSchema, type ReceivedContentChange } from '../../../src-shared/protocol.js';
import { CONSOLE_ROUTE_POLICIES } from '../../../src-server/console/policy.js';
import { PUBLICATION_ROUTE_DOCS } from '../../../src-server/http/publication-route-docs.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs, type ConsoleClient } from './console-helpers.js';
import { authHeaders, createTestServer, type TestServer } from './helpers.js';
import { editJson, fixtureFiles, lineOf, zipEntries, zipFolder, type FolderFiles } from './publication-zips.js';

/**
 * Publishing from the console, end to end over HTTP on the database under test: a zip with
 * mistakes, a good one previewed, published, seen by a kiosk, listed, put back as it was; and
 * zips that try to harm the server, refused in words.
 */
describe('publishing content from the console', () => {
  let server: TestServer;
  let publisher: ConsoleClient;
  let auditor: ConsoleClient;

  beforeAll(async () => {
    server = await createTestServer();
    for (const role of ['publisher', 'auditor', 'admin'] as const)
      await addTestOperator(server.db, OPERATORS_BY_ROLE[role]);
    publisher = await signInAs(server.app, 'publisher');
    auditor = await signInAs(server.app, 'auditor');
  });
  afterAll(async () => {
    await server.close();
  });

  const preview = (zip: Buffer, name = 'content.zip', client = publisher) =>
    server.app.inject({
      method: 'POST',
      url: `/console/api/publications/preview?name=${encodeURIComponent(name)}`,
      headers: { ...client.headers(true), 'content-type': 'application/zip' },
      payload: zip,
    });
  const publish = (body: object, client = publisher) =>
    server.app.inject({
      method: 'POST',
      url: '/console/api/publications',
      headers: client.headers(true),
      payload: body,
    });
  const goodPreview = async (files: FolderFiles): Promise<PublicationPreview> => {
    const res = await preview(zipFolder(files));
    expect(res.statusCode, res.body).toBe(200);
    return publicationPreviewSchema.parse(res.json());
  };
  const contentRows = () =>
    server.db
      .selectFrom('content_current')
      .select(['type', 'entity_id', 'data'])
      .orderBy('type')
      .orderBy('entity_id')
      .execute();
  const changeCount = async () =>
    Number(
      (
        await server.db
          .selectFrom('content_changes')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const kioskChangesAfter = async (after: number): Promise<ReceivedContentChange[]> => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/content/changes?after=${after}`,
      headers: authHeaders(),
    });
    expect(res.statusCode).toBe(200);
    return signedContentPageSchema.parse(res.json()).page.changes;
  };
  const latestSeq = async () =>
    Number(
      (
        await server.db
          .selectFrom('content_changes')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );
  const lastAudit = () =>
    server.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();

  /** The fixture with four edits: one of each kind, and a law article's text. */
  function editedFixture(): FolderFiles {
    const files = fixtureFiles();
    editJson<Array<{ title: { mn: string } }>>(files, 'services.json', (s) => {
      s[0]!.title.mn = 'Төрсний бүртгэлийн лавлагаа (шинэ)';
    });
    editJson<Array<{ id: string; dueDays: number }>>(files, 'petition-categories.json', (c) => {
      c.find((x) => x.id === 'complaint')!.dueDays = 14;
    });
    editJson<unknown[]>(files, 'places.json', (p) => {
      p.pop(); // Arkhangai (65) withdrawn
      p.push({ id: '67', name: { mn: 'Булган', kk: 'Булған', en: 'Bulgan' }, kind: 'aimag', soums: [], order: 3 });
    });
    files['laws/test-law/text.md'] = files['laws/test-law/text.md']!.replace('2027 оны', '2028 оны');
    return files;
  }

  it('names every problem of a zip with mistakes by file and line, and publishes nothing', async () => {
    const files = fixtureFiles();
    editJson<Array<Record<string, unknown>>>(files, 'services.json', (s) => {
      s[3]!.feeMnt = -5;
      s[4]!.formID = 'typo';
    });
    files['laws/test-law/text.md'] = files['laws/test-law/text.md']!.replace('### 2 дугаар зүйл', '### 2 дүгээр зүйл');
    const before = await changeCount();
    // places.json saved in Windows-1251 (its Cyrillic would turn to garbage); categories.json with
    // a byte-order mark (fine: Windows editors write one).
    const raw = {
      'places.json': iconv.encode(files['places.json']!, 'win1251'),
      'categories.json': new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(files['categories.json']!)]),
    };
    // Zipped as a folder ("content/…"): the top folder is not part of the names.
    const res = await preview(zipFolder(files, 'content', raw));
    expect(res.statusCode, res.body).toBe(422);
    const body = publicationRefusedSchema.parse(res.json());
    const services = 'services.json';
    const feeLine = lineOf(files, services, '"feeMnt": -5');
    expect(body.problems).toEqual([
      { file: services, line: feeLine, path: '[3].feeMnt', message: expect.stringContaining('social-insurance') },
      {
        file: services,
        line: lineOf(files, services, '"formID"'),
        path: '[4].formID',
        message: expect.stringContaining('unknown field'),
      },
      {
        file: 'places.json',
        line: lineOf(files, 'places.json', 'Улаанбаатар'),
        message: expect.stringContaining('is not UTF-8 text'),
      },
      {
        file: 'laws/test-law/text.md',
        line: lineOf(files, 'laws/test-law/text.md', '### 2 дүгээр зүйл'),
        message: expect.stringContaining('wrong suffix'),
      },
    ]);
    expect(await changeCount()).toBe(before);
    expect(await lastAudit()).toMatchObject({ action: 'content.preview', outcome: 'failed', actor_login: 'publisher' });
  });

  let firstPublicationId = 0;
  let stateAfterFirst: Awaited<ReturnType<typeof contentRows>> = [];

  it('previews exactly the changes of a good zip, with their text, and writes nothing', async () => {
    const before = await changeCount();
    const p = await goodPreview(editedFixture());
    expect(p.source).toEqual({ kind: 'upload', fileName: 'content.zip' });
    expect(p.changes.map((c) => [c.kind, c.type, c.id])).toEqual([
      ['changed', 'service', 'birth-registration-reference'],
      ['changed', 'petition-category', 'complaint'],
      ['added', 'place', '67'],
      ['changed', 'law-article', 'test-law.4'],
      ['withdrawn', 'place', '65'],
    ]);
    expect(p.counts).toMatchObject({ added: 1, changed: 3, withdrawn: 1 });
    expect(p.changes[1]!.diff).toEqual([
      { op: 'removed', text: 'dueDays: 30' },
      { op: 'added', text: 'dueDays: 14' },
    ]);
    expect(p.changes[2]!.diff).toContainEqual({ op: 'added', text: 'name.mn: Булган' });
    const service = p.changes[0]!;
    expect(service.label).toBe('Төрсний бүртгэлийн лавлагаа (шинэ)');
    expect(service.diff).toEqual([
      { op: 'removed', text: 'title.mn: Төрсний бүртгэлийн лавлагаа' },
      { op: 'added', text: 'title.mn: Төрсний бүртгэлийн лавлагаа (шинэ)' },
    ]);
    const article = p.changes[3]!;
    expect(article.diff).toEqual(
      expect.arrayContaining([
        { op: 'removed', text: expect.stringContaining('2027 оны') },
        { op: 'added', text: expect.stringContaining('2028 оны') },
      ]),
    );
    expect(p.changes[4]!.diff.every((l) => l.op === 'removed')).toBe(true);
    expect(p.changes[4]!.label).toBe('Архангай');
    expect(await changeCount()).toBe(before);
  });

  it('publishes exactly the preview with a note: the kiosk feed has the changes, the history says who, when and why', async () => {
    const p = await goodPreview(editedFixture());
    const cursor = await latestSeq();
    const res = await publish({
      previewId: p.previewId,
      contentHash: p.contentHash,
      note: 'Архангайн оронд Булган, гомдлын хугацаа 14 хоног',
    });
    expect(res.statusCode, res.body).toBe(201);
    const publication = publicationSchema.parse(res.json());
    firstPublicationId = publication.id;
    expect(publication).toMatchObject({
      operatorLogin: 'publisher',
      note: 'Архангайн оронд Булган, гомдлын хугацаа 14 хоног',
      counts: { added: 1, changed: 3, withdrawn: 1 },
      contentHash: p.contentHash,
    });

    const feed = await kioskChangesAfter(cursor);
    expect(feed.map((c) => [c.op, c.type, c.id])).toEqual([
      ['put', 'service', 'birth-registration-reference'],
      ['put', 'petition-category', 'complaint'],
      ['put', 'place', '67'],
      ['put', 'law-article', 'test-law.4'],
      ['delete', 'place', '65'],
    ]);
    expect([publication.firstSeq, publication.lastSeq]).toEqual([feed[0]!.seq, feed[4]!.seq]);
    stateAfterFirst = await contentRows();

    // The same preview cannot be published twice.
    expect((await publish({ previewId: p.previewId, contentHash: p.contentHash, note: 'again' })).statusCode).toBe(404);

    const list = await server.app.inject({
      method: 'GET',
      url: '/console/api/publications',
      headers: auditor.headers(),
    });
    expect(list.statusCode).toBe(200);
    const history = publicationListSchema.parse(list.json()).publications;
    expect(history[0]).toEqual(publication);
    const detail = await server.app.inject({
      method: 'GET',
      url: `/console/api/publications/${publication.id}`,
      headers: auditor.headers(),
    });
    expect(publicationDetailSchema.parse(detail.json()).changes).toContainEqual({
      kind: 'withdrawn',
      type: 'place',
      id: '65',
      label: 'Архангай',
    });
    const audit = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'content.publish')
      .where('outcome', '=', 'ok')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_login: 'publisher', target: `publication ${publication.id}` });
    expect(JSON.parse(audit.details)).toMatchObject({ note: 'Архангайн оронд Булган, гомдлын хугацаа 14 хоног' });
  });

  it('refuses a preview made stale by another publication, a wrong hash, and a note-less request', async () => {
    const a = editedFixture();
    editJson<Array<{ title: { mn: string } }>>(a, 'services.json', (s) => {
      s[1]!.title.mn = 'Гэрлэлтийн лавлагаа А';
    });
    const b = editedFixture();
    editJson<Array<{ title: { mn: string } }>>(b, 'services.json', (s) => {
      s[1]!.title.mn = 'Гэрлэлтийн лавлагаа Б';
    });
    const pa = await goodPreview(a);
    const pb = await goodPreview(b);
    expect(
      (await publish({ previewId: pa.previewId, contentHash: pb.contentHash, note: 'wrong hash' })).json(),
    ).toMatchObject({
      error: { code: 'hash_mismatch' },
    });
    expect((await publish({ previewId: pa.previewId, contentHash: pa.contentHash })).statusCode).toBe(400);
    expect(
      (await publish({ previewId: pa.previewId, contentHash: pa.contentHash, note: 'А хувилбар' })).statusCode,
    ).toBe(201);
    const stale = await publish({ previewId: pb.previewId, contentHash: pb.contentHash, note: 'Б хувилбар' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      error: { code: 'preview_stale', message: expect.stringContaining('preview again') },
    });
    // Republishing what is published already would change nothing.
    const same = await goodPreview(a);
    expect(same.changes).toEqual([]);
    const nothing = await publish({ previewId: same.previewId, contentHash: same.contentHash, note: 'nothing' });
    expect(nothing.json()).toMatchObject({ error: { code: 'nothing_to_publish' } });
  });

  it('publishes a past publication again as it was, as a new publication', async () => {
    expect(firstPublicationId).toBeGreaterThan(0);
    expect(await contentRows()).not.toEqual(stateAfterFirst);
    const res = await server.app.inject({
      method: 'POST',
      url: `/console/api/publications/${firstPublicationId}/republish`,
      headers: publisher.headers(true),
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = publicationPreviewSchema.parse(res.json());
    expect(p.source).toEqual({ kind: 'republish', publicationId: firstPublicationId });
    expect(p.changes.map((c) => [c.kind, c.type, c.id])).toEqual([['changed', 'service', 'marital-status-reference']]);
    const published = await publish({
      previewId: p.previewId,
      contentHash: p.contentHash,
      note: 'Эхний хувилбарыг сэргээв',
    });
    expect(published.statusCode, published.body).toBe(201);
    expect(publicationSchema.parse(published.json()).source).toEqual({
      kind: 'republish',
      publicationId: firstPublicationId,
    });
    expect(await contentRows()).toEqual(
      stateAfterFirst.map((r) => expect.objectContaining({ type: r.type, entity_id: r.entity_id, data: r.data })),
    );
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/console/api/publications/9999/republish',
      headers: publisher.headers(true),
    });
    expect(unknown.statusCode).toBe(404);
  });

  describe('hostile or broken zips: refused in words, nothing kept', () => {
    const expectRefused = async (zip: Buffer, words: string, status = 400) => {
      const before = await changeCount();
      const previews = await server.db.selectFrom('publication_previews').select('id').execute();
      const res = await preview(zip);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message).toContain(words);
      expect(await changeCount()).toBe(before);
      expect(await server.db.selectFrom('publication_previews').select('id').execute()).toHaveLength(previews.length);
    };
    const bytes = (text: string) => new TextEncoder().encode(text);

    it('not a zip', async () => {
      await expectRefused(Buffer.from('PK\u0003\u0004 this is not really a zip'), 'not a readable zip');
      expect(await lastAudit()).toMatchObject({ action: 'content.preview', outcome: 'failed' });
    });

    it('a path leaving the folder, an absolute path', async () => {
      await expectRefused(zipEntries({ '../evil.json': [bytes('[]'), {}] }), '../evil.json');
      await expectRefused(zipEntries({ '/etc/cron.d/evil': [bytes('x'), {}] }), '/etc/cron.d/evil');
      await expectRefused(zipEntries({ 'laws/./x.md': [bytes('x'), {}] }), 'not a plain relative path');
    });

    it('a symbolic link', async () => {
      const zip = zipEntries({
        'services.json': [bytes('[]'), {}],
        'laws/link': [bytes('/etc/passwd'), { os: 3, attrs: 0o120777 << 16 }],
      });
      await expectRefused(zip, 'symbolic link');
    });

    it('too many entries', async () => {
      const entries: Record<string, [Uint8Array, object]> = {};
      for (let i = 0; i < 2001; i++) entries[`laws/x${i}.md`] = [bytes(''), {}];
      await expectRefused(zipEntries(entries), 'at most 2000');
    });

    it('a zip bomb: one file too big, all files too big, and a file that lies about its size', async () => {
      const zeros = (mb: number) => new Uint8Array(mb * 1024 * 1024);
      await expectRefused(zipEntries({ 'services.json': [zeros(9), { level: 1 }] }), 'larger than 8 MB uncompressed');
      const many: Record<string, [Uint8Array, object]> = {};
      for (let i = 0; i < 9; i++) many[`laws/big${i}.md`] = [zeros(7.5), { level: 1 }];
      await expectRefused(zipEntries(many), 'larger than 64 MB uncompressed');
      // A 4 MB file whose headers claim 100 bytes.
      const liar = Buffer.from(zipEntries({ 'services.json': [zeros(4), { level: 1 }] }));
      const declared = 4 * 1024 * 1024;
      for (let at = liar.indexOf(Buffer.from([0x50, 0x4b, 3, 4])); at >= 0; at = -1) liar.writeUInt32LE(100, at + 22);
      const central = liar.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
      expect(liar.readUInt32LE(central + 24)).toBe(declared);
      liar.writeUInt32LE(100, central + 24);
      await expectRefused(liar, 'services.json');
    });

    it('too large a body, the wrong type, an empty body', async () => {
      const big = Buffer.concat([deflateSync(Buffer.alloc(10)), Buffer.alloc(17 * 1024 * 1024)]);
      await expectRefused(big, 'larger than 16 MB', 413);
      const json = await server.app.inject({
        method: 'POST',
        url: '/console/api/publications/preview',
        headers: publisher.headers(true),
        payload: { services: [] },
      });
      expect(json.statusCode).toBe(415);
      expect(json.json<{ error: { message: string } }>().error.message).toContain('application/zip');
      await expectRefused(Buffer.alloc(0), 'empty');
    });
  });

  it('describes every publishing route for the OpenAPI document', () => {
    const routes = Object.keys(CONSOLE_ROUTE_POLICIES).filter((r) => r.includes('/publications'));
    expect(Object.keys(PUBLICATION_ROUTE_DOCS).sort()).toEqual(routes.sort());
  });
});
