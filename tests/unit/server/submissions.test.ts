import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionBatchResponseSchema, type ItemResult } from '../../../src-shared/protocol.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { publishChanges } from '../../../src-server/content/publish.js';
import { loadContentFolder } from '../../../src-server/content/content-folder.js';
import {
  authHeaders,
  countRows,
  createTestServer,
  makeSubmission,
  FIXTURE_CONTENT_DIR,
  postBatch,
  validResidenceAnswers,
  type TestServer,
} from './helpers.js';

function results(res: { json: () => unknown }): ItemResult[] {
  return submissionBatchResponseSchema.parse(res.json()).results;
}

function errorOf(result: ItemResult | undefined): { code: string; message: string } {
  if (!result || result.result === 'accepted') throw new Error(`expected a failed item, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('POST /api/v1/submissions/batch', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('stores a new submission and acknowledges it', async () => {
    const item = makeSubmission(1);
    const res = await postBatch(server.app, [item]);
    expect(res.statusCode).toBe(200);
    const [result] = results(res);
    expect(result).toMatchObject({
      idempotencyKey: item.idempotencyKey,
      result: 'accepted',
      ack: { idempotencyKey: item.idempotencyKey, trackingNo: item.trackingNo, status: 'received' },
    });
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('answers a replay with the identical original ack', async () => {
    const item = makeSubmission(2);
    const first = results(await postBatch(server.app, [item]));
    await new Promise((r) => setTimeout(r, 5));
    const replay = await postBatch(server.app, [item]);
    expect(replay.statusCode).toBe(200);
    expect(results(replay)).toEqual(first);
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('treats a resend with keys in another order as the same body', async () => {
    const item = makeSubmission(3);
    const first = results(await postBatch(server.app, [item]));
    const reordered = Object.fromEntries(Object.entries(item).reverse());
    const replay = await postBatch(server.app, [reordered]);
    expect(replay.statusCode).toBe(200);
    expect(results(replay)).toEqual(first);
  });

  it('answers the same key with a different body with 409 and keeps the original', async () => {
    const item = makeSubmission(4);
    const [original] = results(await postBatch(server.app, [item]));
    const changed = { ...item, answers: { ...item.answers, firstName: 'Өөр' } };
    const fresh = makeSubmission(5);
    const res = await postBatch(server.app, [changed, fresh]);
    expect(res.statusCode).toBe(409);
    const [conflict, accepted] = results(res);
    expect(conflict?.result).toBe('conflict');
    expect(errorOf(conflict).code).toBe('conflict');
    expect(accepted?.result).toBe('accepted');
    const row = await server.db
      .selectFrom('submissions')
      .select('body')
      .where('idempotency_key', '=', item.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.body)).toMatchObject({ answers: { firstName: 'Сарнай' } });
    expect(results(await postBatch(server.app, [item]))).toEqual([original]);
  });

  it('stores a key sent twice in one batch once', async () => {
    const item = makeSubmission(6);
    const res = await postBatch(server.app, [item, item]);
    expect(res.statusCode).toBe(200);
    const [a, b] = results(res);
    expect(a).toEqual(b);
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('rejects an item from another kiosk code with 422 kiosk_mismatch', async () => {
    const item = makeSubmission(7, { kioskCode: '6501', trackingNo: makeTrackingNumber('6501', 7).text });
    const res = await postBatch(server.app, [item]);
    expect(res.statusCode).toBe(422);
    expect(errorOf(results(res)[0])).toMatchObject({ code: 'kiosk_mismatch' });
    expect(await countRows(server.db, 'submissions')).toBe(0);
  });

  it("refuses a tracking number that is not the item's kiosk code as a bad request", async () => {
    const res = await postBatch(server.app, [makeSubmission(8, { trackingNo: makeTrackingNumber('6501', 8).text })]);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('items.0.trackingNo:');
  });

  it('rejects invalid answers with 422 naming the failing fields', async () => {
    const answers = { ...validResidenceAnswers(), registrationNumber: 'УБ90133512', phone: '12', extra: 'x' };
    const good = makeSubmission(9);
    const res = await postBatch(server.app, [good, makeSubmission(10, { answers })]);
    expect(res.statusCode).toBe(422);
    const [accepted, rejected] = results(res);
    expect(accepted?.result).toBe('accepted');
    const error = errorOf(rejected);
    expect(error.code).toBe('invalid_answers');
    expect(error.message).toContain('registrationNumber');
    expect(error.message).toContain('phone');
    expect(error.message).toContain('unknown fields: extra');
    expect(error.message).not.toContain('firstName');
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('rejects a missing required answer', async () => {
    const { copies: _omitted, ...answers } = validResidenceAnswers();
    const res = await postBatch(server.app, [makeSubmission(11, { answers })]);
    expect(res.statusCode).toBe(422);
    expect(errorOf(results(res)[0]).message).toContain('copies (required)');
  });

  it('rejects an unknown form version and an unknown service', async () => {
    const res = await postBatch(server.app, [
      makeSubmission(12, { formVersion: 9 }),
      makeSubmission(13, { serviceId: 'no-such-service' }),
    ]);
    expect(res.statusCode).toBe(422);
    const [form, service] = results(res);
    expect(errorOf(form).code).toBe('unknown_form');
    expect(errorOf(service).code).toBe('unknown_service');
  });

  it('still takes a submission made with an older form version', async () => {
    const form = (await loadContentFolder(FIXTURE_CONTENT_DIR)).find((e) => e.type === 'form');
    const data = (form as { data: { fields: Array<{ id: string }> } }).data;
    await publishChanges(server.db, [
      { op: 'put', type: 'form', data: { ...data, version: 2, fields: data.fields.filter((f) => f.id !== 'copies') } },
    ]);
    const res = await postBatch(server.app, [makeSubmission(14)]);
    expect(res.statusCode).toBe(200);
  });

  it('accepts the shorter migration form', async () => {
    const item = makeSubmission(15, {
      serviceId: 'migration-registration',
      formId: 'migration-registration-request',
      answers: {
        registrationNumber: 'уб 0132 1245',
        phone: '+976 8811 2233',
        moveType: 'between-aimags',
        newAddress: 'Улаанбаатар, Баянзүрх дүүрэг',
      },
    });
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/submissions/batch',
      headers: authHeaders(),
      payload: { items: [item] },
    });
    expect(res.statusCode).toBe(200);
  });
});
