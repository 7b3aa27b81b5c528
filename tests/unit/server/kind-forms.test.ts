import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCaseDetail } from '../../../src-server/cases/case-detail.js';
import { publishChanges } from '../../../src-server/content/publish.js';
import {
  DEMO_SUBMISSION_KEY,
  createTestServer,
  errorOf,
  makeFeedback,
  makePetition,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

/** The server's clock in these tests: 2026-11-26 20:00 UTC = 2026-11-27 04:00 in Mongolia. */
const NOW = new Date('2026-11-26T20:00:00Z');

/** A published rating form like the demo's: a rating 1–5, a topic, a comment. */
const FEEDBACK_FORM = {
  id: 'rate-us',
  version: 1,
  kind: 'service_feedback',
  title: { mn: 'Үнэлгээ' },
  fields: [
    {
      id: 'rating',
      type: 'radio',
      required: true,
      label: { mn: 'Үнэлгээ' },
      options: ['5', '4', '3', '2', '1'].map((value) => ({ value, label: { mn: value } })),
    },
    { id: 'comment', type: 'long_text', maxLength: 1000, label: { mn: 'Санал' } },
  ],
};

describe('every kind is checked by its form, with the rule the kiosk used', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  async function verdict(item: unknown): Promise<string> {
    const [r] = results(await postBatch(server.app, [item]));
    return r?.result === 'accepted' ? 'accepted' : `${errorOf(r).code}: ${errorOf(r).message}`;
  }

  describe('petition form version 2 (kiosks today): the kiosk asks and the server checks the same', () => {
    it('a text of 10 characters and a phone parsePhone reads are taken; the phone is normalised', async () => {
      const item = await makePetition(1, {
        formVersion: 2,
        content: { subject: 'Гэрэл', text: 'Гэрэл асахгүй', contact: { phone: '9911-2233' } },
      });
      expect(await verdict(item)).toBe('accepted');
    });

    it('a text of 9 characters is refused, naming the field and rule, never the text', async () => {
      const item = await makePetition(2, { formVersion: 2, content: { subject: 'Гэрэл', text: 'Гэрэл муу' } });
      const said = await verdict(item);
      expect(said).toBe('invalid_answers: invalid answers: text (too_short)');
    });

    it('any 40-character phone is no longer taken: it must be a Mongolian number', async () => {
      const item = await makePetition(3, {
        formVersion: 2,
        content: { subject: 'Гэрэл', text: 'Гэрэл асахгүй байна', contact: { phone: 'x'.repeat(40) } },
      });
      expect(await verdict(item)).toMatch(/^invalid_answers: invalid answers: phone \(phone_/);
      const short = await makePetition(4, {
        formVersion: 2,
        content: { subject: 'Гэрэл', text: 'Гэрэл асахгүй байна', contact: { phone: '12345' } },
      });
      expect(await verdict(short)).toMatch(/phone \(phone_/);
    });

    it('a version the server does not know is refused as an unknown form', async () => {
      expect(await verdict(await makePetition(5, { formVersion: 3 }))).toMatch(/^unknown_form: /);
    });
  });

  describe('petitions without a version (kiosks before versions) keep the rule they were sent under', () => {
    it('a one-character text and a 40-character phone are still taken: no receipt is ever refused later', async () => {
      const item = await makePetition(6, {
        content: { subject: 'Г', text: 'Г', contact: { phone: '+976 (99) 11-22-33 ext. 0000000000000000' } },
      });
      expect(await verdict(item)).toBe('accepted');
    });

    it('what the server refused then it still refuses: an empty text, a phone of 41 characters', async () => {
      expect(await verdict(await makePetition(7, { content: { subject: 'Г', text: ' ' } }))).toMatch(
        /text \(required\)/,
      );
      const long = await makePetition(8, { content: { subject: 'Г', text: 'Г', contact: { phone: '9'.repeat(41) } } });
      expect(await verdict(long)).toMatch(/phone \(too_long\)/);
    });
  });

  describe('service_feedback: a rating, with or without a published feedback form', () => {
    beforeEach(async () => {
      await publishChanges(server.db, [{ op: 'put', type: 'form', data: FEEDBACK_FORM }]);
    });

    it('with its form: the answers are checked by the form, stored with the form so the case page labels them', async () => {
      const item = await makeFeedback(10, {
        rating: 4,
        formId: 'rate-us',
        formVersion: 1,
        content: { answers: { rating: '4', comment: 'Хурдан үйлчилсэн.' }, answerKey: 'a'.repeat(64) },
      });
      expect(await verdict(item)).toBe('accepted');
      const row = await server.db
        .selectFrom('submissions')
        .select(['kind', 'rating', 'form_id', 'form_version', 'service_id'])
        .where('idempotency_key', '=', item.idempotencyKey)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: 'service_feedback', rating: 4, form_id: 'rate-us', form_version: 1 });
      const { id } = await server.db
        .selectFrom('submissions')
        .select('id')
        .where('idempotency_key', '=', item.idempotencyKey)
        .executeTakeFirstOrThrow();
      // The console's case page: the rating, and each answer under its label from the form version.
      const detail = await readCaseDetail(server.db, id, { submissionKey: DEMO_SUBMISSION_KEY.privateKey, now: NOW });
      expect(detail).toMatchObject({
        row: { kind: 'service_feedback' },
        rating: 4,
        form: { id: 'rate-us', version: 1 },
      });
      expect(detail?.citizen).toMatchObject({
        opened: true,
        answers: [
          { fieldId: 'rating', label: { mn: 'Үнэлгээ' }, value: '4' },
          { fieldId: 'comment', label: { mn: 'Санал' }, value: 'Хурдан үйлчилсэн.' },
        ],
        other: {},
      });
    });

    it('the rating in clear must be the rating answered; answers outside the form are refused', async () => {
      const differs = await makeFeedback(11, {
        rating: 5,
        formId: 'rate-us',
        formVersion: 1,
        content: { answers: { rating: '1' } },
      });
      expect(await verdict(differs)).toMatch(/^invalid_answers: .*rating/);
      const unknown = await makeFeedback(12, {
        rating: 3,
        formId: 'rate-us',
        formVersion: 1,
        content: { answers: { rating: '3', phone: '99112233' } },
      });
      expect(await verdict(unknown)).toMatch(/unknown fields: phone/);
    });

    it('a form that is not a feedback form, or was never published, is refused', async () => {
      const application = await makeFeedback(13, {
        formId: 'residence-address-request',
        formVersion: 1,
        content: { answers: { rating: '5' } },
      });
      expect(await verdict(application)).toMatch(/^unknown_form: .*not a feedback form/);
      const missing = await makeFeedback(14, {
        formId: 'rate-us',
        formVersion: 9,
        content: { answers: { rating: '5' } },
      });
      expect(await verdict(missing)).toMatch(/^unknown_form: /);
    });

    it('answers without a form, or a form without answers, do not fit the envelope', async () => {
      expect(await verdict(await makeFeedback(15, { content: { answers: { rating: '5' } } }))).toMatch(
        /^invalid_sealed_content: /,
      );
      expect(
        await verdict(await makeFeedback(16, { formId: 'rate-us', formVersion: 1, content: { text: 'Сайн' } })),
      ).toMatch(/^invalid_sealed_content: /);
    });

    it('formId without formVersion is a bad request', async () => {
      const item = { ...(await makeFeedback(17)), formId: 'rate-us' };
      expect((await postBatch(server.app, [item])).statusCode).toBe(400);
    });
  });
});
