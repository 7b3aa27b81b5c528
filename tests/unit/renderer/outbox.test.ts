import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { applyPushResults, queueApplication, sendableEntries } from '../../../src-renderer/data/outbox-repo.js';
import { parseTrackingNumber } from '../../../src-shared/rules/tracking-number.js';

let db: TsonkhDb;
let n = 0;
function freshDb(): TsonkhDb {
  db = openDatabase(`outbox-test-${++n}`);
  return db;
}
afterEach(async () => {
  db.close();
  await db.delete();
});

const application = {
  kioskCode: '0421',
  lang: 'mn' as const,
  serviceId: 'residence-reference',
  formId: 'residence-reference',
  formVersion: 1,
  title: { mn: 'Оршин суугаа хаягийн тодорхойлолт' },
  answers: { fullName: 'Батболд Дорж' },
};

describe('queueApplication', () => {
  it('gives consecutive, check-digit-valid tracking numbers and queues each entry', async () => {
    freshDb();
    const a = await queueApplication(db, application);
    const b = await queueApplication(db, application);
    expect(a.trackingNo).toMatch(/^0421-000001-\d$/);
    const pa = parseTrackingNumber(a.trackingNo);
    const pb = parseTrackingNumber(b.trackingNo);
    expect(pa.ok && pa.value.sequence).toBe(1);
    expect(pb.ok && pb.value.sequence).toBe(2);
    expect(a.status).toBe('queued');
    expect(a.submission.idempotencyKey).not.toBe(b.submission.idempotencyKey);
    expect(await db.outbox.count()).toBe(2);
  });

  it('writes nothing and does not use up a number when the submission is invalid', async () => {
    freshDb();
    await expect(queueApplication(db, { ...application, kioskCode: '42' })).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    const ok = await queueApplication(db, application);
    expect(ok.trackingNo.startsWith('0421-000001-')).toBe(true);
  });

  it('accepted entries keep the ack and leave the sendable list; refused ones are quarantined', async () => {
    freshDb();
    const a = await queueApplication(db, application);
    const b = await queueApplication(db, application);
    await applyPushResults(db, [
      {
        idempotencyKey: a.idempotencyKey,
        result: 'accepted',
        ack: {
          idempotencyKey: a.idempotencyKey,
          trackingNo: a.trackingNo,
          serverId: 7,
          receivedAt: new Date().toISOString(),
          status: 'received',
        },
      },
      {
        idempotencyKey: b.idempotencyKey,
        result: 'rejected',
        error: { code: 'unknown_form', message: 'no such form' },
      },
    ]);
    expect((await db.outbox.get(a.idempotencyKey))?.status).toBe('accepted');
    const qb = await db.outbox.get(b.idempotencyKey);
    expect(qb?.status).toBe('quarantined');
    expect(qb?.lastError).toContain('unknown_form');
    expect(await sendableEntries(db, 10)).toEqual([]);
  });
});
