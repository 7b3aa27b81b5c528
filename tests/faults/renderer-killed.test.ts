import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellHostOutOfService } from '../../src-main/session/host-alert.js';
import { startKioskSession, type KioskSession } from '../../src-main/session/kiosk-session.js';
import type { SupervisorAction } from '../../src-main/session/renderer-supervisor.js';
import { KioskEnvironment } from '../e2e/support/kiosk-env.js';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { CHROMIUM_BINARY } from './support/chromium-process.js';
import { journalPending } from './support/journal-file.js';

/** Parent pid of a process, from /proc; null when it is gone. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The renderer processes (`--type=renderer`) descending from the browser `browserPid`. */
function renderersOf(browserPid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('--type=renderer')) continue;
    for (let p: number | null = Number(name), depth = 0; p !== null && p > 1 && depth < 6; depth++) {
      p = parentOf(p);
      if (p === browserPid) {
        found.push(Number(name));
        break;
      }
    }
  }
  return found;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const value = await probe().catch((e: unknown) => {
      last = String(e);
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last || 'no error'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const READY = `(() => { const t = window.__tsonkh; return !!t?.api && t.events.some((e) => e.name === 'ready') && location.pathname; })()`;
const OUTBOX = `window.__tsonkh.api.outboxCounts()`;

/**
 * Browser mode's session supervisor against the real Debian Chromium (headless here; under cage
 * on a kiosk): the page's renderer process is SIGKILLed as the OOM killer would. The supervisor
 * sees the crash over the debugging pipe and reloads the page to the attract screen, with the
 * queued submissions still in the outbox and the host's journal; the third failure within the
 * window turns into the out-of-service screen, not a fourth reload.
 */
describe('renderer killed under the browser-mode session supervisor', () => {
  const env = new KioskEnvironment();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-session-profile-'));
  const actions: SupervisorAction[] = [];
  let session: KioskSession | null = null;

  beforeAll(async () => {
    await env.start();
    await env.stopServer(); // offline: what is queued stays queued, so it can be counted after each crash
    session = await startKioskSession({
      url: env.kiosk!.url,
      chromium: CHROMIUM_BINARY,
      // The test machine's Chromium flags (as root in a container: no sandbox), headless.
      args: ['--headless=new', ...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--no-default-browser-check'],
      policy: { hangAfterMs: 5_000, failureWindowMs: 10 * 60_000, maxFailures: 3 },
      pingEveryMs: 500,
      pingTimeoutMs: 2_000,
      onAction: (a) => actions.push(a),
      // As in production (kiosk-session.ts's main): the host is told over its loopback bridge.
      alertHost: (reason) => tellHostOutOfService(env.kiosk!.url, reason),
    });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await env.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it('reloads to the attract screen twice with the outbox and journal intact, then goes out of service', async () => {
    const s = session!;
    await until('the kiosk to boot', async () => ((await s.evaluate(READY)) ? true : undefined));
    const tracking = (await s.evaluate(
      `window.__tsonkh.api.queuePetitions(2, 'before the crash')`,
      30_000,
    )) as string[];
    expect(tracking).toHaveLength(2);
    const journalDir = path.join(env.dir, 'journal');
    const journalBefore = journalPending(journalDir).pending.map((e) => e.trackingNo);
    expect(journalBefore).toEqual(expect.arrayContaining(tracking));

    for (let crash = 1; crash <= 2; crash++) {
      const renderers = renderersOf(s.browserPid()!);
      expect(renderers.length, 'renderer processes found').toBeGreaterThan(0);
      for (const pid of renderers) process.kill(pid, 'SIGKILL');
      await until(`reload ${crash}`, async () =>
        actions.filter((a) => a.type === 'reload').length === crash ? true : undefined,
      );
      // Back at the attract screen (the app's entry), booted again, the queued petitions still queued.
      const where = await until(
        `the kiosk to boot after crash ${crash}`,
        async () => ((await s.evaluate(READY)) as string) || undefined,
      );
      expect(where).toBe('/');
      const counts = (await s.evaluate(OUTBOX)) as Record<string, number>;
      expect(counts.queued ?? 0).toBe(2);
      expect(journalPending(journalDir).pending.map((e) => e.trackingNo)).toEqual(journalBefore);
    }

    // Online again before the last crash, with one health report sent: the alert is that report
    // again with its event, which the host sends since the page that sends them is gone.
    await env.startServer();
    expect(await s.evaluate('window.__tsonkh.api.reportHealth()', 30_000)).toBe(true);
    for (const pid of renderersOf(s.browserPid()!)) process.kill(pid, 'SIGKILL');
    await until('out of service', async () => (s.supervisor.state() === 'out-of-service' ? true : undefined));
    expect(actions.map((a) => a.type)).toEqual(['reload', 'reload', 'out-of-service', 'alert']);
    const text = await until('the out-of-service screen', async () => {
      const body = (await s.evaluate('document.body?.innerText ?? ""')) as string;
      return body.includes('Түр ажиллахгүй байна') ? body : undefined;
    });
    expect(text).toContain('The technician has been told');
    // Online again, a queued petition may have been delivered meanwhile: each is still in the
    // journal, or on the server exactly once.
    const pendingNow = journalPending(journalDir).pending.map((e) => e.trackingNo);
    for (const trackingNo of journalBefore) {
      if (!pendingNow.includes(trackingNo)) expect(await env.serverRows(trackingNo)).toBe(1);
    }
    // …and the central office was told, by the session through the host.
    const db = await env.serverDb();
    const alertRow = await until('the out-of-service event on the server', async () =>
      db.selectFrom('kiosk_events').select(['kind', 'details']).where('kind', '=', 'out_of_service').executeTakeFirst(),
    );
    expect(alertRow.details).toMatch(/crash|renderer|killed/i);
  }, 300_000);
});
