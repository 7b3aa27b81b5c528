import type { ItemResult } from '../../src-shared/protocol.js';
import type { LocalizedText, Language } from '../../src-shared/schemas/localized-text.js';
import { submissionSchema, type Submission } from '../../src-shared/schemas/submission.js';
import { makeTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import type { OutboxEntry, TsonkhDb } from './db.js';

const SEQUENCE_KEY = 'trackingSequence';

export interface NewApplication {
  kioskCode: string;
  lang: Language;
  serviceId: string;
  formId: string;
  formVersion: number;
  title: LocalizedText;
  answers: Record<string, string>;
}

/**
 * Makes the tracking number and writes the outbox entry in ONE strict-durability
 * transaction: when this resolves the submission is on disk and the receipt may print.
 */
export async function queueApplication(db: TsonkhDb, app: NewApplication, now = new Date()): Promise<OutboxEntry> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const row = await db.meta.get(SEQUENCE_KEY);
    const sequence = (typeof row?.value === 'number' ? row.value : 0) + 1;
    await db.meta.put({ key: SEQUENCE_KEY, value: sequence });
    const trackingNo = makeTrackingNumber(app.kioskCode, sequence).text;
    const submission: Submission = submissionSchema.parse({
      idempotencyKey: crypto.randomUUID(),
      trackingNo,
      kind: 'service_application',
      kioskCode: app.kioskCode,
      createdAt: now.toISOString(),
      lang: app.lang,
      channel: 'kiosk',
      serviceId: app.serviceId,
      formId: app.formId,
      formVersion: app.formVersion,
      answers: app.answers,
    });
    const entry: OutboxEntry = {
      idempotencyKey: submission.idempotencyKey,
      trackingNo,
      kind: submission.kind,
      title: app.title,
      status: 'queued',
      createdAt: submission.createdAt,
      updatedAt: submission.createdAt,
      attempts: 0,
      submission,
    };
    await db.outbox.add(entry);
    return entry;
  });
}

/** Entries that may be sent: queued ones and any left "sending" by a crash (resends are idempotent). */
export async function sendableEntries(db: TsonkhDb, limit: number): Promise<OutboxEntry[]> {
  return db.outbox
    .where('status')
    .anyOf('queued', 'sending')
    .sortBy('createdAt')
    .then((rows) => rows.slice(0, limit));
}

export async function markSending(db: TsonkhDb, keys: string[]): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction('rw', db.outbox, async () => {
    for (const key of keys) {
      await db.outbox
        .where('idempotencyKey')
        .equals(key)
        .modify((e) => {
          e.status = 'sending';
          e.attempts += 1;
          e.updatedAt = now;
        });
    }
  });
}

/** Records the server's answer for each item; accepted ones keep the ack, refused ones go to quarantine. */
export async function applyPushResults(db: TsonkhDb, results: ItemResult[]): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction('rw', db.outbox, async () => {
    for (const r of results) {
      await db.outbox
        .where('idempotencyKey')
        .equals(r.idempotencyKey)
        .modify((e) => {
          e.updatedAt = now;
          if (r.result === 'accepted') {
            e.status = 'accepted';
            e.ack = r.ack;
            delete e.lastError;
          } else {
            e.status = 'quarantined';
            e.lastError = `${r.error.code}: ${r.error.message}`;
          }
        });
    }
  });
}

export async function outboxDepth(db: TsonkhDb): Promise<number> {
  return db.outbox.where('status').anyOf('queued', 'sending').count();
}
