import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { answerTriesLeft, KIOSK_ANSWER_TRIES, recordAnswerTry } from '../../../src-renderer/data/answer-tries.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { applyStatusChanges } from '../../../src-renderer/sync/status-sync.js';

const dbs: TsonkhDb[] = [];
function freshDb(): TsonkhDb {
  const db = openDatabase(`answer-tries-test-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

const NO = '0421-000001-7';

describe('wrong receipt secrets on the kiosk', () => {
  it('allows five wrong tries per number a day, kept in the database; the right one clears them', async () => {
    const db = freshDb();
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(await answerTriesLeft(db, NO, now)).toBe(KIOSK_ANSWER_TRIES.max);
    for (let i = 1; i <= KIOSK_ANSWER_TRIES.max; i++) {
      expect(await recordAnswerTry(db, NO, false, now + i)).toBe(KIOSK_ANSWER_TRIES.max - i);
    }
    expect(await answerTriesLeft(db, NO, now + 60_000)).toBe(0);
    // Another number is not affected; a reopened database still remembers.
    expect(await answerTriesLeft(db, '0421-000002-5', now)).toBe(KIOSK_ANSWER_TRIES.max);
    const again = openDatabase(db.name);
    dbs.push(again);
    expect(await answerTriesLeft(again, NO, now + 60_000)).toBe(0);
    // A day later the tries are back.
    expect(await answerTriesLeft(db, NO, now + KIOSK_ANSWER_TRIES.windowMs + 1)).toBe(KIOSK_ANSWER_TRIES.max);
    await recordAnswerTry(db, NO, false, now + KIOSK_ANSWER_TRIES.windowMs + 2);
    await recordAnswerTry(db, NO, true, now + KIOSK_ANSWER_TRIES.windowMs + 3);
    expect(await answerTriesLeft(db, NO, now + KIOSK_ANSWER_TRIES.windowMs + 4)).toBe(KIOSK_ANSWER_TRIES.max);
  });

  it('keeps the sealed answer that comes with the answered change', async () => {
    const db = freshDb();
    const answer = { alg: 'scrypt-N65536-r8-p1+A256GCM' as const, iv: 'A'.repeat(16), ct: 'c2VhbGVk' };
    await applyStatusChanges(
      db,
      [
        { seq: 1, trackingNo: NO, kind: 'petition', status: 'received', at: '2026-12-01T00:00:00.000Z' },
        { seq: 2, trackingNo: NO, kind: 'petition', status: 'answered', at: '2026-12-03T00:00:00.000Z', answer },
      ],
      2,
    );
    expect(await db.statuses.get(NO)).toMatchObject({ status: 'answered', answer });
  });
});
