import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../../src-shared/bridge-contract.js';
import type { ContentPage, ReceivedContentChange } from '../../../src-shared/protocol.js';
import type { BudgetLine, CrimeCount } from '../../../src-shared/schemas/open-data.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { getMeta } from '../../../src-renderer/data/meta.js';
import { openDataFor } from '../../../src-renderer/data/open-data-repo.js';
import type { BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { pullOpenData, type OpenDataSource } from '../../../src-renderer/sync/open-data-sync.js';
import { SyncEngine } from '../../../src-renderer/sync/sync-engine.js';
import { ContentRejectedError } from '../../../src-renderer/sync/verify-page.js';
import { testSigner } from './signing.js';

const source = { url: 'https://opendata.example.mn/budget', takenOn: '2026-11-20' };
const budget = (id: string, aimag = '83', soum: string | null = '8301'): BudgetLine => ({
  id,
  aimag,
  soum,
  source,
  year: 2026,
  organisation: 'Өлгий сумын ЗДТГ',
  economicCode: '2.1.2',
  economicName: 'Бараа, үйлчилгээ',
  approved: 367_500_000,
  executed: 249_600_000,
});
const crime = (id: string, count: number | null): CrimeCount => ({
  id,
  aimag: '00',
  soum: null,
  source,
  month: '2026-01',
  crime: 'Хулгай',
  count,
});

const put = (seq: number, type: string, data: { id: string; [field: string]: unknown }): ReceivedContentChange => ({
  seq,
  type,
  id: data.id,
  op: 'put',
  data,
});
const del = (seq: number, type: string, id: string): ReceivedContentChange => ({ seq, type, id, op: 'delete' });

const signer = testSigner();
const other = testSigner();

/** A server's open data in sequence order, served in signed pages of `pageSize` like the real route. */
function serverOf(changes: ReceivedContentChange[], pageSize = 2, sign = signer) {
  const asked: { aimags: readonly string[]; after: number }[] = [];
  const source: OpenDataSource = async (aimags, after) => {
    asked.push({ aimags, after });
    const page = changes.filter((c) => c.seq > after).slice(0, pageSize);
    const next = page.at(-1)?.seq ?? after;
    const content: ContentPage = {
      after,
      changes: page,
      next,
      more: changes.some((c) => c.seq > next),
      latest: changes.at(-1)?.seq ?? 0,
    };
    return { signed: sign.signPage(content), bytes: 100 };
  };
  return { source, asked };
}

const dbs: TsonkhDb[] = [];
let n = 0;
function db(): TsonkhDb {
  const d = openDatabase(`open-data-${process.pid}-${n++}`);
  dbs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
});

describe('pullOpenData', () => {
  it('applies every page, keeps its cursor, and the next run asks only after it', async () => {
    const d = db();
    const server = serverOf([
      put(1, 'open-budget-line', budget('b1')),
      put(2, 'open-budget-line', budget('b2', '83', null)),
      put(3, 'open-crime-count', crime('c1', 12)),
      put(4, 'open-crime-count', crime('c2', null)),
      put(5, 'open-budget-line', budget('b3', '83', '8304')),
    ]);
    const done = await pullOpenData(d, server.source, signer.publicKey, '83');
    expect(done).toEqual({ applied: 5, skipped: 0, bytes: 300, pages: 3 });
    expect(server.asked).toEqual([
      { aimags: ['83'], after: 0 },
      { aimags: ['83'], after: 2 },
      { aimags: ['83'], after: 4 },
    ]);
    expect(await getMeta(d, 'openDataCursor')).toBe(5);
    expect(await d.openData.count()).toBe(5);
    const ulgii = await openDataFor(d, 'budget-line', { soum: '8301' });
    expect(ulgii.map((r) => r.id)).toEqual(['b1']);
    expect(ulgii[0]!.data.executed).toBe(249_600_000);
    expect((await openDataFor(d, 'budget-line', { aimag: '83' })).map((r) => r.id).sort()).toEqual(['b1', 'b2', 'b3']);
    expect((await openDataFor(d, 'crime-count', { aimag: '00' })).map((r) => r.data.count)).toEqual([12, null]);

    const again = await pullOpenData(d, server.source, signer.publicKey, '83');
    expect(again).toMatchObject({ applied: 0, pages: 1 });
    expect(server.asked.at(-1)).toEqual({ aimags: ['83'], after: 5 });
  });

  it('carries the aimags the centre adds (remote settings), and forgets them when set back', async () => {
    const d = db();
    const changes = [
      put(1, 'open-budget-line', budget('own', '83', '8301')),
      put(2, 'open-budget-line', budget('gobi', '44', '4401')),
      put(3, 'open-budget-line', budget('east', '21', '2101')),
    ];
    const wider = serverOf(changes, 10);
    const done = await pullOpenData(d, wider.source, signer.publicKey, '83', ['44', '83', '00']);
    // Its own, the added one, never the nation's code as an extra, sorted so the scope is stable.
    expect(wider.asked).toEqual([{ aimags: ['44', '83'], after: 0 }]);
    expect(done).toMatchObject({ applied: 2, skipped: 1 });
    expect((await d.openData.toArray()).map((r) => r.id).sort()).toEqual(['gobi', 'own']);

    // Set back to its own aimag: what it carried for another is forgotten and the pull starts again.
    const own = serverOf(changes, 10);
    await pullOpenData(d, own.source, signer.publicKey, '83', []);
    expect(own.asked).toEqual([{ aimags: ['83'], after: 0 }]);
    expect((await d.openData.toArray()).map((r) => r.id)).toEqual(['own']);
  });

  it('applies a withdrawal (delete), and a record put and withdrawn in one page ends withdrawn', async () => {
    const d = db();
    const changes = [put(1, 'open-budget-line', budget('b1')), put(2, 'open-budget-line', budget('b2'))];
    await pullOpenData(d, serverOf(changes).source, signer.publicKey, '83');
    changes.push(del(3, 'open-budget-line', 'b1'), put(4, 'open-budget-line', budget('b9')));
    changes.push(del(5, 'open-budget-line', 'b9'));
    const done = await pullOpenData(d, serverOf(changes, 10).source, signer.publicKey, '83');
    expect(done).toMatchObject({ applied: 3, skipped: 0 });
    expect((await d.openData.toArray()).map((r) => r.id)).toEqual(['b2']);
    expect(await getMeta(d, 'openDataCursor')).toBe(5);
  });

  it('refuses a page signed by a key it does not pin: nothing written, the cursor stays', async () => {
    const d = db();
    const good = serverOf([put(1, 'open-budget-line', budget('b1'))]);
    await pullOpenData(d, good.source, signer.publicKey, '83');
    const forged = serverOf(
      [put(1, 'open-budget-line', budget('b1')), put(2, 'open-budget-line', budget('b2'))],
      2,
      other,
    );
    const error = await pullOpenData(d, forged.source, signer.publicKey, '83').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentRejectedError);
    expect((error as ContentRejectedError).reason).toBe('bad_signature');
    expect(await d.openData.count()).toBe(1);
    expect(await getMeta(d, 'openDataCursor')).toBe(1);
  });

  it('refuses an older genuine page replayed at its cursor (made before one it applied)', async () => {
    const d = db();
    const changes = [put(1, 'open-budget-line', budget('b1')), put(2, 'open-budget-line', budget('b2'))];
    await pullOpenData(d, serverOf(changes).source, signer.publicKey, '83');
    // A genuine page at the cursor, but signed when the server was at 1: the kiosk has seen 2.
    const replay: OpenDataSource = async (_aimags, after) => ({
      signed: signer.signPage({ after, changes: [], next: after, more: false, latest: 1 }),
      bytes: 0,
    });
    const error = await pullOpenData(d, replay, signer.publicKey, '83').catch((e: unknown) => e);
    expect((error as ContentRejectedError).reason).toBe('stale_page');
    expect(await getMeta(d, 'openDataCursor')).toBe(2);
  });

  it('skips and counts a record its schema refuses, an unknown dataset and another aimag, keeping the rest', async () => {
    const d = db();
    const done = await pullOpenData(
      d,
      serverOf(
        [
          put(1, 'open-budget-line', { ...budget('b1'), executed: -5 }),
          put(2, 'open-weather', { id: 'w1' }),
          put(3, 'open-budget-line', budget('b3', '44', '4401')),
          put(4, 'open-budget-line', budget('b4')),
        ],
        10,
      ).source,
      signer.publicKey,
      '83',
    );
    expect(done).toMatchObject({ applied: 1, skipped: 3 });
    expect((await d.openData.toArray()).map((r) => r.id)).toEqual(['b4']);
    expect(await getMeta(d, 'openDataCursor')).toBe(4);
  });

  it('asks nothing when the kiosk has no place', async () => {
    const d = db();
    const server = serverOf([put(1, 'open-budget-line', budget('b1'))]);
    expect(await pullOpenData(d, server.source, signer.publicKey, undefined)).toMatchObject({ applied: 0, pages: 0 });
    expect(server.asked).toEqual([]);
  });

  it('starts again from 0 for another aimag, forgetting the one it carried', async () => {
    const d = db();
    await pullOpenData(d, serverOf([put(1, 'open-budget-line', budget('b1'))]).source, signer.publicKey, '83');
    const bayan = serverOf([put(7, 'open-budget-line', budget('k1', '44', '4401'))]);
    await pullOpenData(d, bayan.source, signer.publicKey, '44');
    expect(bayan.asked[0]).toEqual({ aimags: ['44'], after: 0 });
    expect((await d.openData.toArray()).map((r) => r.id)).toEqual(['k1']);
    expect(await getMeta(d, 'openDataScope')).toBe('44');
  });
});

/** A host that is online, has no content or statuses, and serves open data from a list. */
class OpenDataHost implements BridgeClient {
  asked: BridgeRequest<'openData.changes'>[] = [];
  constructor(
    private readonly changes: ReceivedContentChange[],
    private readonly openDataSigner = signer,
  ) {}
  async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
    const reply = (v: unknown) => v as BridgeResponse<M>;
    const empty = (after: number) => ({
      signed: signer.signPage({ after, changes: [], next: after, more: false }),
      bytes: 0,
    });
    switch (method) {
      case 'server.health':
        return reply({ online: true, checkedAt: new Date().toISOString() });
      case 'content.changes':
        return reply(empty((request as BridgeRequest<'content.changes'>).after));
      case 'status.changes':
        return reply({ changes: [], next: 0, more: false });
      case 'openData.changes': {
        const r = request as BridgeRequest<'openData.changes'>;
        this.asked.push(r);
        const page = this.changes.filter((c) => c.seq > r.after).slice(0, r.limit);
        const next = page.at(-1)?.seq ?? r.after;
        return reply({
          signed: this.openDataSigner.signPage({ after: r.after, changes: page, next, more: false }),
          bytes: 10,
        });
      }
      case 'printer.status':
        return reply({ ok: true });
      case 'storage.status':
        return reply({ freeBytes: 1e10, totalBytes: 1e11, verdict: 'ok' });
      default:
        throw new Error(`unexpected ${method}`);
    }
  }
}

describe('SyncEngine and open data', () => {
  it("pulls the kiosk's aimag after the content in a sync round", async () => {
    const d = db();
    const host = new OpenDataHost([put(1, 'open-budget-line', budget('b1'))]);
    await new SyncEngine(d, host, signer.publicKey, { aimag: '83' }).syncNow();
    expect(host.asked).toMatchObject([{ aimags: ['83'], after: 0 }]);
    expect(await d.openData.count()).toBe(1);
    expect(await getMeta(d, 'lastSyncAt')).toBeTypeOf('string');
  });

  it('a refused open-data page does not fail the round: content and statuses are done, the round ends', async () => {
    const d = db();
    const host = new OpenDataHost([put(1, 'open-budget-line', budget('b1'))], other);
    const engine = new SyncEngine(d, host, signer.publicKey, { aimag: '83' });
    await engine.syncNow();
    expect(host.asked).toHaveLength(1);
    expect(await d.openData.count()).toBe(0);
    expect(await getMeta(d, 'openDataCursor')).toBe(0);
    expect(await getMeta(d, 'lastSyncAt')).toBeTypeOf('string');
    expect(engine.getState().online).toBe(true);
  });
});
