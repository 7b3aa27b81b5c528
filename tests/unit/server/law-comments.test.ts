import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedContentPageSchema } from '../../../src-shared/protocol.js';
import { lawCommentCountsSchema, type LawCommentCounts } from '../../../src-shared/schemas/law.js';
import { STANCES, type Submission } from '../../../src-shared/schemas/submission.js';
import { loadContentFolder } from '../../../src-server/content/content-folder.js';
import { DEMO_CONTENT_DIR } from '../../../src-server/content/demo-seed.js';
import { publishContentFolder } from '../../../src-server/content/publish.js';
import { backfillLawComments } from '../../../src-server/laws/backfill-comments.js';
import { refreshAllLawCommentCounts } from '../../../src-server/laws/comment-counts.js';
import {
  authHeaders,
  countRows,
  createTestServer,
  DEMO_SUBMISSION_KEY,
  FIXTURE_CONTENT_DIR,
  makeLawComment,
  makePetition,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

/** 2026-12-01 12:00 in Mongolia: the fixture law's comment window (2026-11-01 … 2026-12-15) is open. */
const NOW = new Date('2026-12-01T04:00:00Z');
const WRITTEN = '2026-12-01T03:30:00Z';

describe('law comments: stored for the drafting body, counted back to kiosks', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  const comment = (n: number, over: Parameters<typeof makeLawComment>[1] = {}) =>
    makeLawComment(n, { createdAt: WRITTEN, ...over });

  async function countChanges(): Promise<Array<{ seq: number; data: LawCommentCounts }>> {
    const rows = await server.db
      .selectFrom('content_changes')
      .select(['seq', 'data'])
      .where('type', '=', 'law-comment-counts')
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ seq: r.seq, data: lawCommentCountsSchema.parse(JSON.parse(r.data!)) }));
  }

  /** 20 comments: on articles 1–4 and on the law as a whole, every stance. */
  async function twenty(start = 1): Promise<Submission[]> {
    return Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        comment(start + i, {
          articleNumber: i % 5 === 4 ? null : (i % 5) + 1,
          stance: STANCES[i % 3]!,
          content: { text: `Санал ${start + i}` },
        }),
      ),
    );
  }

  it('keeps what the citizen wrote; name and contact only when given', async () => {
    const items = [
      await comment(1, { content: { text: 'Хугацааг уртасгах хэрэгтэй.', name: 'Сарнай', contact: '99112233' } }),
      await comment(2, { content: { text: 'Нэргүй санал.' } }),
    ];
    expect((await postBatch(server.app, items)).statusCode).toBe(200);
    const rows = await server.db
      .selectFrom('law_comments as c')
      .innerJoin('submissions as s', 's.id', 'c.submission_id')
      .select(['s.tracking_no', 'c.text', 'c.name', 'c.contact'])
      .orderBy('s.id')
      .execute();
    expect(rows).toEqual([
      { tracking_no: items[0]!.trackingNo, text: 'Хугацааг уртасгах хэрэгтэй.', name: 'Сарнай', contact: '99112233' },
      { tracking_no: items[1]!.trackingNo, text: 'Нэргүй санал.', name: null, contact: null },
    ]);
  });

  it('a batch of 20 comments publishes one counts change for the law, in the shape kiosks expect', async () => {
    const before = await countRows(server.db, 'content_changes');
    const res = await postBatch(server.app, await twenty());
    expect(res.statusCode).toBe(200);
    expect(await countRows(server.db, 'content_changes')).toBe(before + 1);
    const [change] = await countChanges();
    expect(change!.data).toEqual({
      id: 'test-law',
      lawId: 'test-law',
      updatedAt: NOW.toISOString(),
      // i = 0…19: stance i % 3, article (i % 5) + 1, or the whole law when i % 5 = 4.
      total: { for: 7, against: 7, neutral: 6 },
      whole: { for: 1, against: 2, neutral: 1 },
      articles: {
        '1': { for: 2, against: 1, neutral: 1 },
        '2': { for: 1, against: 2, neutral: 1 },
        '3': { for: 1, against: 1, neutral: 2 },
        '4': { for: 2, against: 1, neutral: 1 },
      },
    });
  });

  it('a replayed batch counts nothing twice and publishes nothing', async () => {
    const items = await twenty();
    await postBatch(server.app, items);
    const changes = await countRows(server.db, 'content_changes');
    const again = await postBatch(server.app, [...items].reverse());
    expect(again.statusCode).toBe(200);
    expect(results(again).map((r) => r.result)).toEqual(items.map(() => 'accepted'));
    expect(await countRows(server.db, 'content_changes')).toBe(changes);
    expect((await countChanges()).at(-1)!.data.total).toEqual({ for: 7, against: 7, neutral: 6 });
  });

  it('the next batch publishes the new counts in place of the old; a batch without comments publishes none', async () => {
    await postBatch(server.app, await twenty());
    const [first] = await countChanges();
    await postBatch(server.app, [await comment(50, { articleNumber: 3, stance: 'against' })]);
    // Only the newest counts stay in the log: a new kiosk downloads one per law, not one per batch.
    const changes = await countChanges();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.seq).toBeGreaterThan(first!.seq);
    expect(changes[0]!.data.articles['3']).toEqual({ for: 1, against: 2, neutral: 2 });
    expect(changes[0]!.data.total).toEqual({ for: 7, against: 8, neutral: 6 });
    const total = await countRows(server.db, 'content_changes');
    await postBatch(server.app, [await makePetition(60)]);
    expect(await countRows(server.db, 'content_changes')).toBe(total);
  });

  it('a refused comment is neither stored nor counted', async () => {
    const late = await comment(1, { createdAt: '2026-12-15T16:00:00Z' });
    const res = await postBatch(server.app, [late]);
    expect(res.statusCode).toBe(422);
    expect(await countChanges()).toEqual([]);
    expect(await server.db.selectFrom('law_comments').selectAll().execute()).toEqual([]);
  });

  it('the counts travel in the signed content pages, after the law they count', async () => {
    await postBatch(server.app, [await comment(1)]);
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/content/changes?after=0&limit=1000',
      headers: authHeaders(),
    });
    const page = signedContentPageSchema.parse(res.json()).page;
    const counts = page.changes.filter((c) => c.type === 'law-comment-counts');
    expect(counts).toHaveLength(1);
    expect(lawCommentCountsSchema.parse(counts[0]!.data).articles).toEqual({
      '3': { for: 0, against: 1, neutral: 0 },
    });
    const law = page.changes.find((c) => c.type === 'law' && c.id === 'test-law')!;
    expect(counts[0]!.seq).toBeGreaterThan(law.seq);
  });

  it('publishing the content folder keeps the counts; withdrawing the law withdraws them', async () => {
    await postBatch(server.app, [await comment(1)]);
    const entities = await loadContentFolder(FIXTURE_CONTENT_DIR);
    const again = await publishContentFolder(server.db, entities, NOW);
    expect(again.published).toEqual([]);
    const withoutLaw = entities.filter((e) => !(e.type === 'law' || e.type === 'law-article'));
    const withdrawn = await publishContentFolder(server.db, withoutLaw, NOW);
    expect(withdrawn.published.map((c) => `${c.op} ${c.type} ${c.id}`)).toContain('delete law-comment-counts test-law');
    const current = await server.db
      .selectFrom('content_current')
      .select('entity_id')
      .where('type', '=', 'law-comment-counts')
      .execute();
    expect(current).toEqual([]);
    // The law put back: its counts come back with it, without waiting for a restart.
    await publishContentFolder(server.db, entities, NOW);
    const restored = await server.db
      .selectFrom('content_current')
      .select('data')
      .where('type', '=', 'law-comment-counts')
      .execute();
    // comment(1) is an 'against' (stances go for, against, neutral by number).
    expect(restored.map((r) => lawCommentCountsSchema.parse(JSON.parse(r.data)).total)).toEqual([
      { for: 0, against: 1, neutral: 0 },
    ]);
  });

  it('refreshing all counts at start-up is idempotent', async () => {
    await postBatch(server.app, await twenty());
    expect(await refreshAllLawCommentCounts(server.db, NOW)).toEqual([]);
    // Counts lost (say, published before this server kept them) are published again, once.
    await server.db.deleteFrom('content_current').where('type', '=', 'law-comment-counts').execute();
    expect((await refreshAllLawCommentCounts(server.db, NOW)).map((c) => c.id)).toEqual(['test-law']);
    expect(await refreshAllLawCommentCounts(server.db, NOW)).toEqual([]);
  });

  it('backfills the text of comments stored before the server kept it', async () => {
    const item = await comment(1, { content: { text: 'Өмнөх санал.', contact: 'sarnai@example.mn' } });
    await postBatch(server.app, [item]);
    await server.db.deleteFrom('law_comments').execute();
    expect(await backfillLawComments(server.db, DEMO_SUBMISSION_KEY.privateKey)).toEqual({ filled: 1, unopened: [] });
    expect(await server.db.selectFrom('law_comments').select(['text', 'name', 'contact']).execute()).toEqual([
      { text: 'Өмнөх санал.', name: null, contact: 'sarnai@example.mn' },
    ]);
    expect(await backfillLawComments(server.db, DEMO_SUBMISSION_KEY.privateKey)).toEqual({ filled: 0, unopened: [] });
  });
});

describe('law comment counts over several laws (demo content)', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('one batch on two laws makes one change per law', async () => {
    server = await createTestServer({ now: () => NOW, contentDir: DEMO_CONTENT_DIR });
    const on = (n: number, lawId: string, articleNumber: number | null) =>
      makeLawComment(n, { createdAt: WRITTEN, lawId, lawVersion: 1, articleNumber, stance: 'for' });
    const items = [
      await on(1, 'public-information-law', 1),
      await on(2, 'public-information-law', 2),
      await on(3, 'petitions-law', 12),
      await on(4, 'petitions-law', 12),
      await on(5, 'petitions-law', null),
    ];
    const res = await postBatch(server.app, items);
    expect(res.statusCode, res.body).toBe(200);
    const rows = await server.db
      .selectFrom('content_changes')
      .select(['entity_id', 'data'])
      .where('type', '=', 'law-comment-counts')
      .orderBy('entity_id')
      .execute();
    expect(rows.map((r) => r.entity_id)).toEqual(['petitions-law', 'public-information-law']);
    const petitions = lawCommentCountsSchema.parse(JSON.parse(rows[0]!.data!));
    expect(petitions).toMatchObject({
      total: { for: 3, against: 0, neutral: 0 },
      whole: { for: 1, against: 0, neutral: 0 },
      articles: { '12': { for: 2, against: 0, neutral: 0 } },
    });
  });
});
