import type { ItemResult } from '../../src-shared/protocol.js';
import type { Language, LocalizedText } from '../../src-shared/schemas/localized-text.js';
import {
  sealedContentSchemas,
  submissionSchema,
  type SealedEnvelope,
  type Submission,
  type SubmissionKind,
} from '../../src-shared/schemas/submission.js';
import { makeTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { Dexie } from 'dexie';
import { submissionAbout, type OutboxEntry, type TsonkhDb } from './db.js';
import { getMeta, putMeta } from './meta.js';


type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The fields of a submission that are not personal: they travel in clear. */
export type PublicFields = DistributiveOmit<
  Submission,
  'idempotencyKey' | 'trackingNo' | 'kioskCode' | 'createdAt' | 'lang' | 'channel' | 'staffId' | 'sealed'
>;

export interface NewSubmission {
  kioskCode: string;
  lang: Language;
  channel: Submission['channel'];
  staffId?: string;
  /** What the receipt and the status screen call it (service title, "Petition", …). */
  title: LocalizedText;
  fields: PublicFields;
  /** The personal part, sealed before it is stored: answers, petition text, contact, comment. */
  personal: unknown;
}

export type Sealer = (content: unknown, binding: { idempotencyKey: string; trackingNo: string }) => Promise<SealedEnvelope>;

class SequenceMoved extends Error {}

export async function currentSequence(db: TsonkhDb): Promise<number> {
  const value = await getMeta(db, 'trackingSequence');
  return typeof value === 'number' ? value : 0;
}

/**
 * Seals the personal part to the server's key, then writes the tracking number's sequence and
 * the outbox entry in ONE strict-durability transaction: when this resolves the submission is
 * on disk and the receipt may print. Sealing is asynchronous WebCrypto, which cannot run inside
 * an IndexedDB transaction, so the number is taken optimistically and the transaction checks
 * nobody took it meanwhile (else it seals again with the next number).
 */
export function queueSubmission(db: TsonkhDb, input: NewSubmission, sealer: Sealer, now = new Date()): Promise<OutboxEntry> {
  // One at a time per database: numbers are taken in order, and the in-transaction check below
  // still guards against any other writer (another window on the same profile).
  const previous = queues.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => queueOne(db, input, sealer, now));
  queues.set(db, next);
  return next;
}

const queues = new WeakMap<TsonkhDb, Promise<unknown>>();

async function queueOne(db: TsonkhDb, input: NewSubmission, sealer: Sealer, now: Date): Promise<OutboxEntry> {
  const kind: SubmissionKind = input.fields.kind;
  const personal = sealedContentSchemas[kind].parse(input.personal);
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await currentSequence(db);
    const sequence = before + 1;
    const trackingNo = makeTrackingNumber(input.kioskCode, sequence).text;
    const idempotencyKey = crypto.randomUUID();
    const sealed = await sealer(personal, { idempotencyKey, trackingNo });
    const submission = submissionSchema.parse({
      ...input.fields,
      idempotencyKey,
      trackingNo,
      kioskCode: input.kioskCode,
      createdAt: now.toISOString(),
      lang: input.lang,
      channel: input.channel,
      ...(input.staffId ? { staffId: input.staffId } : {}),
      sealed,
    });
    const entry: OutboxEntry = {
      idempotencyKey,
      trackingNo,
      sequence,
      kind,
      title: input.title,
      about: submissionAbout(input.fields),
      status: 'queued',
      createdAt: submission.createdAt,
      updatedAt: submission.createdAt,
      attempts: 0,
      journaled: 0,
      submission,
    };
    try {
      return await db.transaction('rw', [db.outbox, db.meta], async () => {
        if ((await currentSequence(db)) !== before) throw new SequenceMoved();
        await putMeta(db, 'trackingSequence', sequence);
        await db.outbox.add(entry);
        return entry;
      });
    } catch (e) {
      if (!(e instanceof SequenceMoved)) throw e;
    }
  }
  throw new Error('could not take a tracking number: the sequence kept moving');
}

/** Entries that may be sent: queued ones and any left "sending" by a crash (resends are idempotent). */
export async function sendableEntries(db: TsonkhDb, limit: number, skip: ReadonlySet<string> = new Set()): Promise<OutboxEntry[]> {
  // Oldest first, straight from the [status+createdAt] index: no scan of the whole outbox.
  // Only "sending" entries can be ones this run already tried, so only they read past `skip`.
  const oldest = (status: OutboxEntry['status'], n: number) =>
    db.outbox
      .where('[status+createdAt]')
      .between([status, Dexie.minKey], [status, Dexie.maxKey])
      .limit(n)
      .toArray();
  const sending = (await oldest('sending', limit + skip.size)).filter((e) => !skip.has(e.idempotencyKey));
  const rows = sending.length >= limit ? sending : [...sending, ...(await oldest('queued', limit - sending.length))];
  return rows.filter((e) => e.submission !== undefined && !skip.has(e.idempotencyKey)).slice(0, limit);
}

export async function markSending(db: TsonkhDb, keys: string[]): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction('rw', db.outbox, async () => {
    const rows = (await db.outbox.bulkGet(keys)).filter((e): e is OutboxEntry => e !== undefined);
    await db.outbox.bulkPut(rows.map((e) => ({ ...e, status: 'sending' as const, attempts: e.attempts + 1, updatedAt: now })));
  });
}

/** Back to the queue after a failed attempt (network, timeout, server error). */
export async function markQueued(db: TsonkhDb, keys: string[], reason: string): Promise<void> {
  await db.outbox
    .where('idempotencyKey')
    .anyOf(keys)
    .modify((e) => {
      if (e.status === 'sending') e.status = 'queued';
      e.lastError = reason;
    });
}

export async function quarantine(db: TsonkhDb, keys: string[], reason: string): Promise<void> {
  const now = new Date().toISOString();
  await db.outbox
    .where('idempotencyKey')
    .anyOf(keys)
    .modify((e) => {
      e.status = 'quarantined';
      e.lastError = reason;
      e.updatedAt = now;
    });
}

/**
 * Records the server's answer for each item. Accepted entries keep the ack and lose the sealed
 * submission (nothing personal stays on the kiosk); refused ones go to quarantine with the
 * reason, where a technician sees them, instead of jamming the queue.
 */
export async function applyPushResults(db: TsonkhDb, results: ItemResult[]): Promise<string[]> {
  const now = new Date().toISOString();
  const accepted: string[] = [];
  await db.transaction('rw', [db.outbox, db.statuses], async () => {
    for (const r of results) {
      const entry = await db.outbox.get(r.idempotencyKey);
      if (!entry || entry.status === 'accepted') continue;
      if (r.result === 'accepted') {
        accepted.push(r.idempotencyKey);
        await db.outbox.put({
          idempotencyKey: entry.idempotencyKey,
          trackingNo: entry.trackingNo,
          sequence: entry.sequence,
          kind: entry.kind,
          title: entry.title,
          // What it is about is not personal: "Check my receipt" names it.
          ...(entry.about ? { about: entry.about } : {}),
          status: 'accepted',
          createdAt: entry.createdAt,
          updatedAt: now,
          attempts: entry.attempts,
          journaled: entry.journaled,
          ack: r.ack,
        });
        const known = await db.statuses.get(entry.trackingNo);
        if (!known) {
          await db.statuses.put({
            trackingNo: entry.trackingNo,
            kind: entry.kind,
            status: 'received',
            ...(r.ack.dueDate ? { dueDate: r.ack.dueDate } : {}),
            updatedAt: r.ack.receivedAt,
            seq: 0,
          });
        }
      } else {
        await db.outbox.update(r.idempotencyKey, {
          status: 'quarantined',
          lastError: `${r.error.code}: ${r.error.message}`,
          updatedAt: now,
        });
      }
    }
  });
  return accepted;
}

export async function markJournaled(db: TsonkhDb, keys: string[]): Promise<void> {
  await db.outbox.where('idempotencyKey').anyOf(keys).modify({ journaled: 1 });
}

export async function outboxDepth(db: TsonkhDb): Promise<number> {
  const [queued, sending] = await Promise.all([
    db.outbox.where('status').equals('queued').count(),
    db.outbox.where('status').equals('sending').count(),
  ]);
  return queued + sending;
}
