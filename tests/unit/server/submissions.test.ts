import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import { publishChanges } from '../../../src-server/content/publish.js';
import { loadContentFolder } from '../../../src-server/content/content-folder.js';
import {
  authHeaders,
  countRows,
  createTestServer,
  errorOf,
  makePetition,
  makeSubmission,
  FIXTURE_CONTENT_DIR,
  postBatch,
  results,
  validResidenceAnswers,
  type TestServer,
} from './helpers.js';

describe('POST /api/v1/submissions/batch', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('stores a new submission and acknowledges it', async () => {
    const item = await makeSubmission(1);
    const res = await postBatch(server.app, [item]);
    expect(res.statusCode).toBe(200);
    const [result] = results(res);
    expect(result).toMatchObject({
      idempotencyKey: item.idempotencyKey,
      result: 'accepted',
      ack: { idempotencyKey: item.idempotencyKey, trackingNo: item.trackingNo, status: 'received' },
    });
    expect(result?.result === 'accepted' && result.ack.dueDate).toBe(undefined);
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('answers a replay with the identical original ack', async () => {
    const item = await makeSubmission(2);
    const first = results(await postBatch(server.app, [item]));
    await new Promise((r) => setTimeout(r, 5));
    const replay = await postBatch(server.app, [item]);
    expect(replay.statusCode).toBe(200);
    expect(results(replay)).toEqual(first);
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('treats a resend with keys in another order as the same body', async () => {
    const item = await makeSubmission(3);
    const first = results(await postBatch(server.app, [item]));
    const reordered = Object.fromEntries(Object.entries(item).reverse());
    const replay = await postBatch(server.app, [reordered]);
    expect(replay.statusCode).toBe(200);
    expect(results(replay)).toEqual(first);
  });

  it('answers the same key with a different body with 409 and keeps the original', async () => {
    const item = await makeSubmission(4);
    const [original] = results(await postBatch(server.app, [item]));
    const changed = await makeSubmission(4, {
      idempotencyKey: item.idempotencyKey,
      answers: { ...validResidenceAnswers(), firstName: 'Өөр' },
    });
    const fresh = await makeSubmission(5);
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
    expect(row.body).toBe(canonicalJson(item));
    expect(results(await postBatch(server.app, [item]))).toEqual([original]);
  });

  it('a petition replay gets the same ack with its due date; the same content sealed again is a 409', async () => {
    const item = await makePetition(18);
    const [first] = results(await postBatch(server.app, [item]));
    expect(first?.result === 'accepted' && first.ack.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(results(await postBatch(server.app, [item]))).toEqual([first]);
    // Same fields, same citizen text, but a fresh envelope: other bytes, so not the submission the kiosk froze.
    const resealed = await makePetition(18, { idempotencyKey: item.idempotencyKey, createdAt: item.createdAt });
    expect(resealed.sealed.ct).not.toBe(item.sealed.ct);
    const res = await postBatch(server.app, [resealed]);
    expect(res.statusCode).toBe(409);
    expect(errorOf(results(res)[0]).code).toBe('conflict');
    expect(await countRows(server.db, 'submissions')).toBe(1);
    expect(await countRows(server.db, 'status_changes')).toBe(1);
  });

  it('stores the item as sent: personal data stays sealed at rest', async () => {
    const item = await makeSubmission(16);
    await postBatch(server.app, [item]);
    const row = await server.db.selectFrom('submissions').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.body)).toEqual(JSON.parse(JSON.stringify(item)));
    const everything = JSON.stringify(await server.db.selectFrom('submissions').selectAll().execute());
    for (const value of Object.values(validResidenceAnswers()).filter((v) => v.length >= 4)) {
      expect(everything).not.toContain(value);
    }
    expect(row).toMatchObject({
      kind: 'service_application',
      channel: 'kiosk',
      staff_id: null,
      service_id: 'residence-address-reference',
      form_id: 'residence-address-request',
      form_version: 1,
      status: 'received',
      due_date: null,
    });
  });

  it('stores a key sent twice in one batch once', async () => {
    const item = await makeSubmission(6);
    const res = await postBatch(server.app, [item, item]);
    expect(res.statusCode).toBe(200);
    const [a, b] = results(res);
    expect(a).toEqual(b);
    expect(await countRows(server.db, 'submissions')).toBe(1);
    expect(await countRows(server.db, 'status_changes')).toBe(1);
  });

  it('rejects an item from another kiosk code with 422 kiosk_mismatch', async () => {
    const item = await makeSubmission(7, { kioskCode: '6501', trackingNo: makeTrackingNumber('6501', 7).text });
    const res = await postBatch(server.app, [item]);
    expect(res.statusCode).toBe(422);
    expect(errorOf(results(res)[0])).toMatchObject({ code: 'kiosk_mismatch' });
    expect(await countRows(server.db, 'submissions')).toBe(0);
  });

  it("refuses a tracking number that is not the item's kiosk code as a bad request", async () => {
    const res = await postBatch(server.app, [
      await makeSubmission(8, { trackingNo: makeTrackingNumber('6501', 8).text }),
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('items.0.trackingNo:');
  });

  it('refuses a second submission under a tracking number already taken', async () => {
    const first = await makeSubmission(17);
    const again = await makeSubmission(17);
    expect(again.idempotencyKey).not.toBe(first.idempotencyKey);
    expect((await postBatch(server.app, [first])).statusCode).toBe(200);
    const res = await postBatch(server.app, [again]);
    expect(res.statusCode).toBe(422);
    expect(errorOf(results(res)[0]).code).toBe('tracking_no_taken');
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('rejects invalid answers with 422 naming the failing fields, never their values', async () => {
    const answers = { ...validResidenceAnswers(), registrationNumber: 'УБ90133512', phone: '12', extra: 'x' };
    const good = await makeSubmission(9);
    const res = await postBatch(server.app, [good, await makeSubmission(10, { answers })]);
    expect(res.statusCode).toBe(422);
    const [accepted, rejected] = results(res);
    expect(accepted?.result).toBe('accepted');
    const error = errorOf(rejected);
    expect(error.code).toBe('invalid_answers');
    expect(error.message).toContain('registrationNumber');
    expect(error.message).toContain('phone');
    expect(error.message).toContain('unknown fields: extra');
    expect(error.message).not.toContain('firstName');
    expect(error.message).not.toContain('УБ90133512');
    expect(await countRows(server.db, 'submissions')).toBe(1);
  });

  it('rejects a missing required answer', async () => {
    const { copies: _omitted, ...answers } = validResidenceAnswers();
    const res = await postBatch(server.app, [await makeSubmission(11, { answers })]);
    expect(res.statusCode).toBe(422);
    expect(errorOf(results(res)[0]).message).toContain('copies (required)');
  });

  it('rejects an unknown form version and an unknown service', async () => {
    const res = await postBatch(server.app, [
      await makeSubmission(12, { formVersion: 9 }),
      await makeSubmission(13, { serviceId: 'no-such-service' }),
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
    const res = await postBatch(server.app, [await makeSubmission(14)]);
    expect(res.statusCode).toBe(200);
  });

  it('accepts the shorter migration form', async () => {
    const item = await makeSubmission(15, {
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
