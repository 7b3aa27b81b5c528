import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_ALG, answerAad, deriveAnswerKey } from '../../../src-shared/answers/receipt-secret.js';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../../src-shared/bridge-contract.js';
import type { KioskPublicInfo } from '../../../src-shared/schemas/kiosk-config.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { createKioskCore, type KioskCore } from '../../../src-renderer/core/kiosk-core.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { answerTriesKey, putMeta } from '../../../src-renderer/data/meta.js';
import type { BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { BridgeCallError } from '../../../src-renderer/platform/bridge-error.js';

type Reply = (request: unknown) => unknown;

/** A host double: records every call and answers from a script (an unscripted call fails). */
class FakeBridge implements BridgeClient {
  calls: { method: BridgeMethod; request: unknown }[] = [];
  constructor(public replies: Partial<Record<BridgeMethod, Reply>> = {}) {}
  async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
    this.calls.push({ method, request });
    const reply = this.replies[method];
    if (!reply) throw new BridgeCallError('internal', `unscripted ${method}`);
    return reply(request) as BridgeResponse<M>;
  }
  requests(method: BridgeMethod): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request);
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function kioskInfo(): Promise<KioskPublicInfo> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    kioskCode: '0421',
    place: { aimag: '04', soum: '0401' },
    submissionPublicKey: b64(publicKey),
    defaultLanguage: 'mn',
    languages: ['mn', 'kk', 'en'],
  } as unknown as KioskPublicInfo;
}

const dbs: TsonkhDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function setUp(replies: Partial<Record<BridgeMethod, Reply>> = {}) {
  const db = openDatabase(`core-${crypto.randomUUID()}`);
  dbs.push(db);
  const bridge = new FakeBridge({
    'journal.append': (r) => ({ appended: (r as { entries: unknown[] }).entries.length }),
    ...replies,
  });
  const imported: unknown[] = [];
  const sync = {
    syncNow: async () => undefined,
    importFrom: async (source: (after: number) => Promise<unknown>) => {
      imported.push(await source(0));
      return { items: 3, totalItems: null, bytes: 10 };
    },
  };
  const core: KioskCore = createKioskCore({ db, bridge, sync: sync as never, info: await kioskInfo() });
  return { db, bridge, core, imported };
}

const petition = {
  lang: 'mn' as const,
  channel: 'kiosk' as const,
  title: { mn: 'Өргөдөл, гомдол' },
  fields: { kind: 'petition' as const, petitionCategory: 'complaint' as const },
  personal: { subject: 'Зам', text: 'Замын засвар хэрэгтэй байна.' },
};

describe('the kiosk core (use cases, a fake host)', () => {
  it('submits: sealed into the outbox with a tracking number and a receipt secret, and copied to the journal', async () => {
    const { db, bridge, core } = await setUp();
    const entry = await core.submit(petition);
    expect(entry.trackingNo).toBe(makeTrackingNumber('0421', 1).text);
    expect(entry.receiptSecret).toMatch(/^\d{12}$/);
    expect((await db.outbox.get(entry.idempotencyKey))?.status).toBe('queued');
    expect(bridge.requests('journal.append')).toHaveLength(1);
    // The secret is for the receipt only: not in the outbox, not in the journal.
    expect(JSON.stringify(await db.outbox.toArray())).not.toContain(entry.receiptSecret);
    expect(JSON.stringify(bridge.calls)).not.toContain(entry.receiptSecret);
  });

  it('prints a receipt naming the kiosk’s aimag and soum in the citizen’s language', async () => {
    const { db, bridge, core } = await setUp({ 'printer.printReceipt': () => ({ jobId: 'j1', bytes: 10 }) });
    await db.places.put({
      id: '04',
      name: { mn: 'Баян-Өлгий', kk: 'Баян-Өлгей', en: 'Bayan-Ölgii' },
      kind: 'aimag',
      soums: [{ id: '0401', name: { mn: 'Өлгий', en: 'Ölgii' } }],
      order: 0,
    });
    const entry = {
      trackingNo: '0421-000001-5',
      kind: 'petition' as const,
      title: { mn: 'Өргөдөл' },
      createdAt: '2026-12-04T03:00:00.000Z',
    };
    await core.printReceipt({ entry, lang: 'en', dueDate: '2026-12-30', secret: '482139057712' });
    expect(bridge.requests('printer.printReceipt')).toEqual([
      {
        place: { aimag: 'Bayan-Ölgii', soum: 'Ölgii' },
        trackingNo: '0421-000001-5',
        kind: 'petition',
        title: { mn: 'Өргөдөл' },
        lang: 'en',
        createdAt: '2026-12-04T03:00:00.000Z',
        dueDate: '2026-12-30',
        secret: '482139057712',
      },
    ]);
  });

  it('lets a printer problem through with its reason, for the screen to word', async () => {
    const { core } = await setUp({
      'printer.printReceipt': () => {
        throw new BridgeCallError('printer_error', 'no paper', 'paper_out');
      },
    });
    const entry = {
      trackingNo: '0421-000001-5',
      kind: 'petition' as const,
      title: { mn: 'Өргөдөл' },
      createdAt: '2026-12-04T03:00:00.000Z',
    };
    await expect(core.printReceipt({ entry, lang: 'mn' })).rejects.toMatchObject({
      code: 'printer_error',
      reason: 'paper_out',
    });
  });

  it('looks up a receipt: unknown, then waiting once queued here, then the server’s status with its subject', async () => {
    let online = true;
    const { db, core } = await setUp({
      'status.track': (r) => {
        if (!online) throw new BridgeCallError('offline', 'offline');
        const { trackingNo } = r as { trackingNo: string };
        return {
          found: true,
          track: {
            trackingNo,
            kind: 'service_application',
            status: 'in_progress',
            updatedAt: '2026-12-04T05:00:00.000Z',
            serviceId: 'passport',
          },
        };
      },
    });
    expect((await core.localReceiptStatus('0421-000001-5')).status).toEqual({ kind: 'unknown' });

    const entry = await core.submit(petition);
    const local = await core.localReceiptStatus(entry.trackingNo);
    expect(local.status).toEqual({ kind: 'waiting', subject: { kind: 'petition', title: petition.title } });
    expect(local.held).toBeNull();

    await db.services.put({ id: 'passport', title: { mn: 'Гадаад паспорт' } } as never);
    expect(await core.remoteReceiptStatus('0421-000009-1', undefined)).toEqual({
      kind: 'status',
      status: 'in_progress',
      updatedAt: '2026-12-04T05:00:00.000Z',
      subject: { kind: 'service_application', title: { mn: 'Гадаад паспорт' }, serviceId: 'passport' },
    });
    online = false;
    expect(await core.remoteReceiptStatus(entry.trackingNo, local.own)).toBeNull();
  });

  it('opens a held answer only with the receipt’s secret, and locks the number after the allowed wrong tries', async () => {
    const { db, core } = await setUp();
    const trackingNo = '0421-000001-5';
    const secret = '482139057712';
    const key = await crypto.subtle.importKey(
      'raw',
      new Uint8Array(await deriveAnswerKey(secret, trackingNo)),
      'AES-GCM',
      false,
      ['encrypt'],
    );
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(answerAad(trackingNo)) },
        key,
        new TextEncoder().encode('Таны хүсэлтийг шийдвэрлэлээ.'),
      ),
    );
    await db.statuses.put({
      trackingNo,
      kind: 'petition',
      status: 'answered',
      updatedAt: '2026-12-04T06:00:00.000Z',
      seq: 1,
      answer: { alg: ANSWER_ALG, iv: b64(iv), ct: b64(ct) },
    });
    const { held, status } = await core.localReceiptStatus(trackingNo);
    expect(status).toMatchObject({ kind: 'status', status: 'answered' });
    expect(held).not.toBeNull();

    expect(await core.openAnswer(held!, '123')).toEqual({ kind: 'invalid' });
    let opening = 0;
    expect(await core.openAnswer(held!, '111122223333', () => opening++)).toEqual({ kind: 'wrong', left: 4 });
    expect(opening).toBe(1);
    expect(await core.openAnswer(held!, '4821 3905 7712')).toEqual({
      kind: 'open',
      text: 'Таны хүсэлтийг шийдвэрлэлээ.',
    });
    // Four wrong tries already made in this window: the fifth locks the number.
    await putMeta(db, answerTriesKey(trackingNo), { count: 4, windowStart: Date.now() });
    expect(await core.openAnswer(held!, '111122223333')).toEqual({ kind: 'wrong', left: 0 });
    expect(await core.openAnswer(held!, secret)).toEqual({ kind: 'locked' });
  });

  it('gives the technician’s actions to the host by name', async () => {
    const { bridge, core, imported } = await setUp({
      'technician.unlock': (r) => ({ ok: (r as { pin: string }).pin === '2468' }),
      'assisted.unlock': () => ({ ok: true, staffId: 'staff-1', staffName: 'Болд' }),
      'printer.status': () => ({ state: 'error', reason: 'cover_open' }),
      'printer.testPage': () => ({ jobId: 't', bytes: 1 }),
      'printer.reprintLast': () => ({ reprinted: true, trackingNo: '0421-000001-5' }),
      'content.findBundles': () => ({ bundles: [{ id: 'b1', location: 'USB', pages: 2 }] }),
      'content.bundlePage': () => ({ signed: null }),
    });
    expect(await core.unlockTechnician('1111')).toEqual({ ok: false });
    expect(await core.unlockTechnician('2468')).toEqual({ ok: true });
    expect(await core.unlockAssisted('1357')).toMatchObject({ ok: true, staffId: 'staff-1' });
    expect(await core.printerStatus()).toEqual({ state: 'error', reason: 'cover_open' });
    await core.printerTestPage();
    expect(await core.reprintLastReceipt()).toEqual({ reprinted: true, trackingNo: '0421-000001-5' });
    expect(await core.findContentBundles()).toEqual([{ id: 'b1', location: 'USB', pages: 2 }]);
    expect(await core.importContentBundle({ id: 'b1', pages: 2 })).toMatchObject({ items: 3, returned: null });
    expect(bridge.requests('content.bundlePage')).toEqual([{ bundleId: 'b1', after: 0 }]);
    expect(imported).toEqual([null]);
    expect(bridge.requests('printer.testPage')).toHaveLength(1);
  });
});
