import 'fake-indexeddb/auto';
import type { KioskPublicInfo } from '../../../src-shared/schemas/kiosk-config.js';
import type { OutboxEntry, OutboxStatus, TsonkhDb } from '../../../src-renderer/data/db.js';
import type { NewSubmission } from '../../../src-renderer/data/outbox-repo.js';
import type { BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { submitToOutbox } from '../../../src-renderer/sync/submit.js';
import type { Database } from '../../../src-server/db/database.js';

export { seededRandom } from './prng.js';

/** FAULT_SEED from the environment (to replay a failing run), else the test's fixed seed. */
export function seedFromEnv(fallback: number): number {
  const raw = process.env.FAULT_SEED?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error('FAULT_SEED must be a 32-bit unsigned integer');
  return n;
}

/** A whole number in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export interface SubmitContext {
  db: TsonkhDb;
  bridge: BridgeClient;
  info: KioskPublicInfo;
}

/** What `submitToOutbox` needs, read from the kiosk's own host as the renderer does at start. */
export async function submitContext(kiosk: { db: TsonkhDb; bridge: BridgeClient }): Promise<SubmitContext> {
  return { db: kiosk.db, bridge: kiosk.bridge, info: await kiosk.bridge.call('kiosk.info', {}) };
}

/** A migration-registration application (the demo and fixture form `migration-registration-request`). */
export function migrationApplication(i: number): Omit<NewSubmission, 'kioskCode'> {
  return {
    lang: 'mn',
    channel: 'kiosk',
    title: { mn: 'Шилжилт хөдөлгөөний бүртгэл' },
    fields: {
      kind: 'service_application',
      serviceId: 'migration-registration',
      formId: 'migration-registration-request',
      formVersion: 1,
    },
    personal: {
      answers: {
        registrationNumber: 'УБ99032112',
        phone: '99112233',
        moveType: 'within-aimag',
        newAddress: `Баян-Өлгий аймаг, Өлгий сум, ${1 + (i % 9)}-р баг, ${i}-р байр`,
      },
    },
  };
}

const PETITION_CATEGORIES = ['petition', 'complaint', 'suggestion'] as const;

/** A petition, complaint or suggestion, with or without contact details. */
export function petition(i: number): Omit<NewSubmission, 'kioskCode'> {
  return {
    lang: 'mn',
    channel: 'kiosk',
    title: { mn: 'Өргөдөл, гомдол' },
    fields: { kind: 'petition', petitionCategory: PETITION_CATEGORIES[i % PETITION_CATEGORIES.length]! },
    personal: {
      subject: `Гудамжны гэрэл №${i}`,
      text: `Манай гудамжны гэрэл ${i} хоног асахгүй байна.`,
      ...(i % 2 === 0 ? { contact: { name: 'Батболд Сарнай', phone: '99112233' } } : {}),
    },
  };
}

/** Queues `count` submissions through the real pipeline, petitions and applications mixed by `random`. */
export async function queueMixed(ctx: SubmitContext, count: number, random: () => number): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(random() * 1_000_000);
    // Many at once: receipts without a secret (no second of scrypt each), as older kiosks made them.
    out.push(
      await submitToOutbox(ctx, random() < 0.5 ? petition(n) : migrationApplication(n), { receiptSecret: false }),
    );
  }
  return out;
}

export async function outboxCounts(db: TsonkhDb): Promise<Partial<Record<OutboxStatus, number>>> {
  const counts: Partial<Record<OutboxStatus, number>> = {};
  for (const e of await db.outbox.toArray()) counts[e.status] = (counts[e.status] ?? 0) + 1;
  return counts;
}

/**
 * Everything that "exactly once" means, compared between what the kiosk queued, what the server
 * stored and what the kiosk holds now. Every list is empty and every count equal when it held.
 */
export async function deliveryReport(server: Database, kioskDb: TsonkhDb, queued: readonly OutboxEntry[]) {
  const rows = await server
    .selectFrom('submissions')
    .select(['id', 'idempotency_key', 'tracking_no', 'received_at'])
    .execute();
  const changes = await server.selectFrom('status_changes').select(['submission_id', 'status']).execute();
  const received = new Map<number, number>();
  for (const c of changes)
    if (c.status === 'received') received.set(c.submission_id, (received.get(c.submission_id) ?? 0) + 1);
  const perTracking = new Map<string, number>();
  for (const r of rows) perTracking.set(r.tracking_no, (perTracking.get(r.tracking_no) ?? 0) + 1);
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  const ids = new Set(rows.map((r) => r.id));
  const queuedKeys = new Set(queued.map((e) => e.idempotencyKey));
  const outbox = await kioskDb.outbox.toArray();
  const ackMismatches: string[] = [];
  for (const e of outbox) {
    const row = byKey.get(e.idempotencyKey);
    if (e.status !== 'accepted' || !row) continue;
    if (e.ack?.serverId !== row.id || e.ack.receivedAt !== row.received_at || e.ack.trackingNo !== row.tracking_no)
      ackMismatches.push(`${e.trackingNo}: ack ${JSON.stringify(e.ack)} vs row ${row.id} ${row.received_at}`);
  }
  return {
    queued: queued.length,
    rows: rows.length,
    distinctKeys: byKey.size,
    distinctTrackingNos: perTracking.size,
    duplicateTrackingNos: [...perTracking].filter(([, n]) => n !== 1).map(([t, n]) => `${t}×${n}`),
    missing: queued.filter((e) => !byKey.has(e.idempotencyKey)).map((e) => e.trackingNo),
    unexpected: rows.filter((r) => !queuedKeys.has(r.idempotency_key)).map((r) => r.tracking_no),
    receivedNotOnce: rows
      .filter((r) => received.get(r.id) !== 1)
      .map((r) => `${r.tracking_no}:${received.get(r.id) ?? 0}`),
    statusChangesWithoutRow: [...received.keys()].filter((id) => !ids.has(id)),
    ackMismatches,
    quarantined: outbox.filter((e) => e.status === 'quarantined').map((e) => `${e.trackingNo}: ${e.lastError}`),
    undelivered: outbox.filter((e) => e.status === 'queued' || e.status === 'sending').length,
  };
}

/** The report a run that delivered `n` submissions exactly once produces. */
export function exactlyOnce(n: number) {
  return {
    queued: n,
    rows: n,
    distinctKeys: n,
    distinctTrackingNos: n,
    duplicateTrackingNos: [],
    missing: [],
    unexpected: [],
    receivedNotOnce: [],
    statusChangesWithoutRow: [],
    ackMismatches: [],
    quarantined: [],
    undelivered: 0,
  };
}
