import { ANSWER_TRIES } from '../../src-shared/answers/receipt-secret.js';
import type { TsonkhDb } from './db.js';
import { answerTriesKey as key, deleteMeta, getMeta, putMeta, type AnswerTriesValue } from './meta.js';

/**
 * Wrong receipt secrets per tracking number on this kiosk: `KIOSK_ANSWER_TRIES.max` in one
 * window, kept in IndexedDB so reloading the page or waiting for the next citizen does not give
 * them back. (Against someone holding the disk this is no defence; the slow key derivation is —
 * see docs/answers.md.) The right secret clears the count.
 */
export const KIOSK_ANSWER_TRIES = ANSWER_TRIES;

type Tries = AnswerTriesValue;

function current(value: unknown, now: number): Tries {
  const v = value as Partial<Tries> | undefined;
  if (typeof v?.count !== 'number' || typeof v.windowStart !== 'number') return { count: 0, windowStart: now };
  if (now - v.windowStart >= KIOSK_ANSWER_TRIES.windowMs) return { count: 0, windowStart: now };
  return { count: v.count, windowStart: v.windowStart };
}

/** How many wrong secrets this number may still take on this kiosk now. */
export async function answerTriesLeft(db: TsonkhDb, trackingNo: string, now = Date.now()): Promise<number> {
  return Math.max(0, KIOSK_ANSWER_TRIES.max - current(await getMeta(db, key(trackingNo)), now).count);
}

/** Records one try (a right one clears the count); returns the tries left. */
export async function recordAnswerTry(db: TsonkhDb, trackingNo: string, right: boolean, now = Date.now()): Promise<number> {
  return db.transaction('rw', db.meta, async () => {
    if (right) {
      await deleteMeta(db, key(trackingNo));
      return KIOSK_ANSWER_TRIES.max;
    }
    const tries = current(await getMeta(db, key(trackingNo)), now);
    const next = { count: tries.count + 1, windowStart: tries.windowStart };
    await putMeta(db, key(trackingNo), next);
    return Math.max(0, KIOSK_ANSWER_TRIES.max - next.count);
  });
}
