// Outbox delivery: how fast a kiosk drains a deep outbox to the server over loopback, against the
// server's own batched intake of the same number of pre-sealed items measured in the same run.
//
// drained_per_s  N submissions queued while the kiosk was not syncing, then ONE sync run; timed
//                from its first call to the server (health) until the last batch's acks are
//                applied (the status pull that follows is not counted).
// insert_per_s   the same N, pre-sealed, POSTed to /submissions/batch in batches of 20, one after
//                another, straight from Node (no kiosk), to a second server with the same setup.
// ratio          drained_per_s / insert_per_s.
//
// The kiosk is tests/support/node-kiosk.ts: the renderer's Dexie layer on fake-indexeddb, the real
// host services, journal (fsync) and transport, the real bridge dispatcher.
import '../support/node-kiosk.js'; // fake-indexeddb before Dexie
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../src-shared/bridge-contract.js';
import type { Submission } from '../../src-shared/schemas/submission.js';
import { outboxDepth } from '../../src-renderer/data/outbox-repo.js';
import { findKioskByCredential } from '../../src-server/kiosks/kiosk-registry.js';
import { acceptSubmissions } from '../../src-server/submissions/accept-batch.js';
import { createNodeKiosk } from '../support/node-kiosk.js';
import {
  countRows,
  createTestServer,
  DEMO_CREDENTIAL,
  DEMO_KIOSK_CODE,
  DEMO_PUBLIC_KEY,
  DEMO_SUBMISSION_KEY,
  type TestServer,
} from '../unit/server/helpers.js';
import { queueMixed, seededRandom, submitContext } from '../faults/support/submissions.js';
import { report } from './support/report.js';
import { preSealed } from './support/sealed-items.js';

const N = 2000;
const BATCH = 20;
const SEED = 20261126;

async function listening(): Promise<{ server: TestServer; url: string }> {
  const server = await createTestServer();
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, url: `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}` };
}

/** N items sealed exactly as the kiosk seals them, the same mix of kinds, sequences from `first`. */
const preSealedDemo = (first: number, count: number): Promise<Submission[]> =>
  preSealed(DEMO_KIOSK_CODE, first, count, seededRandom(SEED));

async function postBatches(url: string, items: Submission[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    const res = await fetch(`${url}/api/v1/submissions/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_CREDENTIAL}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: items.slice(i, i + BATCH) }),
    });
    if (res.status !== 200) throw new Error(`batch ${i / BATCH}: HTTP ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
}

const closers: (() => Promise<void>)[] = [];
try {
  // 1. The server's own intake, over HTTP on loopback (and, for reference, the function itself).
  const direct = await listening();
  closers.push(direct.server.close);
  await postBatches(direct.url, await preSealedDemo(900_001, BATCH)); // warm-up
  const items = await preSealedDemo(1, N);
  let t0 = performance.now();
  await postBatches(direct.url, items);
  const insertMs = performance.now() - t0;
  if ((await countRows(direct.server.db, 'submissions')) !== N + BATCH) throw new Error('the server did not store all');

  const bare = await listening();
  closers.push(bare.server.close);
  const kioskRow = (await findKioskByCredential(bare.server.db, DEMO_CREDENTIAL))!;
  const options = { privateKey: DEMO_SUBMISSION_KEY.privateKey };
  await acceptSubmissions(bare.server.db, kioskRow, await preSealedDemo(900_001, BATCH), options);
  t0 = performance.now();
  for (let i = 0; i < N; i += BATCH)
    await acceptSubmissions(bare.server.db, kioskRow, items.slice(i, i + BATCH), options);
  const acceptMs = performance.now() - t0;

  // 2. The kiosk: content synced and one small batch delivered (warm-up), then N queued without
  //    syncing, then one sync run.
  const target = await listening();
  closers.push(target.server.close);
  const kiosk = createNodeKiosk({ serverUrl: target.url, contentPublicKey: DEMO_PUBLIC_KEY, timeoutMs: 30_000 });
  closers.push(kiosk.close);
  const ctx = await submitContext(kiosk);
  const random = seededRandom(SEED);
  await queueMixed(ctx, BATCH, random);
  await kiosk.sync.syncNow();
  t0 = performance.now();
  await queueMixed(ctx, N, random);
  const queueMs = performance.now() - t0;
  if ((await outboxDepth(kiosk.db)) !== N) throw new Error('not all queued');

  // Every bridge call timed; the drain runs from the first server call to the first status pull.
  const spent = new Map<string, number>();
  let drainStart = 0;
  let drainEnd = 0;
  const call = kiosk.bridge.call.bind(kiosk.bridge);
  kiosk.bridge.call = async <M extends BridgeMethod>(
    method: M,
    request: BridgeRequest<M>,
  ): Promise<BridgeResponse<M>> => {
    const start = performance.now();
    if (method === 'server.health') drainStart = start;
    if (method === 'status.changes' && !drainEnd) drainEnd = start;
    try {
      return await call(method, request);
    } finally {
      if (drainEnd === 0 || start < drainEnd) spent.set(method, (spent.get(method) ?? 0) + performance.now() - start);
    }
  };
  t0 = performance.now();
  await kiosk.sync.syncNow();
  const syncMs = performance.now() - t0;
  const drainMs = drainEnd - drainStart;
  const counts: Record<string, number> = {};
  for (const e of await kiosk.db.outbox.toArray()) counts[e.status] = (counts[e.status] ?? 0) + 1;
  if (counts.accepted !== N + BATCH) throw new Error(`not all delivered: ${JSON.stringify(counts)}`);

  const drainedPerS = N / (drainMs / 1000);
  const insertPerS = N / (insertMs / 1000);
  report('outbox', 'n', N);
  report('outbox', 'queue_ms_each', queueMs / N);
  report('outbox', 'sync_ms', syncMs);
  report('outbox', 'drain_ms', drainMs);
  // Where the drain went: bridge calls (a push's time includes the server's work), and the rest,
  // the renderer side (Dexie on fake-indexeddb: picking batches, marking them, applying acks).
  for (const [method, ms] of spent) report('outbox', `drain_bridge_${method.replace('.', '_')}_ms`, ms);
  report('outbox', 'drain_renderer_ms', drainMs - [...spent.values()].reduce((a, b) => a + b, 0));
  report('outbox', 'insert_ms', insertMs);
  report('outbox', 'accept_fn_per_s', N / (acceptMs / 1000));
  report('outbox', 'drained_per_s', drainedPerS);
  report('outbox', 'insert_per_s', insertPerS);
  report('outbox', 'ratio', drainedPerS / insertPerS, '>=0.5');
} finally {
  for (const c of closers.reverse()) await c();
}
