import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { KioskEnvironment } from '../e2e/support/kiosk-env.js';
import { freePort } from '../support/server-process.js';
import { launchChromium, type ChromiumProcess } from './support/chromium-process.js';
import { journalPending } from './support/journal-file.js';
import { queuePetitions, startSync, waitForHooks, waitForOutbox } from './support/kiosk-hooks.js';
import { faultSeed, randomInt, seededRandom } from './support/prng.js';
import { serverSubmissionStats } from './support/server-db.js';
import { workLimitMs } from './support/work-budget.js';

/** FAULT_POWER_CUTS=<n> for a quicker local run. */
const CUTS = Number(process.env.FAULT_POWER_CUTS ?? 20);
const ROOT = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The host as systemd runs it (kiosk-config/linux/systemd/tsonkh-host.service): the bundle, plain node. */
async function startHost(env: KioskEnvironment, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/host/browser-mode.mjs')], {
    cwd: env.dir,
    env: {
      ...process.env,
      TSONKH_KIOSK_CONFIG: env.configPath,
      TSONKH_KIOSK_PORT: String(port),
      TSONKH_RENDERER_DIR: path.join(ROOT, 'dist/renderer'),
      TSONKH_JOURNAL_DIR: path.join(env.dir, 'journal'),
      TSONKH_FONT_DIR: path.join(ROOT, 'assets/fonts'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  // A test that times out must not leave a host behind.
  const exitHook = () => child.kill('SIGKILL');
  process.once('exit', exitHook);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    process.off('exit', exitHook);
  });
  // Up when it serves the page (its log may be silenced under the test runner).
  for (;;) {
    if (exited) throw new Error('the host exited before it listened');
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await sleep(50);
  }
  return child;
}

function killNow(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/**
 * The whole kiosk machine loses power, again and again: at a random moment while petitions are
 * being queued and synced, the browser (every process of it) and the host are SIGKILLed at the
 * same instant, mid-write of IndexedDB and of the host's journal. After each cut both start again
 * as the service manager would. Every petition whose tracking number the kiosk handed out must
 * reach the central server exactly once, and the outbox and the journal must end empty.
 */
test('Power cut (browser and host killed together mid-write), 20 times: every tracking number handed out is on the server exactly once', async () => {
  test.setTimeout(workLimitMs({ units: CUTS, measuredMsPerUnit: 5_000, fixedMs: 180_000 }));
  const seed = faultSeed();
  const random = seededRandom(seed);
  console.log(`FAULT power-loss seed=${seed} cuts=${CUTS} (replay with FAULT_SEED=${seed})`);
  const env = new KioskEnvironment();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-powercut-profile-'));
  let chrome: ChromiumProcess | null = null;
  let host: ChildProcess | null = null;
  try {
    await env.start();
    // This test runs the host as its own process, to kill it: the in-process one is not used.
    await env.kiosk?.close();
    env.kiosk = null;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const recorded: string[] = [];
    let unresolvedAtCut = 0;

    for (let cut = 0; cut < CUTS; cut++) {
      const t = Date.now();
      host = await startHost(env, port);
      const hostUp = Date.now() - t;
      chrome = await launchChromium(profile);
      const page = chrome.page;
      await page.goto(url, { waitUntil: 'commit' });
      await waitForHooks(page);
      console.log(`FAULT power-loss cut ${cut}: host up in ${hostUp} ms, kiosk ready in ${Date.now() - t} ms`);
      const count = randomInt(random, 1, 3);
      let attempted = 0;
      let resolved = 0;
      const queueing = (async () => {
        for (let k = 0; k < count; k++) {
          attempted += 1;
          const [trackingNo] = await queuePetitions(page, 1, `cut ${cut}.${k}`);
          resolved += 1;
          recorded.push(trackingNo!);
          await startSync(page);
        }
      })().catch(() => null);
      await sleep(randomInt(random, 0, 500));
      // The power goes: everything at once, no orderly shutdown anywhere.
      await Promise.all([chrome.kill(), killNow(host)]);
      chrome = null;
      host = null;
      await queueing;
      unresolvedAtCut += attempted - resolved;
    }

    host = await startHost(env, port);
    chrome = await launchChromium(profile);
    await chrome.page.goto(url);
    await waitForHooks(chrome.page);
    await startSync(chrome.page);
    const counts = await waitForOutbox(
      chrome.page,
      (c) => c.queued === 0 && c.sending === 0,
      'the outbox to empty after the power comes back',
      workLimitMs({ units: CUTS, measuredMsPerUnit: 100, fixedMs: 30_000 }),
    );
    const journalDir = path.join(env.dir, 'journal');
    const deadline = Date.now() + 15_000;
    let journal = journalPending(journalDir);
    while (journal.pending.length > 0 && Date.now() < deadline) {
      await startSync(chrome.page);
      await sleep(500);
      journal = journalPending(journalDir);
    }

    const stats = await serverSubmissionStats(await env.serverDb());
    const rowsOf = (trackingNo: string) =>
      stats.duplicates.find((d) => d.trackingNo === trackingNo)?.n ?? (stats.trackingNumbers.has(trackingNo) ? 1 : 0);
    const notExactlyOnce = recorded.map((t) => ({ t, rows: rowsOf(t) })).filter((r) => r.rows !== 1);
    console.log(
      `FAULT power-loss seed=${seed} cuts=${CUTS} recorded=${recorded.length} unresolved_at_cut=${unresolvedAtCut} ` +
        `server_rows=${stats.rows} outbox=${JSON.stringify(counts)} journal_pending=${journal.pending.length}`,
    );
    expect(new Set(recorded).size, 'a tracking number handed out twice').toBe(recorded.length);
    expect(notExactlyOnce, 'recorded submissions not on the server exactly once').toEqual([]);
    expect(stats.duplicates).toEqual([]);
    expect(stats.rows).toBeGreaterThanOrEqual(recorded.length);
    expect(stats.rows).toBeLessThanOrEqual(recorded.length + unresolvedAtCut);
    expect(counts.quarantined).toBe(0);
    expect(journal.pending.map((e) => e.trackingNo)).toEqual([]);
  } finally {
    await chrome?.close().catch(() => undefined);
    if (host) await killNow(host);
    await env.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});

/**
 * The host alone crashes (the browser stays on screen) and the service manager starts it again, 10
 * times, at random moments while petitions are queued and synced. The page on screen goes on
 * working with the restarted host (the session token outlives the crash), and every tracking
 * number handed out reaches the server exactly once.
 */
test('Host process killed and restarted under the page, 10 times: the page goes on, every tracking number is on the server exactly once', async () => {
  const kills = Number(process.env.FAULT_HOST_KILLS ?? 10);
  test.setTimeout(workLimitMs({ units: kills, measuredMsPerUnit: 4_000, fixedMs: 180_000 }));
  const seed = faultSeed();
  const random = seededRandom(seed);
  console.log(`FAULT host-killed seed=${seed} kills=${kills} (replay with FAULT_SEED=${seed})`);
  const env = new KioskEnvironment();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-hostkill-profile-'));
  let chrome: ChromiumProcess | null = null;
  let host: ChildProcess | null = null;
  try {
    await env.start();
    await env.kiosk?.close();
    env.kiosk = null;
    const port = await freePort();
    host = await startHost(env, port);
    chrome = await launchChromium(profile);
    const page = chrome.page;
    await page.goto(`http://127.0.0.1:${port}/`);
    await waitForHooks(page);
    const recorded: string[] = [];
    let unresolved = 0;
    for (let i = 0; i < kills; i++) {
      const count = randomInt(random, 1, 3);
      let attempted = 0;
      let resolved = 0;
      const queueing = (async () => {
        for (let k = 0; k < count; k++) {
          attempted += 1;
          const [trackingNo] = await queuePetitions(page, 1, `host kill ${i}.${k}`);
          resolved += 1;
          recorded.push(trackingNo!);
          await startSync(page);
        }
      })().catch(() => null);
      await sleep(randomInt(random, 0, 400));
      await killNow(host);
      await queueing;
      unresolved += attempted - resolved;
      host = await startHost(env, port);
    }
    // The same page, never reloaded, drains its outbox through the restarted host.
    await startSync(page);
    const counts = await waitForOutbox(
      page,
      (c) => c.queued === 0 && c.sending === 0,
      'the outbox to empty through the restarted host',
      workLimitMs({ units: kills, measuredMsPerUnit: 100, fixedMs: 30_000 }),
    );
    const journalDir = path.join(env.dir, 'journal');
    const deadline = Date.now() + 15_000;
    let journal = journalPending(journalDir);
    while (journal.pending.length > 0 && Date.now() < deadline) {
      await startSync(page);
      await sleep(500);
      journal = journalPending(journalDir);
    }
    const stats = await serverSubmissionStats(await env.serverDb());
    const rowsOf = (trackingNo: string) =>
      stats.duplicates.find((d) => d.trackingNo === trackingNo)?.n ?? (stats.trackingNumbers.has(trackingNo) ? 1 : 0);
    console.log(
      `FAULT host-killed seed=${seed} kills=${kills} recorded=${recorded.length} unresolved_at_kill=${unresolved} ` +
        `server_rows=${stats.rows} outbox=${JSON.stringify(counts)} journal_pending=${journal.pending.length}`,
    );
    expect(recorded.map((t) => ({ t, rows: rowsOf(t) })).filter((r) => r.rows !== 1)).toEqual([]);
    expect(stats.duplicates).toEqual([]);
    expect(stats.rows).toBeLessThanOrEqual(recorded.length + unresolved);
    expect(counts.quarantined).toBe(0);
    expect(journal.pending.map((e) => e.trackingNo)).toEqual([]);
  } finally {
    await chrome?.close().catch(() => undefined);
    if (host) await killNow(host);
    await env.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});
