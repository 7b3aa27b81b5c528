import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../../src-shared/bridge-contract.js';
import type { ContentChange } from '../../../src-shared/protocol.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { contentCursor } from '../../../src-renderer/data/content-repo.js';
import { queueSubmission, type NewSubmission, type Sealer } from '../../../src-renderer/data/outbox-repo.js';
import { BridgeCallError, type BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { SyncEngine } from '../../../src-renderer/sync/sync-engine.js';
import { testSigner } from './signing.js';

const signer = testSigner();
const text = (mn: string) => ({ mn });
const service = (id: string) => ({
  id,
  category: 'civil',
  agency: text('Улсын бүртгэлийн ерөнхий газар'),
  title: text(`Үйлчилгээ ${id}`),
  description: text('Тайлбар'),
  documents: [],
  feeMnt: 0,
  processingTime: text('Тэр дор нь'),
  whereToApply: text('Сумын ЗДТГ'),
});

/** A fake host: content served from a list in pages, pushes stored by key like the real server. */
class FakeHost implements BridgeClient {
  online = true;
  changes: ContentChange[] = [];
  received = new Map<string, Submission>();
  pushes = 0;
  async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
    const reply = (v: unknown) => v as BridgeResponse<M>;
    if (method === 'server.health') return reply({ online: this.online, checkedAt: new Date().toISOString() });
    if (!this.online) throw new BridgeCallError('offline', 'no route');
    if (method === 'content.changes') {
      const { after, limit } = request as BridgeRequest<'content.changes'>;
      const page = this.changes.filter((c) => c.seq > after).slice(0, limit);
      const next = page.at(-1)?.seq ?? after;
      const signed = signer.signPage({ after, changes: page, next, more: this.changes.some((c) => c.seq > next) });
      return reply({ signed, bytes: 0 });
    }
    if (method === 'submissions.push') {
      this.pushes++;
      const { items } = request as BridgeRequest<'submissions.push'>;
      const results = items.map((s) => {
        this.received.set(s.idempotencyKey, s as Submission);
        const ack = {
          idempotencyKey: s.idempotencyKey,
          trackingNo: s.trackingNo,
          serverId: this.received.size,
          receivedAt: new Date().toISOString(),
          status: 'received',
        };
        return { idempotencyKey: s.idempotencyKey, result: 'accepted' as const, ack };
      });
      return reply({ httpStatus: 200, results });
    }
    if (method === 'journal.append') return reply({ appended: 1 });
    if (method === 'journal.ack') return reply({ acked: 1 });
    if (method === 'status.changes')
      return reply({ changes: [], next: (request as { after: number }).after, more: false });
    throw new Error(`unexpected ${method}`);
  }
}

let db: TsonkhDb;
let n = 0;
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('SyncEngine', () => {
  it('pulls every page after the cursor, deletes tombstones, and resumes from the cursor', async () => {
    db = openDatabase(`sync-${++n}`);
    const host = new FakeHost();
    host.changes = Array.from({ length: 450 }, (_, i) => ({
      seq: i + 1,
      type: 'service' as const,
      id: `s-${i}`,
      op: 'put' as const,
      data: service(`s-${i}`),
    }));
    const engine = new SyncEngine(db, host, signer.publicKey);
    await engine.syncNow();
    expect(await db.services.count()).toBe(450);
    expect(await contentCursor(db)).toBe(450);
    host.changes.push({ seq: 451, type: 'service', id: 's-3', op: 'delete' });
    await engine.syncNow();
    expect(await db.services.get('s-3')).toBeUndefined();
    expect(await contentCursor(db)).toBe(451);
  });

  it('keeps an entity it cannot read aside (a newer server’s shape) and applies the rest of the page', async () => {
    db = openDatabase(`sync-${++n}`);
    const host = new FakeHost();
    host.changes = [
      { seq: 1, type: 'service', id: 'good', op: 'put', data: service('good') },
      { seq: 2, type: 'service', id: 'bad', op: 'put', data: { id: 'bad' } },
    ];
    await new SyncEngine(db, host, signer.publicKey).syncNow();
    // An older kiosk keeps syncing past what it cannot read (issue 18); the signature still covers all.
    expect((await db.services.toArray()).map((s) => s.id)).toEqual(['good']);
    expect(await db.deferredContent.count()).toBe(1);
    expect(await contentCursor(db)).toBe(2);
  });

  it('keeps submissions while offline and delivers each exactly once when the link returns', async () => {
    db = openDatabase(`sync-${++n}`);
    const host = new FakeHost();
    host.online = false;
    const engine = new SyncEngine(db, host, signer.publicKey);
    const app: NewSubmission = {
      kioskCode: '0421',
      lang: 'mn',
      channel: 'kiosk',
      title: text('x'),
      fields: { kind: 'service_application', serviceId: 'x', formId: 'x', formVersion: 1 },
      personal: { answers: {} },
    };
    const sealer: Sealer = async () => ({
      alg: 'ECDH-P256+HKDF-SHA256+A256GCM',
      epk: 'B'.repeat(87) + '=',
      iv: 'A'.repeat(16),
      ct: 'eA==',
    });
    for (let i = 0; i < 45; i++) await queueSubmission(db, app, sealer);
    await engine.syncNow();
    expect(engine.getState().online).toBe(false);
    expect(engine.getState().outboxDepth).toBe(45);
    host.online = true;
    await engine.syncNow();
    await engine.syncNow();
    expect(host.received.size).toBe(45);
    expect(host.pushes).toBe(3);
    expect(engine.getState().outboxDepth).toBe(0);
    expect(await db.outbox.where('status').equals('accepted').count()).toBe(45);
  });
});
