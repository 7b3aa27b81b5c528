// Idempotency keys over the real link (TCP through the fault proxy to a listening server): a key
// reused with other bytes is a conflict that keeps the first submission, and many identical pushes
// racing each other make one row.
import 'fake-indexeddb/auto'; // before Dexie loads
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../src-shared/bridge-contract.js';
import { API_PREFIX, KIOSK_AUTH_HEADER, submissionBatchResponseSchema } from '../../src-shared/protocol.js';
import type { Submission } from '../../src-shared/schemas/submission.js';
import { seal } from '../../src-renderer/platform/seal.js';
import { submitToOutbox } from '../../src-renderer/sync/submit.js';
import { canonicalJson } from '../../src-server/util/canonical-json.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { createNodeKiosk, DEMO_CREDENTIAL, DEMO_SUBMISSION_PUBLIC_KEY } from '../support/node-kiosk.js';
import { countRows, createTestServer, DEMO_PUBLIC_KEY, makePetition, type TestServer } from '../unit/server/helpers.js';
import { migrationApplication, petition, submitContext } from './support/submissions.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(): Promise<{ server: TestServer; proxy: FaultProxy }> {
  const server = await createTestServer();
  cleanups.push(server.close);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (server.app.server.address() as { port: number }).port;
  const proxy = await startFaultProxy({ host: '127.0.0.1', port });
  cleanups.push(proxy.close);
  return { server, proxy };
}

function rowByKey(server: TestServer, key: string) {
  return server.db.selectFrom('submissions').selectAll().where('idempotency_key', '=', key).execute();
}

function statusChangesOf(server: TestServer, submissionId: number) {
  return server.db.selectFrom('status_changes').selectAll().where('submission_id', '=', submissionId).execute();
}

/** POSTs one batch straight to the link, as a kiosk host would, with the demo kiosk's credential. */
async function rawPush(proxy: FaultProxy, items: Submission[]) {
  const res = await fetch(`${proxy.url}${API_PREFIX}/submissions/batch`, {
    method: 'POST',
    headers: { [KIOSK_AUTH_HEADER]: `Bearer ${DEMO_CREDENTIAL}`, 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  return { status: res.status, results: submissionBatchResponseSchema.parse(await res.json()).results };
}

describe('idempotency over the real link', () => {
  it('the same key with a different body: 409, the first one kept, the kiosk quarantines it with the reason', async () => {
    const { server, proxy } = await world();
    // The outbox's backoff clock is `Date.now` as it was when the kiosk was made: fake it first,
    // so the test can let the backoff after a failed push pass, as the sync timer would.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const kiosk = createNodeKiosk({ serverUrl: proxy.url, contentPublicKey: DEMO_PUBLIC_KEY, timeoutMs: 3000 });
    cleanups.push(kiosk.close);
    const ctx = await submitContext(kiosk);
    await kiosk.sync.syncNow(); // content first, so the next run only pushes

    // Every push's answer is recorded; the first one is cut on its way back.
    const replies: BridgeResponse<'submissions.push'>[] = [];
    const call = kiosk.bridge.call.bind(kiosk.bridge);
    let cutNextPush = true;
    kiosk.bridge.call = async <M extends BridgeMethod>(
      method: M,
      request: BridgeRequest<M>,
    ): Promise<BridgeResponse<M>> => {
      if (method === 'submissions.push' && cutNextPush) {
        cutNextPush = false;
        proxy.cutOnceAfter(0);
      }
      const reply = await call(method, request);
      if (method === 'submissions.push') replies.push(reply as BridgeResponse<'submissions.push'>);
      return reply;
    };

    const input = petition(1);
    const first = await submitToOutbox(ctx, input);
    const original = first.submission!;
    await kiosk.sync.syncNow();
    // The server stored it; the kiosk never heard so.
    const [stored] = await rowByKey(server, first.idempotencyKey);
    expect(stored?.body).toBe(canonicalJson(original));
    expect((await kiosk.db.outbox.get(first.idempotencyKey))?.status).toBe('queued');
    expect(replies).toEqual([]);

    // Before the resend, the kiosk seals the same content again under the same key (as a faulty
    // restore or migration would): other bytes, same key. A good submission rides in the batch.
    const resealed: Submission = {
      ...original,
      sealed: await seal(
        input.personal,
        { idempotencyKey: first.idempotencyKey, trackingNo: first.trackingNo },
        DEMO_SUBMISSION_PUBLIC_KEY,
      ),
    };
    expect(canonicalJson(resealed)).not.toBe(canonicalJson(original));
    await kiosk.db.outbox.update(first.idempotencyKey, { submission: resealed });
    const second = await submitToOutbox(ctx, migrationApplication(2));

    // The failed push left a backoff (2 s ± 50 %): the next sync comes after it, as the timer would.
    vi.setSystemTime(Date.now() + 60_000);
    await kiosk.sync.syncNow();

    expect(replies).toHaveLength(1);
    expect(replies[0]!.httpStatus).toBe(409);
    expect(replies[0]!.results.map((r) => [r.idempotencyKey, r.result])).toEqual([
      [first.idempotencyKey, 'conflict'],
      [second.idempotencyKey, 'accepted'],
    ]);
    const quarantined = await kiosk.db.outbox.get(first.idempotencyKey);
    expect(quarantined?.status).toBe('quarantined');
    expect(quarantined?.lastError).toBe(
      'conflict: this idempotency key was already used for a different submission; the first one is kept',
    );
    expect((await kiosk.db.outbox.get(second.idempotencyKey))?.status).toBe('accepted');

    // The server's row is the first one, untouched, with its one status change.
    const after = await rowByKey(server, first.idempotencyKey);
    expect(after).toEqual([stored]);
    expect((await statusChangesOf(server, stored!.id)).map((c) => c.status)).toEqual(['received']);
    expect(await countRows(server.db, 'submissions')).toBe(2);
    expect(await countRows(server.db, 'status_changes')).toBe(2);

    // Resending does not unstick it: a quarantined entry is not sent again.
    await kiosk.sync.syncNow();
    expect(replies).toHaveLength(1);
    expect((await kiosk.db.outbox.get(first.idempotencyKey))?.status).toBe('quarantined');
  });

  it('50 parallel identical pushes: one row, one status change, the same ack for all', async () => {
    const { server, proxy } = await world();
    const item = await makePetition(1);
    const answers = await Promise.all(Array.from({ length: 50 }, () => rawPush(proxy, [item])));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const acks = answers.map((a) => a.results[0]);
    expect(acks.every((r) => r?.result === 'accepted')).toBe(true);
    expect(new Set(acks.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(proxy.stats.connections).toBeGreaterThan(1);

    const rows = await rowByKey(server, item.idempotencyKey);
    expect(rows).toHaveLength(1);
    expect(await countRows(server.db, 'submissions')).toBe(1);
    expect((await statusChangesOf(server, rows[0]!.id)).map((c) => c.status)).toEqual(['received']);
    expect(await countRows(server.db, 'status_changes')).toBe(1);
  });

  it('50 parallel pushes of one key with two different bodies: one row, its body 200, the other 409', async () => {
    const { server, proxy } = await world();
    // Over a slow link, so the requests overlap on the server rather than arrive one by one.
    proxy.mode = { latencyMs: 40 };
    const a = await makePetition(1);
    const b: Submission = {
      ...a,
      sealed: await seal(
        { subject: 'Гудамжны гэрэл', text: 'Өөр текст.' },
        { idempotencyKey: a.idempotencyKey, trackingNo: a.trackingNo },
        DEMO_SUBMISSION_PUBLIC_KEY,
      ),
    };
    const bodies = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b));
    const answers = await Promise.all(bodies.map((item) => rawPush(proxy, [item])));

    const rows = await rowByKey(server, a.idempotencyKey);
    expect(rows).toHaveLength(1);
    const winner = rows[0]!.body === canonicalJson(a) ? a : b;
    expect(rows[0]!.body).toBe(canonicalJson(winner));
    for (const [i, answer] of answers.entries()) {
      if (bodies[i] === winner) {
        expect(answer.status).toBe(200);
        expect(answer.results[0]).toMatchObject({ result: 'accepted', ack: { serverId: rows[0]!.id } });
      } else {
        expect(answer.status).toBe(409);
        expect(answer.results[0]).toMatchObject({ result: 'conflict', error: { code: 'conflict' } });
      }
    }
    expect((await statusChangesOf(server, rows[0]!.id)).map((c) => c.status)).toEqual(['received']);
    expect(await countRows(server.db, 'status_changes')).toBe(1);
  });
});
