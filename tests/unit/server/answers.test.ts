import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusChangesPageSchema, trackAnswerResponseSchema } from '../../../src-shared/protocol.js';
import {
  deriveAnswerKeyHex,
  ANSWER_TRIES,
  formatReceiptSecret,
  makeReceiptSecret,
  normalizeReceiptSecret,
  RECEIPT_SECRET_DIGITS,
} from '../../../src-shared/answers/receipt-secret.js';
import { lookUpAnswer, openAnswer, sealAnswer, sealAnswerForKiosk } from '../../../src-server/submissions/answers.js';
import { changeStatus } from '../../../src-server/submissions/status.js';
import { createDatabase } from '../../../src-server/db/database.js';
import { openAnswerWithSecret } from '../../../src-renderer/platform/answer-crypto.js';
import { authHeaders, createTestServer, makePetition, postBatch, results, type TestServer } from './helpers.js';

const ANSWER = 'Таны гомдлыг хүлээн авч, гудамжны гэрлийг 12 сарын 10-нд засна. Баярлалаа.';

describe('receipt secret and answer key (shared, Node)', () => {
  it('secrets are 10 random digits, printed in two groups, typed with or without spaces', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = makeReceiptSecret();
      expect(s).toMatch(new RegExp(`^\\d{${RECEIPT_SECRET_DIGITS}}$`));
      seen.add(s);
    }
    expect(seen.size).toBe(200);
    expect(formatReceiptSecret('482139057712')).toBe('4821 3905 7712');
    expect(normalizeReceiptSecret('4821 3905 7712')).toBe('482139057712');
    expect(normalizeReceiptSecret('4821-3905-7712')).toBe('482139057712');
    expect(normalizeReceiptSecret('48213905771')).toBeNull();
    expect(normalizeReceiptSecret('48213a057712')).toBeNull();
  });

  it('an answer sealed by the server opens on the kiosk with the secret, and only with it', async () => {
    const trackingNo = '0421-000001-5';
    const secret = '482139057712';
    const keyHex = await deriveAnswerKeyHex(secret, trackingNo);
    expect(keyHex).toMatch(/^[0-9a-f]{64}$/);
    const sealed = sealAnswer(keyHex, trackingNo, ANSWER);
    expect(Buffer.from(sealed.ct, 'base64').toString('utf8')).not.toContain('гомдл');
    expect(await openAnswerWithSecret(secret, trackingNo, sealed)).toBe(ANSWER);
    expect(await openAnswerWithSecret('482139057713', trackingNo, sealed)).toBeNull();
    // Bound to its number: the same secret on another receipt makes another key.
    expect(await openAnswerWithSecret(secret, '0421-000002-3', sealed)).toBeNull();
    expect(openAnswer(Buffer.from(keyHex, 'hex'), trackingNo, sealed)).toBe(ANSWER);
  }, 30_000);
});

describe('answers on the server', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  async function acceptPetition(n: number, secret: string | null) {
    const base = await makePetition(n);
    const content = {
      subject: 'Гудамжны гэрэл',
      text: 'Манай гудамжны гэрэл гурван сар асахгүй байна.',
      ...(secret ? { answerKey: await deriveAnswerKeyHex(secret, base.trackingNo) } : {}),
    };
    const item = await makePetition(n, { content, idempotencyKey: base.idempotencyKey });
    const [result] = results(await postBatch(server.app, [item]));
    if (result?.result !== 'accepted') throw new Error(JSON.stringify(result));
    return item.trackingNo;
  }
  const statusChanges = async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/status-changes?after=0',
      headers: authHeaders(),
    });
    expect(res.statusCode).toBe(200);
    return statusChangesPageSchema.parse(res.json()).changes;
  };
  const askAnswer = (trackingNo: string, secret: unknown) =>
    server.app.inject({ method: 'POST', url: `/api/v1/track/${trackingNo}/answer`, payload: { secret } });

  it('the answer travels to the kiosk sealed with the answered change, and the public look-up needs the secret', async () => {
    const secret = '012345678901';
    const trackingNo = await acceptPetition(1, secret);
    const stored = await server.db.selectFrom('receipt_answers').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ answer_key: await deriveAnswerKeyHex(secret, trackingNo), ct: null });

    // Before the answer: the right secret shows the status only.
    const early = await askAnswer(trackingNo, '0123 4567 8901');
    expect(early.statusCode).toBe(200);
    expect(trackAnswerResponseSchema.parse(early.json())).not.toHaveProperty('answer');

    await changeStatus(server.db, trackingNo, 'answered', { note: ANSWER, answer: ANSWER });
    const changes = await statusChanges();
    const answered = changes.find((c) => c.status === 'answered');
    expect(changes.find((c) => c.status === 'received')?.answer).toBeUndefined();
    expect(answered?.answer?.alg).toBe('scrypt-N65536-r8-p1+A256GCM');
    expect(JSON.stringify(changes)).not.toContain('гудамжны гэрлийг');
    expect(await openAnswerWithSecret(secret, trackingNo, answered!.answer!)).toBe(ANSWER);

    // The public status stays status only.
    const plain = await server.app.inject({ method: 'GET', url: `/api/v1/track/${trackingNo}` });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).not.toContain('гудамжны');

    const right = await askAnswer(trackingNo, secret);
    expect(right.statusCode).toBe(200);
    expect(trackAnswerResponseSchema.parse(right.json())).toMatchObject({
      trackingNo,
      status: 'answered',
      answer: { text: ANSWER },
    });
  }, 60_000);

  it('wrong secrets are limited per number, in the database; the right one clears the count', async () => {
    const secret = '555000123444';
    const trackingNo = await acceptPetition(2, secret);
    const other = await acceptPetition(3, '111222333444');
    await changeStatus(server.db, trackingNo, 'answered', { answer: ANSWER });

    for (let i = 1; i < ANSWER_TRIES.max; i++) {
      const wrong = await askAnswer(trackingNo, '000000000000');
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()).toMatchObject({ error: { code: 'wrong_secret' } });
      expect(wrong.json<{ error: { message: string } }>().error.message).toContain(
        `${ANSWER_TRIES.max - i} tries left`,
      );
    }
    // The right secret clears the count.
    expect((await askAnswer(trackingNo, secret)).statusCode).toBe(200);
    expect(await server.db.selectFrom('answer_tries').selectAll().execute()).toEqual([]);

    for (let i = 0; i < ANSWER_TRIES.max; i++)
      expect((await askAnswer(trackingNo, '999999999999')).statusCode).toBe(403);
    // Locked: even the right secret waits, and nothing is derived meanwhile.
    const locked = await askAnswer(trackingNo, secret);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'too_many_tries' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    // Another number is not affected.
    expect((await askAnswer(other, '111222333444')).statusCode).toBe(200);

    // A new window after a day: tries come back (the window is in the database, so move it).
    await server.db
      .updateTable('answer_tries')
      .set({ window_start: new Date(Date.now() - ANSWER_TRIES.windowMs - 1000).toISOString() })
      .execute();
    const again = await askAnswer(trackingNo, secret);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ answer: { text: ANSWER } });
  }, 120_000);

  it('racing wrong tries through two database connections never get past the limit', async () => {
    const secret = '135792468013';
    const trackingNo = await acceptPetition(6, secret);
    // A second connection pool to the same database, as a second server process has.
    const second = createDatabase(server.target);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: ANSWER_TRIES.max + 3 }, (_, i) =>
          lookUpAnswer(i % 2 === 0 ? server.db : second, trackingNo, '000000000000'),
        ),
      );
      const count = (r: string) => outcomes.filter((o) => o.result === r).length;
      expect(count('wrong_secret')).toBe(ANSWER_TRIES.max);
      expect(count('too_many_tries')).toBe(3);
      expect((await lookUpAnswer(second, trackingNo, secret)).result).toBe('too_many_tries');
    } finally {
      await second.destroy();
    }
  }, 120_000);

  it('bad input is refused with a worded 4xx; receipts without a secret still give their status', async () => {
    const trackingNo = await acceptPetition(4, null);
    await changeStatus(server.db, trackingNo, 'answered', { answer: ANSWER });
    // Nothing sealed for a receipt without a secret, and nothing breaks.
    expect(await server.db.selectFrom('receipt_answers').selectAll().execute()).toEqual([]);
    expect((await statusChanges()).find((c) => c.status === 'answered')?.answer).toBeUndefined();
    const noSecret = await askAnswer(trackingNo, '012345678901');
    expect(noSecret.statusCode).toBe(409);
    expect(noSecret.json()).toMatchObject({ error: { code: 'no_secret' } });
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/track/${trackingNo}` })).statusCode).toBe(200);

    expect((await askAnswer(trackingNo, '12')).statusCode).toBe(400);
    expect((await askAnswer(trackingNo, 42)).statusCode).toBe(400);
    expect((await askAnswer('0421-000001-0', '012345678901')).statusCode).toBe(400);
    const unknown = await askAnswer('0421-000999-' + '0', '012345678901');
    expect([400, 404]).toContain(unknown.statusCode);
    const bad = await server.app.inject({
      method: 'POST',
      url: `/api/v1/track/${trackingNo}/answer`,
      payload: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('sealAnswerForKiosk refuses an empty or overlong answer, and sealing again replaces it', async () => {
    const trackingNo = await acceptPetition(5, '246801357911');
    const { id } = await server.db
      .selectFrom('submissions')
      .select('id')
      .where('tracking_no', '=', trackingNo)
      .executeTakeFirstOrThrow();
    await expect(sealAnswerForKiosk(server.db, id, '  ', new Date().toISOString())).rejects.toThrow('needs some text');
    await expect(sealAnswerForKiosk(server.db, id, 'ө'.repeat(10_001), new Date().toISOString())).rejects.toThrow(
      'at most 10000',
    );
    await sealAnswerForKiosk(server.db, id, 'Эхний', '2026-12-01T00:00:00.000Z');
    await sealAnswerForKiosk(server.db, id, 'Хоёр дахь', '2026-12-02T00:00:00.000Z');
    const row = await server.db.selectFrom('receipt_answers').selectAll().executeTakeFirstOrThrow();
    expect(row.answered_at).toBe('2026-12-02T00:00:00.000Z');
    expect(openAnswer(Buffer.from(row.answer_key, 'hex'), trackingNo, { iv: row.iv!, ct: row.ct! })).toBe('Хоёр дахь');
  });
});
