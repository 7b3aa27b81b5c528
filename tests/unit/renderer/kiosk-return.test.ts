import 'fake-indexeddb/auto';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { queueSubmission, type NewSubmission, type Sealer } from '../../../src-renderer/data/outbox-repo.js';
import type { BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { applyKioskReturn } from '../../../src-renderer/sync/kiosk-return.js';
import { roomForSubmission } from '../../../src-renderer/sync/room.js';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import { KIOSK_RETURN_FORMAT, type KioskReturn, type SignedKioskReturn } from '../../../src-shared/usb/kiosk-return.js';

const dbs: TsonkhDb[] = [];
function freshDb(): TsonkhDb {
  const db = openDatabase(`kiosk-return-test-${dbs.length}-${Date.now()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

const sealer: Sealer = async () => ({
  alg: 'ECDH-P256+HKDF-SHA256+A256GCM',
  epk: 'B'.repeat(87) + '=',
  iv: 'A'.repeat(16),
  ct: 'c2VhbGVk',
});
const petition: NewSubmission = {
  kioskCode: '0421',
  lang: 'mn',
  channel: 'kiosk',
  title: { mn: 'Өргөдөл' },
  fields: { kind: 'petition', petitionCategory: 'complaint', formVersion: 2 },
  personal: { subject: 'Гэрэл', text: 'Гудамжны гэрэл асахгүй байна.', contact: { name: 'Сарнай', phone: '99112233' } },
};

function signer() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return {
    publicKey: raw.toString('base64'),
    sign: (body: KioskReturn): SignedKioskReturn => ({
      body,
      keyId,
      signature: sign(null, Buffer.from(canonicalJson(body), 'utf8'), privateKey).toString('base64'),
    }),
  };
}

function recordingBridge(calls: unknown[]): BridgeClient {
  return {
    call: async (method: string, payload: unknown) => {
      calls.push({ method, payload });
      if (method === 'journal.ack') return { acked: (payload as { keys: string[] }).keys.length };
      if (method === 'storage.status') return { freeBytes: 0, totalBytes: 1, verdict: 'full' };
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as BridgeClient;
}

describe('what a USB bundle brings back to this kiosk', () => {
  it('marks the acknowledged outbox items delivered, releases the journal copies and applies the statuses', async () => {
    const db = freshDb();
    const a = await queueSubmission(db, petition, sealer);
    const b = await queueSubmission(db, petition, sealer);
    await db.meta.put({ key: 'statusCursor', value: 1 });
    const key = signer();
    const ack = (e: typeof a, serverId: number) => ({
      idempotencyKey: e.idempotencyKey,
      trackingNo: e.trackingNo,
      serverId,
      receivedAt: '2026-12-01T03:00:00.000Z',
      status: 'received',
      dueDate: '2026-12-31',
    });
    const signed = key.sign({
      format: KIOSK_RETURN_FORMAT,
      version: 1,
      kioskCode: '0421',
      createdAt: '2026-12-02T03:00:00.000Z',
      acks: [ack(a, 1)],
      statusChanges: [
        { seq: 7, trackingNo: a.trackingNo, kind: 'petition', status: 'in_progress', at: '2026-12-02T02:00:00.000Z' },
      ],
      next: 7,
    });
    const calls: unknown[] = [];
    const outcome = await applyKioskReturn(db, recordingBridge(calls), signed, key.publicKey, '0421');
    expect(outcome).toEqual({ delivered: 1, statusChanges: 1 });
    const delivered = await db.outbox.get(a.idempotencyKey);
    expect(delivered).toMatchObject({ status: 'accepted', ack: { serverId: 1 } });
    // Nothing personal stays once the server has it.
    expect(delivered?.submission).toBeUndefined();
    expect((await db.outbox.get(b.idempotencyKey))?.status).toBe('queued');
    expect(calls).toEqual([{ method: 'journal.ack', payload: { keys: [a.idempotencyKey] } }]);
    expect(await db.statuses.get(a.trackingNo)).toMatchObject({ status: 'in_progress', seq: 7 });
    expect((await db.meta.get('statusCursor'))?.value).toBe(7);

    // Applying the same return again changes nothing.
    expect(await applyKioskReturn(db, recordingBridge([]), signed, key.publicKey, '0421')).toEqual({
      delivered: 0,
      statusChanges: 1,
    });
  });

  it('refuses a return not signed by a pinned key, or made for another kiosk, and changes nothing', async () => {
    const db = freshDb();
    const a = await queueSubmission(db, petition, sealer);
    const key = signer();
    const body: KioskReturn = {
      format: KIOSK_RETURN_FORMAT,
      version: 1,
      kioskCode: '0421',
      createdAt: '2026-12-02T03:00:00.000Z',
      acks: [
        {
          idempotencyKey: a.idempotencyKey,
          trackingNo: a.trackingNo,
          serverId: 1,
          receivedAt: '2026-12-01T03:00:00.000Z',
          status: 'received',
        },
      ],
      statusChanges: [],
      next: 0,
    };
    const other = signer();
    await expect(applyKioskReturn(db, recordingBridge([]), other.sign(body), key.publicKey, '0421')).rejects.toThrow(
      /not signed by a pinned key/,
    );
    const forged = { ...key.sign({ ...body, acks: [] }), body };
    await expect(applyKioskReturn(db, recordingBridge([]), forged, key.publicKey, '0421')).rejects.toThrow();
    await expect(
      applyKioskReturn(db, recordingBridge([]), key.sign({ ...body, kioskCode: '0422' }), key.publicKey, '0421'),
    ).rejects.toThrow(/kiosk 0422/);
    expect((await db.outbox.get(a.idempotencyKey))?.status).toBe('queued');
  });

  it('has no room for a submission when the host says its disk is full, or the browser quota is nearly used', async () => {
    expect(await roomForSubmission(recordingBridge([]), async () => null)).toBe('full');
    const roomy = () =>
      ({ call: async () => ({ freeBytes: 1e10, totalBytes: 1e11, verdict: 'ok' }) }) as unknown as BridgeClient;
    expect(await roomForSubmission(roomy(), async () => ({ usage: 10, quota: 1e9 }))).toBe('ok');
    expect(await roomForSubmission(roomy(), async () => ({ usage: 1e9 - 1024, quota: 1e9 }))).toBe('full');
    // An ok is trusted for a second; then the disk is asked again.
    let t = 0;
    const bridge = roomy();
    expect(
      await roomForSubmission(
        bridge,
        async () => ({ usage: 10, quota: 1e9 }),
        () => t,
      ),
    ).toBe('ok');
    expect(
      await roomForSubmission(
        bridge,
        async () => ({ usage: 1e9, quota: 1e9 }),
        () => t,
      ),
    ).toBe('ok');
    t = 1001;
    expect(
      await roomForSubmission(
        bridge,
        async () => ({ usage: 1e9, quota: 1e9 }),
        () => t,
      ),
    ).toBe('full');
    // A host that cannot be asked does not stop the kiosk: the browser's copy still keeps it.
    const silent = { call: () => Promise.reject(new Error('down')) } as unknown as BridgeClient;
    expect(await roomForSubmission(silent, async () => null)).toBe('ok');
  });
});
