import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';
import { seedDemo } from '../../../src-server/content/demo-seed.js';
import { registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { acceptSubmissions } from '../../../src-server/submissions/accept-batch.js';
import { commentsCsv, csvField, CSV_HEADER, UTF8_BOM } from '../../../src-server/laws/comment-csv.js';
import { exportLawComments, type LawCommentExport } from '../../../src-server/laws/comment-export.js';
import {
  createTestServer,
  DEMO_KIOSK_CONFIG,
  DEMO_SUBMISSION_KEY,
  FIXTURE_CONTENT_DIR,
  makeLawComment,
  postBatch,
  type TestServer,
} from './helpers.js';
import { addTestOperator, CONSOLE_HOST, OPERATORS_BY_ROLE, signInAs, type ConsoleClient } from './console-helpers.js';
import { runEntry, PROCESS_SUITE } from './process.js';
import { createFreshDatabase, type FreshDatabase } from '../../support/test-database.js';

const NOW = new Date('2026-12-01T04:00:00Z');
const WRITTEN = '2026-12-01T03:30:00Z';

/** A minimal RFC 4180 reader, to check that what we write reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** Three comments on the fixture law from the demo kiosk (aimag 83, soum 8301): one assisted, one on the whole law. */
async function commentsFixture() {
  return [
    await makeLawComment(1, {
      createdAt: WRITTEN,
      articleNumber: 3,
      stance: 'against',
      content: { text: 'Хугацаа "30 хоног" богино, 60 болго.\nБас =SUM(A1) гэж бичье.', name: 'Сарнай' },
    }),
    await makeLawComment(2, {
      createdAt: WRITTEN,
      articleNumber: 3,
      stance: 'for',
      channel: 'assisted',
      staffId: 'CC-0421-01',
      lang: 'kk',
      content: { text: 'Келісемін.', contact: '+97699112233' },
    }),
    await makeLawComment(3, {
      createdAt: WRITTEN,
      articleNumber: null,
      stance: 'neutral',
      content: { text: 'Ерөнхий.' },
    }),
  ];
}

describe('export of a law’s comments for the drafting body', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
    expect((await postBatch(server.app, await commentsFixture())).statusCode).toBe(200);
  });
  afterEach(async () => {
    await server.close();
  });

  it('groups by article (the whole law first) with stance counts, channel, place, times, language and text', async () => {
    const data = (await exportLawComments(server.db, 'test-law', NOW))!;
    expect(data.law).toMatchObject({ id: 'test-law', version: 2, title: { mn: 'Туршилтын тухай хуулийн төсөл' } });
    expect(data.total).toEqual({ for: 1, against: 1, neutral: 1 });
    expect(data.groups.map((g) => [g.articleNumber, g.counts])).toEqual([
      [null, { for: 0, against: 0, neutral: 1 }],
      [3, { for: 1, against: 1, neutral: 0 }],
    ]);
    expect(data.groups[0]!.articleTitle).toBeNull();
    expect(data.groups[1]!.articleTitle?.mn).toBe('Шийдвэрлэх хугацаа');
    const [against, assisted] = data.groups[1]!.comments;
    expect(against).toMatchObject({
      lawVersion: 2,
      articleNumber: 3,
      stance: 'against',
      channel: 'kiosk',
      kioskCode: '0421',
      aimag: { code: '83', name: 'Баян-Өлгий' },
      soum: { code: '8301', name: 'Өлгий' },
      createdAt: WRITTEN,
      receivedAt: NOW.toISOString(),
      lang: 'mn',
      name: 'Сарнай',
      contact: null,
    });
    expect(against!.text).toContain('"30 хоног"');
    expect(assisted).toMatchObject({ channel: 'assisted', lang: 'kk', contact: '+97699112233', name: null });
  });

  it('CSV: UTF-8 with a BOM, a Mongolian header, RFC 4180 quoting, formulas defused', async () => {
    const csv = commentsCsv((await exportLawComments(server.db, 'test-law', NOW))!);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
    const col = (name: (typeof CSV_HEADER)[number]) => CSV_HEADER.indexOf(name);
    expect(rows[1]![col('Зүйл')]).toBe('Хуулийн төсөл бүхэлдээ');
    const against = rows.find((r) => r[col('Байр суурь')] === 'Эсэргүүцсэн')!;
    expect(against[col('Зүйл')]).toBe('3');
    expect(against[col('Санал')]).toBe('Хугацаа "30 хоног" богино, 60 болго.\nБас =SUM(A1) гэж бичье.');
    expect(against[col('Зүйлд дэмжсэн')]).toBe('1');
    expect(against[col('Зүйлд эсэргүүцсэн')]).toBe('1');
    expect(against[col('Аймаг, нийслэл')]).toBe('Баян-Өлгий');
    expect(against[col('Сум, дүүрэг')]).toBe('Өлгий');
    expect(against[col('Суваг')]).toBe('ТҮЦ машин');
    expect(against[col('Бичсэн (Улаанбаатарын цагаар)')]).toBe('2026-12-01 11:30:00');
    expect(against[col('Хүлээн авсан (Улаанбаатарын цагаар)')]).toBe('2026-12-01 12:00:00');
    const assisted = rows.find((r) => r[col('Хэл')] === 'kk')!;
    expect(assisted[col('Суваг')]).toContain('туслалцаатай');
    // A contact starting with "+" would be a formula in a spreadsheet.
    expect(assisted[col('Холбоо барих')]).toBe("'+97699112233");
  });

  it('csvField quotes only what needs it', () => {
    expect(csvField('энгийн')).toBe('энгийн');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('x"y')).toBe('"x""y"');
    expect(csvField('line\r\nnext')).toBe('"line\r\nnext"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('=1+1', { untrusted: true })).toBe("'=1+1");
    expect(csvField('-5, really', { untrusted: true })).toBe(`"'-5, really"`);
  });

  it('gives nothing for a law never published', async () => {
    expect(await exportLawComments(server.db, 'no-such-law')).toBeNull();
  });

  describe('console route', () => {
    const URL = '/console/api/laws/test-law/comments';
    const get = (url: string, client?: ConsoleClient) =>
      server.app.inject({ method: 'GET', url, headers: client?.headers() ?? { host: CONSOLE_HOST } });
    let admin: ConsoleClient;
    beforeEach(async () => {
      await addTestOperator(server.db, OPERATORS_BY_ROLE.admin);
      admin = await signInAs(server.app, 'admin');
    });

    it('needs a session: not a kiosk credential, not the old operator token', async () => {
      expect((await get(URL)).statusCode).toBe(401);
      const bearer = await server.app.inject({
        method: 'GET',
        url: URL,
        headers: { authorization: 'Bearer demo-kiosk-0421-credential-change-me' },
      });
      expect(bearer.statusCode).toBe(401);
      expect(bearer.json()).toMatchObject({ error: { code: 'unauthorized' } });
      // The old operator path is gone.
      expect(
        (await server.app.inject({ method: 'GET', url: '/api/v1/operator/laws/test-law/comments' })).statusCode,
      ).toBe(404);
    });

    it('serves CSV by default and JSON on request, never cached, and audits the export', async () => {
      const csv = await get(URL, admin);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="test-law-comments.csv"');
      expect(csv.headers['cache-control']).toBe('no-store');
      expect(csv.body.startsWith(UTF8_BOM)).toBe(true);
      expect(parseCsv(csv.body.slice(1))).toHaveLength(4);
      const json = await get(`${URL}?format=json`, admin);
      expect(json.statusCode).toBe(200);
      const data = json.json<LawCommentExport>();
      expect(data.total).toEqual({ for: 1, against: 1, neutral: 1 });
      expect(data.exportedAt).toBe(NOW.toISOString());
      const audit = await server.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'laws.comments.export')
        .execute();
      expect(audit.map((a) => [a.actor_login, a.target])).toEqual([
        ['admin', 'test-law'],
        ['admin', 'test-law'],
      ]);
    });

    it('holds an aimag operator to its own aimag', async () => {
      await addTestOperator(server.db, OPERATORS_BY_ROLE.aimag_operator);
      const arkhangai = await signInAs(server.app, 'arkhangai');
      // The demo kiosk stands in Bayan-Ölgii (83): Arkhangai's export is empty, Bayan-Ölgii's refused.
      const own = await get(`${URL}?format=json`, arkhangai);
      expect(own.statusCode).toBe(200);
      expect(own.json<LawCommentExport>().total).toEqual({ for: 0, against: 0, neutral: 0 });
      expect((await get(`${URL}?format=json&aimag=65`, arkhangai)).statusCode).toBe(200);
      const other = await get(`${URL}?format=json&aimag=83`, arkhangai);
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ error: { code: 'forbidden' } });
      // The administrator can ask for one aimag too.
      const bayanOlgii = await get(`${URL}?format=json&aimag=83`, admin);
      expect(bayanOlgii.json<LawCommentExport>().total).toEqual({ for: 1, against: 1, neutral: 1 });
    });

    it('answers 404 for an unknown law and 400 for a bad id, format or aimag', async () => {
      const unknown = await get('/console/api/laws/no-such-law/comments', admin);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: { code: 'unknown_law' } });
      expect((await get('/console/api/laws/Bad_Id/comments', admin)).statusCode).toBe(400);
      expect((await get(`${URL}?format=xlsx`, admin)).statusCode).toBe(400);
      expect((await get(`${URL}?aimag=99`, admin)).statusCode).toBe(400);
    });
  });
});

describe('npm run export-comments', PROCESS_SUITE, () => {
  let fresh: FreshDatabase;
  let dir: string;
  beforeEach(async () => {
    fresh = await createFreshDatabase({ prefix: 'tsonkh-export-comments-' });
    dir = fresh.dir;
    const db = createDatabase(fresh.target);
    try {
      await migrateToLatest(db);
      await seedDemo(db, { kioskConfigPath: DEMO_KIOSK_CONFIG, contentDir: FIXTURE_CONTENT_DIR });
      const kiosk = await registerKiosk(db, {
        kioskCode: '0421',
        name: { mn: 'Тест' },
        credential: 'demo-kiosk-0421-credential-change-me',
      });
      const { results } = await acceptSubmissions(db, kiosk, await commentsFixture(), {
        privateKey: DEMO_SUBMISSION_KEY.privateKey,
        now: () => NOW,
      });
      expect(results.map((r) => r.result)).toEqual(results.map(() => 'accepted'));
    } finally {
      await db.destroy();
    }
  });
  afterEach(async () => {
    await fresh.drop();
  });

  const run = (args: string[]) =>
    runEntry('src-server/cli/export-comments.ts', args, { TSONKH_DATA_DIR: dir, DATABASE_URL: fresh.url });

  it('writes CSV to stdout, JSON to a file; exit 1 for an unknown law, 2 for bad usage', async () => {
    const csv = await run(['test-law']);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith(UTF8_BOM)).toBe(true);
    // Re-registering without a place kept the kiosk's place from its provisioning file.
    expect(parseCsv(csv.stdout.slice(1))[1]).toContain('Баян-Өлгий');

    const out = path.join(dir, 'comments.json');
    const json = await run(['test-law', '--format', 'json', '--out', out]);
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('3 comments (json) written to');
    const data = JSON.parse(await readFile(out, 'utf8')) as LawCommentExport;
    expect(data.groups.flatMap((g) => g.comments.map((c) => c.stance))).toEqual(['neutral', 'against', 'for']);

    const unknown = await run(['no-such-law']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('never published');
    const usage = await run(['test-law', '--format', 'xlsx']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run export-comments');
  }, 30_000);
});
