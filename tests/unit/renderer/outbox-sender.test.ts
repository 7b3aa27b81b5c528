import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../../src-shared/bridge-contract.js';
import { openDatabase, type OutboxEntry, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { queueSubmission, type NewSubmission, type Sealer } from '../../../src-renderer/data/outbox-repo.js';
import { BridgeCallError, type BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { OutboxSender } from '../../../src-renderer/sync/outbox-sender.js';
import { restoreFromJournal } from '../../../src-renderer/sync/journal-restore.js';

const sealer: Sealer = async () => ({
  alg: 'ECDH-P256+HKDF-SHA256+A256GCM',
  epk: 'B'.repeat(87) + '=',
  iv: 'A'.repeat(16),
  ct: 'c2VhbGVk',
});
const petition = (text: string): NewSubmission => ({
  kioskCode: '0421',
  lang: 'mn',
  channel: 'kiosk',
  title: { mn: 'Өргөдөл' },
  fields: { kind: 'petition', petitionCategory: 'complaint' },
  personal: { subject: 'Зам', text },
});

type Handler = (items: { idempotencyKey: string; trackingNo: string }[]) => BridgeResponse<'submissions.push'>;

/** A host double: answers pushes with a scripted handler, keeps a journal in memory. */
class Host implements BridgeClient {
  pushes: number[] = [];
  journal = new Map<string, unknown>();
  acked = new Set<string>();
  fail: string | null = null;
  constructor(public onPush: Handler) {}
  async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
    const r = request as never as Record<string, unknown>;
    if (method === 'journal.append') {
      for (const e of r.entries as { idempotencyKey: string }[]) this.journal.set(e.idempotencyKey, e);
      return { appended: (r.entries as unknown[]).length } as BridgeResponse<M>;
    }
    if (method === 'journal.ack') {
      for (const k of r.keys as string[]) this.acked.add(k);
      return { acked: (r.keys as unknown[]).length } as BridgeResponse<M>;
    }
    if (method === 'journal.pending') {
      const entries = [...this.journal.values()].filter(
        (e) => !this.acked.has((e as { idempotencyKey: string }).idempotencyKey),
      );
      return {
        entries,
        maxSequence: Math.max(0, ...[...this.journal.values()].map((e) => (e as { sequence: number }).sequence)),
      } as BridgeResponse<M>;
    }
    if (method === 'submissions.push') {
      const items = r.items as { idempotencyKey: string; trackingNo: string }[];
      this.pushes.push(items.length);
      if (this.fail) throw new BridgeCallError(this.fail as never, 'scripted failure');
      return this.onPush(items) as BridgeResponse<M>;
    }
    throw new Error(`unexpected ${method}`);
  }
}

const acceptAll: Handler = (items) => ({
  httpStatus: 200,
  results: items.map((i, n) => ({
    idempotencyKey: i.idempotencyKey,
    result: 'accepted' as const,
    ack: {
      idempotencyKey: i.idempotencyKey,
      trackingNo: i.trackingNo,
      serverId: n + 1,
      receivedAt: new Date().toISOString(),
      status: 'received',
    },
  })),
});

const dbs: TsonkhDb[] = [];
function freshDb() {
  const db = openDatabase(`sender-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('OutboxSender', () => {
  it('delivers in batches of 20, journals first, and acknowledges the journal', async () => {
    const db = freshDb();
    const host = new Host(acceptAll);
    for (let i = 0; i < 45; i++) await queueSubmission(db, petition(`гомдол ${i}`), sealer);
    await new OutboxSender(db, host).run();
    expect(host.pushes).toEqual([20, 20, 5]);
    expect(host.journal.size).toBe(45);
    expect(host.acked.size).toBe(45);
    expect(await db.outbox.where('status').equals('accepted').count()).toBe(45);
  });

  it('backs off exponentially with jitter and a cap after network or server errors', async () => {
    const db = freshDb();
    const host = new Host(acceptAll);
    host.fail = 'server_error';
    await queueSubmission(db, petition('a'), sealer);
    let now = 1_000_000;
    const sender = new OutboxSender(
      db,
      host,
      () => 0.5,
      () => now,
    );
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await sender.run();
      waits.push(sender.waitMs);
      now += sender.waitMs;
    }
    expect(waits.slice(0, 5)).toEqual([2000, 4000, 8000, 16000, 32000]);
    expect(Math.max(...waits)).toBe(300_000);
    expect(host.pushes.length).toBe(12);
    // Still queued, never quarantined: it is the server's trouble, not the submission's.
    expect((await db.outbox.toArray())[0]?.status).toBe('queued');
    host.fail = null;
    sender.resetBackoff();
    await sender.run();
    expect((await db.outbox.toArray())[0]?.status).toBe('accepted');
  });

  it('a batch the server refuses as a whole is split to find and quarantine the bad item', async () => {
    const db = freshDb();
    const bad = await queueSubmission(db, petition('муу'), sealer);
    for (let i = 0; i < 3; i++) await queueSubmission(db, petition(`сайн ${i}`), sealer);
    const host = new Host((items) => {
      if (items.some((i) => i.idempotencyKey === bad.idempotencyKey))
        throw new BridgeCallError('invalid_request', 'bad item');
      return acceptAll(items);
    });
    await new OutboxSender(db, host).run();
    expect((await db.outbox.get(bad.idempotencyKey))?.status).toBe('quarantined');
    expect(await db.outbox.where('status').equals('accepted').count()).toBe(3);
  });

  it('per-item refusals (conflict, rejected) are quarantined and the rest delivered', async () => {
    const db = freshDb();
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < 4; i++) entries.push(await queueSubmission(db, petition(`${i}`), sealer));
    const host = new Host((items) => ({
      httpStatus: 409,
      results: items.map((i) =>
        i.idempotencyKey === entries[1]!.idempotencyKey
          ? {
              idempotencyKey: i.idempotencyKey,
              result: 'conflict' as const,
              error: { code: 'conflict', message: 'different body' },
            }
          : acceptAll([i]).results[0]!,
      ),
    }));
    await new OutboxSender(db, host).run();
    expect((await db.outbox.get(entries[1]!.idempotencyKey))?.status).toBe('quarantined');
    expect(await db.outbox.where('status').equals('accepted').count()).toBe(3);
  });
});

describe('restoreFromJournal', () => {
  it('queues again what the browser lost and never reuses a tracking number', async () => {
    const host = new Host(acceptAll);
    const first = freshDb();
    const a = await queueSubmission(first, petition('a'), sealer);
    await host.call('journal.append', {
      entries: [
        {
          idempotencyKey: a.idempotencyKey,
          trackingNo: a.trackingNo,
          sequence: a.sequence,
          kind: a.kind,
          title: a.title,
          createdAt: a.createdAt,
          submission: a.submission!,
        },
      ],
    });
    // The browser's storage is wiped: a brand-new, empty database.
    const wiped = freshDb();
    const r = await restoreFromJournal(wiped, host);
    expect(r.restored).toBe(1);
    expect((await wiped.outbox.get(a.idempotencyKey))?.status).toBe('queued');
    const next = await queueSubmission(wiped, petition('b'), sealer);
    expect(next.sequence).toBe(2);
    await new OutboxSender(wiped, host).run();
    expect(host.acked.has(a.idempotencyKey)).toBe(true);
  });
});
