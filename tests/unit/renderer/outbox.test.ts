import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import {
  applyPushResults,
  queueSubmission,
  sendableEntries,
  type NewSubmission,
  type Sealer,
} from '../../../src-renderer/data/outbox-repo.js';
import { parseTrackingNumber } from '../../../src-shared/rules/tracking-number.js';

const dbs: TsonkhDb[] = [];
function freshDb(): TsonkhDb {
  const db = openDatabase(`outbox-test-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A stand-in sealer: the real one (WebCrypto) is tested with the server's opener. */
const fakeSealer: Sealer = async () => ({
  alg: 'ECDH-P256+HKDF-SHA256+A256GCM',
  epk: 'B'.repeat(87) + '=',
  iv: 'A'.repeat(16),
  ct: 'c2VhbGVk',
});

const application: NewSubmission = {
  kioskCode: '0421',
  lang: 'mn',
  channel: 'kiosk',
  title: { mn: 'Оршин суугаа хаягийн тодорхойлолт' },
  fields: { kind: 'service_application', serviceId: 'residence', formId: 'residence', formVersion: 1 },
  personal: { answers: { fullName: 'Батболд Дорж' } },
};

describe('queueSubmission', () => {
  it('gives consecutive, check-digit-valid tracking numbers and queues each entry sealed', async () => {
    const db = freshDb();
    const a = await queueSubmission(db, application, fakeSealer);
    const b = await queueSubmission(db, application, fakeSealer);
    expect(a.trackingNo).toMatch(/^0421-000001-\d$/);
    const pb = parseTrackingNumber(b.trackingNo);
    expect(pb.ok && pb.value.sequence).toBe(2);
    expect(a.status).toBe('queued');
    expect(a.submission?.idempotencyKey).not.toBe(b.submission?.idempotencyKey);
    // Nothing personal is stored in clear.
    expect(JSON.stringify(await db.outbox.toArray())).not.toContain('Батболд');
  });

  it('never gives the same number twice, even when two submissions race', async () => {
    const db = freshDb();
    const many = await Promise.all(Array.from({ length: 12 }, () => queueSubmission(db, application, fakeSealer)));
    expect(new Set(many.map((e) => e.trackingNo)).size).toBe(12);
    expect(await db.outbox.count()).toBe(12);
  });

  it('refuses personal data that does not fit its kind, writing nothing', async () => {
    const db = freshDb();
    await expect(
      queueSubmission(db, { ...application, fields: { kind: 'petition', petitionCategory: 'complaint' } }, fakeSealer),
    ).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps what a submission is about (service, or law and article) after acceptance, for "Check my receipt"', async () => {
    const db = freshDb();
    const comment = await queueSubmission(
      db,
      {
        ...application,
        title: { mn: 'Өргөдлийн тухай хууль' },
        fields: { kind: 'law_comment', lawId: 'petitions-law', lawVersion: 2, articleNumber: 12, stance: 'for' },
        personal: { text: 'Дэмжиж байна.' },
      },
      fakeSealer,
    );
    const service = await queueSubmission(db, application, fakeSealer);
    expect(comment.about).toEqual({ lawId: 'petitions-law', articleNumber: 12 });
    expect(service.about).toEqual({ serviceId: 'residence' });
    const receivedAt = new Date().toISOString();
    await applyPushResults(
      db,
      [comment, service].map((e, i) => ({
        idempotencyKey: e.idempotencyKey,
        result: 'accepted' as const,
        ack: {
          idempotencyKey: e.idempotencyKey,
          trackingNo: e.trackingNo,
          serverId: i + 1,
          receivedAt,
          status: 'received',
        },
      })),
    );
    expect((await db.outbox.get(comment.idempotencyKey))?.about).toEqual({ lawId: 'petitions-law', articleNumber: 12 });
    expect((await db.outbox.get(service.idempotencyKey))?.about).toEqual({ serviceId: 'residence' });
  });

  it('accepted entries keep the ack and drop the sealed payload; refused ones are quarantined', async () => {
    const db = freshDb();
    const a = await queueSubmission(db, application, fakeSealer);
    const b = await queueSubmission(db, application, fakeSealer);
    const receivedAt = new Date().toISOString();
    await applyPushResults(db, [
      {
        idempotencyKey: a.idempotencyKey,
        result: 'accepted',
        ack: {
          idempotencyKey: a.idempotencyKey,
          trackingNo: a.trackingNo,
          serverId: 7,
          receivedAt,
          status: 'received',
        },
      },
      {
        idempotencyKey: b.idempotencyKey,
        result: 'rejected',
        error: { code: 'unknown_form', message: 'no such form' },
      },
    ]);
    const acked = await db.outbox.get(a.idempotencyKey);
    expect(acked?.status).toBe('accepted');
    expect(acked?.submission).toBeUndefined();
    expect((await db.statuses.get(a.trackingNo))?.status).toBe('received');
    const qb = await db.outbox.get(b.idempotencyKey);
    expect(qb?.status).toBe('quarantined');
    expect(qb?.lastError).toContain('unknown_form');
    expect(await sendableEntries(db, 10)).toEqual([]);
  });
});
