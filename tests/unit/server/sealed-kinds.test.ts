import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { publishChanges } from '../../../src-server/content/publish.js';
import { generateSubmissionKey } from '../../../src-server/submissions/submission-key.js';
import { copyFixtureContent } from './content-fixture.js';
import {
  countRows,
  createTestServer,
  setDemoKioskUse,
  errorOf,
  makeFeedback,
  makeLawComment,
  makePetition,
  makeSubmission,
  postBatch,
  results,
  sealSubmission,
  type TestServer,
} from './helpers.js';

/** The server's clock in these tests: 2026-11-26 20:00 UTC = 2026-11-27 04:00 in Mongolia. */
const NOW = new Date('2026-11-26T20:00:00Z');
const WRITTEN = '2026-11-26T19:30:00Z';

describe('sealed submissions of every kind', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  const row = (key: string) =>
    server.db.selectFrom('submissions').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();

  async function expectRejected(item: unknown, code: string): Promise<string> {
    const res = await postBatch(server.app, [item]);
    expect(res.statusCode).toBe(422);
    const error = errorOf(results(res)[0]);
    expect(error.code).toBe(code);
    return error.message;
  }

  describe('round trip: sealed on the kiosk, opened and checked here, stored still sealed', () => {
    it('service_application (assisted by staff)', async () => {
      const item = await makeSubmission(1, { createdAt: WRITTEN, channel: 'assisted', staffId: 'CC-0421-01' });
      const res = await postBatch(server.app, [item]);
      expect(res.statusCode).toBe(200);
      const [result] = results(res);
      expect(result).toMatchObject({ result: 'accepted', ack: { status: 'received', receivedAt: NOW.toISOString() } });
      expect(await row(item.idempotencyKey)).toMatchObject({
        kind: 'service_application',
        channel: 'assisted',
        staff_id: 'CC-0421-01',
        created_at: WRITTEN,
        service_id: 'residence-address-reference',
        form_id: 'residence-address-request',
        form_version: 1,
        due_date: null,
      });
    });

    it('petition: the ack carries the due date, 30 days after receipt in Mongolia', async () => {
      const item = await makePetition(2, { createdAt: WRITTEN });
      const res = await postBatch(server.app, [item]);
      expect(res.statusCode).toBe(200);
      const [result] = results(res);
      // Received 2026-11-27 (Mongolia), so due 2026-12-27, not 12-26 as the UTC date would say.
      expect(result).toMatchObject({ result: 'accepted', ack: { dueDate: '2026-12-27' } });
      const stored = await row(item.idempotencyKey);
      expect(stored).toMatchObject({
        kind: 'petition',
        petition_category: 'complaint',
        status: 'received',
        due_date: '2026-12-27',
        initial_due_date: '2026-12-27',
        service_id: null,
      });
      expect(stored.body).not.toContain('Гудамжны');
      expect(stored.body).not.toContain('99112233');
    });

    it('petition of the suggestion category: 60 days', async () => {
      const item = await makePetition(3, { petitionCategory: 'suggestion' });
      const [result] = results(await postBatch(server.app, [item]));
      expect(result).toMatchObject({ result: 'accepted', ack: { dueDate: '2027-01-26' } });
    });

    it('law_comment on an article and on the whole law (library kiosk)', async () => {
      await setDemoKioskUse(server.db, { presentation: 'library', staffIds: [] });
      const onArticle = await makeLawComment(4, { createdAt: WRITTEN, channel: 'library' });
      const onLaw = await makeLawComment(5, { createdAt: WRITTEN, articleNumber: null, channel: 'library' });
      const olderVersion = await makeLawComment(6, {
        createdAt: WRITTEN,
        lawVersion: 1,
        stance: 'for',
        channel: 'library',
      });
      const res = await postBatch(server.app, [onArticle, onLaw, olderVersion]);
      expect(res.statusCode).toBe(200);
      for (const r of results(res)) {
        expect(r.result).toBe('accepted');
        expect(r.result === 'accepted' && r.ack.dueDate).toBe(undefined);
      }
      expect(await row(onArticle.idempotencyKey)).toMatchObject({
        kind: 'law_comment',
        law_id: 'test-law',
        law_version: 2,
        article_number: 3,
        stance: 'against',
      });
      expect(await row(onLaw.idempotencyKey)).toMatchObject({ article_number: null, channel: 'library' });
      expect(await row(olderVersion.idempotencyKey)).toMatchObject({ law_version: 1, stance: 'for' });
    });

    it('service_feedback, with and without a text', async () => {
      const withText = await makeFeedback(7, { rating: 4 });
      const rated = await makeFeedback(8, { rating: 1, content: {} });
      const res = await postBatch(server.app, [withText, rated]);
      expect(res.statusCode).toBe(200);
      expect(await row(withText.idempotencyKey)).toMatchObject({
        kind: 'service_feedback',
        service_id: 'residence-address-reference',
        rating: 4,
      });
      expect(await row(rated.idempotencyKey)).toMatchObject({ rating: 1 });
    });

    it('every accepted item gets one "received" status change in its transaction', async () => {
      await postBatch(server.app, [await makeSubmission(9), await makePetition(10), await makeFeedback(11)]);
      const changes = await server.db.selectFrom('status_changes').selectAll().orderBy('seq').execute();
      expect(changes.map((c) => [c.status, c.due_date, c.at])).toEqual([
        ['received', null, NOW.toISOString()],
        ['received', '2026-12-27', NOW.toISOString()],
        ['received', null, NOW.toISOString()],
      ]);
    });
  });

  describe("an envelope that does not open is 'unsealable': a per-item 422, never a 5xx", () => {
    let good: Submission;
    beforeEach(async () => {
      good = await makePetition(20);
    });

    const flipCt = (item: Submission, index: number): Submission => {
      const bytes = Buffer.from(item.sealed.ct, 'base64');
      const at = index < 0 ? bytes.length + index : index;
      bytes[at] = bytes[at]! ^ 0x80;
      return { ...item, sealed: { ...item.sealed, ct: bytes.toString('base64') } };
    };

    it('a flipped ciphertext byte (body or tag)', async () => {
      await expectRejected(flipCt(good, 0), 'unsealable');
      await expectRejected(flipCt(good, -1), 'unsealable');
    });

    it('an envelope moved onto another submission (other additional data)', async () => {
      const other = await makePetition(21);
      const moved = { ...other, sealed: good.sealed };
      const message = await expectRejected(moved, 'unsealable');
      expect(message).toContain('another submission');
    });

    it('an envelope sealed to another server key', async () => {
      const { trackingNo, idempotencyKey } = good;
      const { sealed: _s, ...unsealed } = await makePetition(22, { trackingNo, idempotencyKey });
      const foreign = await sealSubmission(
        unsealed,
        { subject: 'x', text: 'y' },
        generateSubmissionKey().key.publicKey,
      );
      await expectRejected({ ...foreign, idempotencyKey: crypto.randomUUID() }, 'unsealable');
      await expectRejected(foreign, 'unsealable');
    });

    it('an ephemeral key that is not a point on the curve', async () => {
      const epk = Buffer.alloc(65, 7);
      epk[0] = 4;
      await expectRejected({ ...good, sealed: { ...good.sealed, epk: epk.toString('base64') } }, 'unsealable');
    });

    it('nothing is stored, and the good item still goes in afterwards', async () => {
      await expectRejected(flipCt(good, 5), 'unsealable');
      expect(await countRows(server.db, 'submissions')).toBe(0);
      expect((await postBatch(server.app, [good])).statusCode).toBe(200);
    });
  });

  describe('the sealed content must fit its kind (shape) and its form (rules)', () => {
    it('a petition without a text, or with a field the schema does not know', async () => {
      const empty = await makePetition(30, { content: { subject: 'Гэрэл', text: '   ' } });
      expect(await expectRejected(empty, 'invalid_answers')).toContain('text (required)');
      const { sealed: _s, ...base } = await makePetition(31);
      const extra = await sealSubmission(base, { subject: 'a', text: 'b', registrationNumber: 'УБ90031512' });
      const message = await expectRejected(extra, 'invalid_sealed_content');
      expect(message).toContain('registrationNumber');
      expect(message).not.toContain('УБ90031512');
    });

    it('an application sealed with petition content', async () => {
      const { sealed: _s, ...base } = await makeSubmission(32);
      const wrong = await sealSubmission(base, { subject: 'a', text: 'b' });
      await expectRejected(wrong, 'invalid_sealed_content');
    });

    it('a law comment without a text', async () => {
      expect(await expectRejected(await makeLawComment(33, { content: { text: '' } }), 'invalid_answers')).toContain(
        'text (required)',
      );
    });

    it('feedback with an over-long text', async () => {
      expect(
        await expectRejected(await makeFeedback(34, { content: { text: 'ж'.repeat(2001) } }), 'invalid_answers'),
      ).toContain('text (too_long)');
    });
  });

  describe('each kind is checked against published content', () => {
    it('feedback on an unknown service', async () => {
      await expectRejected(await makeFeedback(40, { serviceId: 'no-such-service' }), 'unknown_service');
    });

    it('a rating outside 1–5 is a bad request', async () => {
      const res = await postBatch(server.app, [{ ...(await makeFeedback(41)), rating: 6 }]);
      expect(res.statusCode).toBe(400);
    });

    it('a comment on an unknown law, a later version, or an article the law does not have', async () => {
      expect(await expectRejected(await makeLawComment(42, { lawId: 'no-such-law' }), 'unknown_law')).toContain(
        'no-such-law',
      );
      expect(await expectRejected(await makeLawComment(43, { lawVersion: 3 }), 'unknown_law_version')).toContain(
        'version 2',
      );
      expect(await expectRejected(await makeLawComment(44, { articleNumber: 99 }), 'unknown_article')).toContain('99');
    });

    it('a comment on a law that was withdrawn is refused', async () => {
      await publishChanges(server.db, [
        ...[1, 2, 3, 4].map((n) => ({ op: 'delete' as const, type: 'law-article' as const, id: `test-law.${n}` })),
        { op: 'delete', type: 'law', id: 'test-law' },
      ]);
      await expectRejected(await makeLawComment(45), 'unknown_law');
    });

    it('a petition category uses the days its published content gives', async () => {
      const current = await server.db
        .selectFrom('content_current')
        .select('data')
        .where('type', '=', 'petition-category')
        .where('entity_id', '=', 'criticism')
        .executeTakeFirstOrThrow();
      const data = JSON.parse(current.data) as Record<string, unknown>;
      await publishChanges(server.db, [{ op: 'put', type: 'petition-category', data: { ...data, dueDays: 45 } }]);
      const [result] = results(
        await postBatch(server.app, [await makePetition(46, { petitionCategory: 'criticism' })]),
      );
      expect(result).toMatchObject({ result: 'accepted', ack: { dueDate: '2027-01-11' } });
    });
  });
});

describe('a petition category that was never published', () => {
  it('is refused', async () => {
    const copy = await copyFixtureContent();
    await copy.editJson<Array<{ id: string }>>('petition-categories.json', (cats) =>
      cats.filter((c) => c.id !== 'gratitude'),
    );
    const server = await createTestServer({ contentDir: copy.dir });
    try {
      const res = await postBatch(server.app, [await makePetition(1, { petitionCategory: 'gratitude' })]);
      expect(res.statusCode).toBe(422);
      expect(errorOf(results(res)[0]).code).toBe('unknown_petition_category');
    } finally {
      await server.close();
      await copy.cleanup();
    }
  });
});
