import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusChangesPageSchema, trackResponseSchema } from '../../../src-shared/protocol.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { changeStatus, StatusChangeError } from '../../../src-server/submissions/status.js';
import {
  authHeaders,
  createTestServer,
  makeFeedback,
  makeLawComment,
  makePetition,
  makeSubmission,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

/** 2026-11-26 20:00 UTC = 2026-11-27 04:00 in Mongolia. */
const NOW = new Date('2026-11-26T20:00:00Z');

async function refusal(promise: Promise<unknown>): Promise<StatusChangeError> {
  const error = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(StatusChangeError);
  return error as StatusChangeError;
}

describe('status changes and due dates', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => {
    await server.close();
  });

  async function accept(item: Submission) {
    const [result] = results(await postBatch(server.app, [item]));
    if (result?.result !== 'accepted') throw new Error(JSON.stringify(result));
    return result.ack;
  }
  const stored = (trackingNo: string) =>
    server.db.selectFrom('submissions').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
  const history = async (trackingNo: string) => {
    const { id } = await stored(trackingNo);
    const rows = await server.db
      .selectFrom('status_changes')
      .selectAll()
      .where('submission_id', '=', id)
      .orderBy('seq')
      .execute();
    return rows.map((r) => [r.status, r.due_date]);
  };

  it('a petition is due 30 days after receipt; an extension adds 30 days, once', async () => {
    const item = await makePetition(1);
    const ack = await accept(item);
    expect(ack.dueDate).toBe('2026-12-27');
    const later = (h: number) => ({ now: new Date(NOW.getTime() + h * 3_600_000) });

    const forwarded = await changeStatus(server.db, item.trackingNo, 'forwarded', { note: 'to the soum', ...later(1) });
    expect(forwarded).toMatchObject({ status: 'forwarded', previous: 'received', dueDate: '2026-12-27' });
    const extended = await changeStatus(server.db, item.trackingNo, 'extended', later(2));
    expect(extended).toMatchObject({ status: 'extended', previous: 'forwarded', dueDate: '2027-01-26' });
    expect(await stored(item.trackingNo)).toMatchObject({
      status: 'extended',
      due_date: '2027-01-26',
      initial_due_date: '2026-12-27',
      status_at: later(2).now.toISOString(),
    });

    await changeStatus(server.db, item.trackingNo, 'in_progress', later(3));
    expect((await refusal(changeStatus(server.db, item.trackingNo, 'extended'))).code).toBe('already_extended');
    await changeStatus(server.db, item.trackingNo, 'answered', later(4));
    expect(await history(item.trackingNo)).toEqual([
      ['received', '2026-12-27'],
      ['forwarded', '2026-12-27'],
      ['extended', '2027-01-26'],
      ['in_progress', '2027-01-26'],
      ['answered', '2027-01-26'],
    ]);
    const note = await server.db.selectFrom('status_changes').select('note').where('seq', '=', forwarded.seq).execute();
    expect(note).toEqual([{ note: 'to the soum' }]);

    // The ack never changes: a replay after all this still says received, due on the first date.
    const [replay] = results(await postBatch(server.app, [item]));
    expect(replay).toEqual({ idempotencyKey: item.idempotencyKey, result: 'accepted', ack });
  });

  it('a suggestion is due after 60 days; extended, 90', async () => {
    const item = await makePetition(2, { petitionCategory: 'suggestion' });
    expect((await accept(item)).dueDate).toBe('2027-01-26');
    await changeStatus(server.db, item.trackingNo, 'in_progress');
    expect((await changeStatus(server.db, item.trackingNo, 'extended')).dueDate).toBe('2027-02-25');
  });

  it('only petitions are extended, and not straight from received', async () => {
    const application = await makeSubmission(3);
    const petition = await makePetition(4);
    await accept(application);
    await accept(petition);
    expect((await refusal(changeStatus(server.db, application.trackingNo, 'extended'))).code).toBe('not_a_petition');
    const straight = await refusal(changeStatus(server.db, petition.trackingNo, 'extended'));
    expect(straight.code).toBe('invalid_transition');
    expect(straight.message).toContain('forwarded');
  });

  it('allows the sensible moves and nothing after a decision', async () => {
    // Written by the server's (pinned) clock: the comment window is judged by it.
    const createdAt = NOW.toISOString();
    const items = await Promise.all([
      makeSubmission(5),
      makeLawComment(6, { createdAt }),
      makeFeedback(7),
      makePetition(8),
    ]);
    for (const item of items) await accept(item);
    const [application, comment, feedback, petition] = items.map((i) => i.trackingNo) as [
      string,
      string,
      string,
      string,
    ];
    await changeStatus(server.db, application, 'in_progress');
    await changeStatus(server.db, application, 'resolved');
    await changeStatus(server.db, comment, 'answered');
    await changeStatus(server.db, feedback, 'forwarded');
    await changeStatus(server.db, feedback, 'forwarded'); // to another organisation
    await changeStatus(server.db, petition, 'returned', { note: 'not ours' });
    for (const [number, status] of [
      [application, 'in_progress'],
      [comment, 'resolved'],
      [petition, 'forwarded'],
    ] as const) {
      expect((await refusal(changeStatus(server.db, number, status))).code).toBe('terminal');
    }
    expect((await refusal(changeStatus(server.db, feedback, 'received'))).code).toBe('invalid_transition');
    expect(await stored(application)).toMatchObject({ status: 'resolved', due_date: null });
  });

  it('refuses an unknown number, a mistyped number and an unknown status', async () => {
    await accept(await makePetition(9));
    const unknown = makeTrackingNumber('0421', 999).text;
    expect((await refusal(changeStatus(server.db, unknown, 'forwarded'))).code).toBe('not_found');
    expect((await refusal(changeStatus(server.db, '0421-000009-0', 'forwarded'))).code).toBe('invalid_tracking_no');
    const status = await refusal(changeStatus(server.db, makeTrackingNumber('0421', 9).text, 'lost'));
    expect(status.code).toBe('invalid_status');
    expect(status.message).toContain('in_progress');
  });

  it('finds a number typed without dashes', async () => {
    const item = await makePetition(10);
    await accept(item);
    const change = await changeStatus(server.db, item.trackingNo.replaceAll('-', ' '), 'forwarded');
    expect(change.trackingNo).toBe(item.trackingNo);
  });
});

describe('GET /api/v1/status-changes and GET /api/v1/track/:trackingNo', () => {
  const OTHER_CODE = '6501';
  const OTHER_CREDENTIAL = 'second-kiosk-6501-credential';
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
    await registerKiosk(server.db, { kioskCode: OTHER_CODE, name: { mn: 'Өөр' }, credential: OTHER_CREDENTIAL });
  });
  afterEach(async () => {
    await server.close();
  });

  const page = async (query: string, credential?: string) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/status-changes${query}`,
      headers: authHeaders(credential),
    });
    expect(res.statusCode).toBe(200);
    return statusChangesPageSchema.parse(res.json());
  };

  it("shows a kiosk only its own submissions' changes, in sequence order", async () => {
    const mine = await makePetition(1);
    const other = await makePetition(1, {
      kioskCode: OTHER_CODE,
      trackingNo: makeTrackingNumber(OTHER_CODE, 1).text,
    });
    expect((await postBatch(server.app, [mine])).statusCode).toBe(200);
    expect((await postBatch(server.app, [other], OTHER_CREDENTIAL)).statusCode).toBe(200);
    await changeStatus(server.db, other.trackingNo, 'forwarded', { note: 'secret note' });
    await changeStatus(server.db, mine.trackingNo, 'forwarded');
    await changeStatus(server.db, mine.trackingNo, 'extended', { now: new Date('2026-12-01T00:00:00Z') });

    const own = await page('');
    expect(own.changes.map((c) => [c.trackingNo, c.status, c.dueDate])).toEqual([
      [mine.trackingNo, 'received', '2026-12-27'],
      [mine.trackingNo, 'forwarded', '2026-12-27'],
      [mine.trackingNo, 'extended', '2027-01-26'],
    ]);
    expect(own.changes.every((c) => c.kind === 'petition')).toBe(true);
    expect(own.changes[2]?.at).toBe('2026-12-01T00:00:00.000Z');
    expect(own).toMatchObject({ more: false, next: own.changes.at(-1)?.seq });

    const theirs = await page('', OTHER_CREDENTIAL);
    expect(theirs.changes.map((c) => [c.trackingNo, c.status])).toEqual([
      [other.trackingNo, 'received'],
      [other.trackingNo, 'forwarded'],
    ]);
    expect(JSON.stringify(theirs)).not.toContain('secret note');
  });

  it("does not give one kiosk another kiosk's ack, even for the identical item", async () => {
    const mine = await makePetition(2);
    const [ack] = results(await postBatch(server.app, [mine]));
    expect(ack?.result).toBe('accepted');
    const res = await postBatch(server.app, [mine], OTHER_CREDENTIAL);
    expect(res.statusCode).toBe(422);
    expect(results(res)[0]).toMatchObject({ result: 'rejected', error: { code: 'kiosk_mismatch' } });
    expect(res.body).not.toContain('"serverId"');
  });

  it('pages by cursor', async () => {
    for (let n = 1; n <= 3; n++) await postBatch(server.app, [await makeSubmission(n)]);
    const first = await page('?limit=2');
    expect(first.changes).toHaveLength(2);
    expect(first.more).toBe(true);
    const second = await page(`?after=${first.next}&limit=2`);
    expect(second.changes).toHaveLength(1);
    expect(second.more).toBe(false);
    const empty = await page(`?after=${second.next}`);
    expect(empty).toEqual({ changes: [], next: second.next, more: false });
  });

  it('needs a kiosk credential and a sensible query', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/status-changes' });
    expect(anonymous.statusCode).toBe(401);
    const bad = await server.app.inject({
      method: 'GET',
      url: '/api/v1/status-changes?after=-1',
      headers: authHeaders(),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('track: public, status and dates only, no personal data', async () => {
    const item = await makePetition(7, { channel: 'assisted', staffId: 'CC-0421-01' });
    await postBatch(server.app, [item]);
    await changeStatus(server.db, item.trackingNo, 'in_progress', {
      note: 'Батболд Сарнай called',
      now: new Date('2026-11-28T01:00:00Z'),
    });
    const res = await server.app.inject({ method: 'GET', url: `/api/v1/track/${item.trackingNo}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(trackResponseSchema.parse(body)).toEqual({
      trackingNo: item.trackingNo,
      kind: 'petition',
      status: 'in_progress',
      receivedAt: NOW.toISOString(),
      updatedAt: '2026-11-28T01:00:00.000Z',
      dueDate: '2026-12-27',
    });
    expect(Object.keys(body).sort()).toEqual(['dueDate', 'kind', 'receivedAt', 'status', 'trackingNo', 'updatedAt']);
    expect(res.body).not.toMatch(/Батболд|CC-0421-01|sealed|complaint/);

    const compact = await server.app.inject({
      method: 'GET',
      url: `/api/v1/track/${item.trackingNo.replaceAll('-', '')}`,
    });
    expect(compact.json()).toEqual(body);
  });

  it('track: 404 for a number nobody submitted, 400 for a bad check digit', async () => {
    const unknown = await server.app.inject({
      method: 'GET',
      url: `/api/v1/track/${makeTrackingNumber('0421', 123).text}`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    const good = makeTrackingNumber('0421', 123).text;
    const mistyped = `${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10}`;
    for (const bad of [mistyped, 'abc', '0421-1-0']) {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/track/${encodeURIComponent(bad)}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_tracking_no' } });
    }
  });
});
