import { expect, test } from '@playwright/test';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { waitForAppEvent } from '../e2e/pages/kiosk-page.js';
import { KioskEnvironment, SERVER_JOURNEY } from '../e2e/support/kiosk-env.js';
import {
  appEvents,
  outboxCounts,
  queuePetitions,
  startSync,
  waitForHooks,
  waitForOutbox,
} from './support/kiosk-hooks.js';
import { serverSubmissionStats } from './support/server-db.js';
import { workLimitMs } from './support/work-budget.js';

/**
 * Each scenario is one piece of work (queue a few, wipe, reload, restart the server, drain),
 * measured at 7–10 s on a 2-core machine; the fixed part covers the environment's start.
 */
const SCENARIO_LIMIT_MS = workLimitMs({ units: 1, measuredMsPerUnit: 10_000, fixedMs: 80_000 });

// A fresh world per test: the environment's folder (server database, host journal) is made when it is constructed.
let env: KioskEnvironment;

test.beforeEach(async () => {
  env = new KioskEnvironment();
  await env.start();
});
test.afterEach(async () => {
  await env.stop();
});

function sequenceOf(trackingNo: string): number {
  const parsed = parseTrackingNumber(trackingNo);
  if (!parsed.ok) throw new Error(`not a tracking number: ${trackingNo} (${parsed.error})`);
  return parsed.value.sequence;
}

test(
  'Browser storage wiped with unacked entries: restored from the journal, delivered once',
  SERVER_JOURNEY,
  async ({ page }) => {
    test.setTimeout(SCENARIO_LIMIT_MS);
    await page.goto(env.kiosk!.url);
    await waitForHooks(page);
    await waitForAppEvent(page, 'online');

    await env.stopServer();
    await startSync(page);
    await waitForAppEvent(page, 'offline');

    const first = await queuePetitions(page, 3, 'wiped');
    expect(first).toHaveLength(3);
    expect(await outboxCounts(page)).toMatchObject({ queued: 3, accepted: 0 });

    // What a browser does when it clears site data, or a corrupted profile is reset: IndexedDB is gone.
    const origin = new URL(env.kiosk!.url).origin;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
    await cdp.detach();
    await page.reload();
    await waitForHooks(page);

    const restoredEvents = (await appEvents(page)).filter((e) => e.name === 'journal-restored');
    expect(restoredEvents.map((e) => e.detail)).toEqual([{ count: 3 }]);
    const afterRestore = await outboxCounts(page);
    expect(afterRestore).toMatchObject({ queued: 3, accepted: 0, quarantined: 0 });

    // The tracking sequence continues after the restored entries: no number a citizen holds is given out again.
    const [fourth] = await queuePetitions(page, 1, 'after the wipe');
    expect(fourth).toBeDefined();
    expect(first).not.toContain(fourth);
    expect(sequenceOf(fourth!)).toBe(Math.max(...first.map(sequenceOf)) + 1);

    await env.startServer();
    await startSync(page);
    const all = [...first, fourth!];
    for (const trackingNo of all) await waitForAppEvent(page, 'submission-delivered', { trackingNo });
    const counts = await waitForOutbox(page, (c) => c.queued === 0 && c.sending === 0, 'the outbox to empty', 30_000);
    expect(counts).toEqual({ queued: 0, sending: 0, accepted: 4, quarantined: 0 });

    for (const trackingNo of all) expect(await env.serverRows(trackingNo), trackingNo).toBe(1);
    const stats = await serverSubmissionStats(await env.serverDb());
    expect(stats.rows).toBe(4);
    expect(stats.duplicates).toEqual([]);
    console.log(
      `FAULT storage-wiped first=${first.join(',')} after_wipe=${fourth} restored=${JSON.stringify(restoredEvents.map((e) => e.detail))} ` +
        `server_rows=${stats.rows}`,
    );
  },
);

test(
  'Storage wiped after some were delivered: only the unacked ones come back, and numbering continues past all of them',
  SERVER_JOURNEY,
  async ({ page }) => {
    test.setTimeout(SCENARIO_LIMIT_MS);
    await page.goto(env.kiosk!.url);
    await waitForHooks(page);
    await waitForAppEvent(page, 'online');

    const delivered = await queuePetitions(page, 2, 'delivered first');
    await startSync(page);
    for (const trackingNo of delivered) await waitForAppEvent(page, 'submission-delivered', { trackingNo });

    await env.stopServer();
    await startSync(page);
    await waitForAppEvent(page, 'offline');
    const pending = await queuePetitions(page, 3, 'pending at the wipe');

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(env.kiosk!.url).origin, storageTypes: 'indexeddb' });
    await cdp.detach();
    await page.reload();
    await waitForHooks(page);

    const restored = (await appEvents(page)).filter((e) => e.name === 'journal-restored').map((e) => e.detail);
    expect(restored).toEqual([{ count: 3 }]);
    const [next] = await queuePetitions(page, 1, 'after the wipe');
    expect(sequenceOf(next!)).toBe(Math.max(...[...delivered, ...pending].map(sequenceOf)) + 1);

    await env.startServer();
    await startSync(page);
    const counts = await waitForOutbox(page, (c) => c.queued === 0 && c.sending === 0, 'the outbox to empty', 30_000);
    expect(counts).toEqual({ queued: 0, sending: 0, accepted: 4, quarantined: 0 });
    for (const trackingNo of [...delivered, ...pending, next!])
      expect(await env.serverRows(trackingNo), trackingNo).toBe(1);
    const stats = await serverSubmissionStats(await env.serverDb());
    expect(stats.rows).toBe(6);
    expect(stats.duplicates).toEqual([]);
    console.log(
      `FAULT storage-wiped-partial delivered=${delivered.join(',')} pending=${pending.join(',')} after_wipe=${next} server_rows=${stats.rows}`,
    );
  },
);
