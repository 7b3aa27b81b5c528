import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  ANSWER_ALG,
  ANSWER_KDF,
  ANSWER_TEXT_MAX,
  ANSWER_TRIES,
  answerAad,
  answerKeySalt,
  normalizeReceiptSecret,
} from '../../src-shared/answers/receipt-secret.js';
import type { SealedAnswer, TrackAnswerResponse } from '../../src-shared/protocol.js';
import type { DatabaseSchema } from '../db/schema.js';
import type { Database } from '../db/database.js';
import { trackSubmission } from './status.js';

const GCM_TAG_BYTES = 16;

/**
 * Encrypts an answer under a receipt's key K (hex): AES-256-GCM, fresh 12-byte nonce, additional
 * data `answerAad(trackingNo)`. What the kiosk stores and the server keeps.
 */
export function sealAnswer(answerKeyHex: string, trackingNo: string, text: string): SealedAnswer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(answerKeyHex, 'hex'), iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.from(answerAad(trackingNo), 'utf8'));
  const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { alg: ANSWER_ALG, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

/** The answer's text, or null when K is not the key it was sealed with (or it was altered). */
export function openAnswer(answerKey: Buffer, trackingNo: string, sealed: { iv: string; ct: string }): string | null {
  try {
    const body = Buffer.from(sealed.ct, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', answerKey, Buffer.from(sealed.iv, 'base64'), {
      authTagLength: GCM_TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(answerAad(trackingNo), 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - GCM_TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - GCM_TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}

/**
 * Encrypts the answer `text` for the kiosk that took submission `submissionId`, under the key
 * made from its receipt's secret, and keeps it with the submission; the kiosk's status-changes
 * feed then carries it with the 'answered' change. Call it inside the transaction that moves
 * the submission to 'answered' (`changeStatus(..., { answer })` does). A submission whose
 * receipt has no secret (made before secrets existed) gets nothing: its kiosk shows the status
 * only. Calling it again replaces the sealed answer (a fresh nonce).
 */
export async function sealAnswerForKiosk(
  trx: Kysely<DatabaseSchema>,
  submissionId: number,
  text: string,
  at: string,
): Promise<void> {
  const answer = text.trim();
  if (answer === '') throw new Error('an answer needs some text');
  if (answer.length > ANSWER_TEXT_MAX) {
    throw new Error(`an answer is at most ${ANSWER_TEXT_MAX} characters; this one has ${answer.length}`);
  }
  const row = await trx
    .selectFrom('receipt_answers as a')
    .innerJoin('submissions as s', 's.id', 'a.submission_id')
    .select(['a.answer_key', 's.tracking_no'])
    .where('a.submission_id', '=', submissionId)
    .executeTakeFirst();
  if (!row) return;
  const sealed = sealAnswer(row.answer_key, row.tracking_no, answer);
  await trx
    .updateTable('receipt_answers')
    .set({ iv: sealed.iv, ct: sealed.ct, answered_at: at })
    .where('submission_id', '=', submissionId)
    .execute();
}

// --- The public answer look-up -------------------------------------------------------------

/** scrypt on the server's thread pool, a few at a time: each one holds 64 MiB for a moment. */
const KDF_RUNNING_MAX = 2;
const KDF_WAITING_MAX = 16;
let kdfRunning = 0;
const kdfWaiting: (() => void)[] = [];

class KdfBusy extends Error {}

async function deriveOnServer(secret: string, trackingNo: string): Promise<Buffer> {
  if (kdfRunning >= KDF_RUNNING_MAX) {
    if (kdfWaiting.length >= KDF_WAITING_MAX) throw new KdfBusy();
    await new Promise<void>((resolve) => kdfWaiting.push(resolve));
  }
  kdfRunning++;
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(
        secret,
        answerKeySalt(trackingNo),
        ANSWER_KDF.dkLen,
        { N: ANSWER_KDF.N, r: ANSWER_KDF.r, p: ANSWER_KDF.p, maxmem: 80 * 1024 * 1024 },
        (err, key) => (err ? reject(err) : resolve(key)),
      ),
    );
  } finally {
    kdfRunning--;
    kdfWaiting.shift()?.();
  }
}

export type AnswerLookup =
  | { result: 'ok'; track: TrackAnswerResponse }
  | { result: 'not_found' }
  | { result: 'no_secret' }
  | { result: 'wrong_secret'; triesLeft: number }
  | { result: 'too_many_tries'; retryAt: string }
  | { result: 'busy' };

/**
 * Takes one try for `trackingNo` before any work is done, atomically and in the database (so
 * two processes or two racing requests cannot both take the last one): a new window starts when
 * the old one is over. Returns the tries used in this window, or null when none are left.
 */
async function takeTry(db: Database, trackingNo: string, now: Date): Promise<number | null> {
  const at = now.toISOString();
  const windowOver = new Date(now.getTime() - ANSWER_TRIES.windowMs).toISOString();
  const row = await db
    .insertInto('answer_tries')
    .values({ tracking_no: trackingNo, tries: 1, window_start: at })
    .onConflict((oc) =>
      oc
        .column('tracking_no')
        .doUpdateSet({
          tries: sql<number>`case when answer_tries.window_start < ${windowOver} then 1 else answer_tries.tries + 1 end`,
          window_start: sql<string>`case when answer_tries.window_start < ${windowOver} then ${at} else answer_tries.window_start end`,
        })
        .where((eb) =>
          eb.or([eb('answer_tries.tries', '<', ANSWER_TRIES.max), eb('answer_tries.window_start', '<', windowOver)]),
        ),
    )
    .returning('tries')
    .executeTakeFirst();
  return row ? Number(row.tries) : null;
}

/**
 * `POST /track/:no/answer`: the status, and the answer when there is one, for the receipt's
 * right secret only. Each number has `ANSWER_TRIES.max` wrong tries per window, counted in the
 * database before the (deliberately slow) key derivation runs; the right secret clears them.
 */
export async function lookUpAnswer(
  db: Database,
  trackingNo: string,
  typedSecret: string,
  now = new Date(),
): Promise<AnswerLookup> {
  const secret = normalizeReceiptSecret(typedSecret);
  const track = await trackSubmission(db, trackingNo);
  if (!track) return { result: 'not_found' };
  const row = await db
    .selectFrom('receipt_answers as a')
    .innerJoin('submissions as s', 's.id', 'a.submission_id')
    .select(['a.answer_key', 'a.iv', 'a.ct', 'a.answered_at'])
    .where('s.tracking_no', '=', trackingNo)
    .orderBy('s.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { result: 'no_secret' };
  const used = await takeTry(db, trackingNo, now);
  if (used === null) {
    const tries = await db
      .selectFrom('answer_tries')
      .select('window_start')
      .where('tracking_no', '=', trackingNo)
      .executeTakeFirst();
    const start = tries ? new Date(tries.window_start).getTime() : now.getTime();
    return { result: 'too_many_tries', retryAt: new Date(start + ANSWER_TRIES.windowMs).toISOString() };
  }
  let key: Buffer;
  try {
    key = secret === null ? Buffer.alloc(ANSWER_KDF.dkLen) : await deriveOnServer(secret, trackingNo);
  } catch (error) {
    if (!(error instanceof KdfBusy)) throw error;
    // Not the citizen's fault: give the try back.
    await db
      .updateTable('answer_tries')
      .set({ tries: sql<number>`tries - 1` })
      .where('tracking_no', '=', trackingNo)
      .where('tries', '>', 0)
      .execute();
    return { result: 'busy' };
  }
  const expected = Buffer.from(row.answer_key, 'hex');
  if (secret === null || expected.length !== key.length || !timingSafeEqual(expected, key)) {
    return { result: 'wrong_secret', triesLeft: Math.max(0, ANSWER_TRIES.max - used) };
  }
  await db.deleteFrom('answer_tries').where('tracking_no', '=', trackingNo).execute();
  const text = row.iv && row.ct ? openAnswer(key, trackingNo, { iv: row.iv, ct: row.ct }) : null;
  return {
    result: 'ok',
    track: { ...track, ...(text !== null && row.answered_at ? { answer: { text, answeredAt: row.answered_at } } : {}) },
  };
}
