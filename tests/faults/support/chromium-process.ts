import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../../playwright.config.js';

/**
 * Background work Playwright itself turns off when it launches Chromium (extensions, crash
 * reporting, phishing checks, hang monitor…). None of it touches storage; leaving it on only
 * makes each of a hundred cold starts slower on a 2-core machine.
 */
const QUIET_ARGS = [
  '--disable-extensions',
  '--disable-component-extensions-with-background-pages',
  '--disable-default-apps',
  '--mute-audio',
  '--disable-breakpad',
  '--no-service-autorun',
  '--disable-background-timer-throttling',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
];

export const CHROMIUM_BINARY = process.env.TSONKH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A real Chromium on a persistent profile, started as its own process group so that a test can
 * SIGKILL the browser and every one of its helpers at once, exactly as a power cut or the OOM
 * killer would: no unload handlers, no orderly IndexedDB shutdown.
 */
export interface ChromiumProcess {
  pid: number;
  browser: Browser;
  /** The profile's first tab (about:blank until the test navigates it). */
  page: Page;
  /** SIGKILL to the whole process group; resolves once no process of the group is left. */
  kill(): Promise<void>;
  /** Orderly shutdown (CDP Browser.close), then SIGKILL whatever remains after 5 s. */
  close(): Promise<void>;
}

/**
 * Live (not zombie) processes of a process group, from /proc: a SIGKILLed Chromium's helpers are
 * re-parented to PID 1, which in a container may never reap them, so `kill(-pgid, 0)` is not enough.
 */
function groupMembers(pgid: number): number[] {
  const alive: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') alive.push(Number(name));
  }
  return alive;
}

async function killGroup(child: ChildProcess, pgid: number): Promise<void> {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && child.signalCode === null) {
    if (Date.now() > deadline) throw new Error(`chromium ${pgid} did not exit 10 s after SIGKILL`);
    await new Promise((r) => setTimeout(r, 5));
  }
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) throw new Error(`chromium process group ${pgid} still alive 10 s after SIGKILL`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Reads "DevTools listening on ws://…" from Chromium's stderr. */
function devtoolsEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`chromium printed no DevTools endpoint within ${timeoutMs} ms; stderr:\n${buffered}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(buffered);
      if (m) {
        cleanup();
        resolve(m[1]!);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`chromium exited (code ${code}, signal ${signal}) before DevTools listened:\n${buffered}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts Chromium on `userDataDir` (created by Chromium if missing, reused across kills) and
 * connects Playwright to it over CDP. `startUrl` is what the browser opens itself, as a kiosk's
 * launcher does; the returned `page` is that tab.
 */
export async function launchChromium(
  userDataDir: string,
  { startUrl = 'about:blank', timeoutMs = 30_000 }: { startUrl?: string; timeoutMs?: number } = {},
): Promise<ChromiumProcess> {
  const child = spawn(
    CHROMIUM_BINARY,
    [
      '--headless=new',
      ...CHROMIUM_ARGS,
      ...QUIET_ARGS,
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-port=0',
      startUrl,
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${CHROMIUM_BINARY}`);
  // Keep draining stderr so Chromium never blocks on a full pipe.
  child.stderr?.on('data', () => undefined);
  const exitHook = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.once('exit', exitHook);
  let browser: Browser | undefined;
  try {
    const ws = await devtoolsEndpoint(child, timeoutMs);
    browser = await chromium.connectOverCDP(ws, { timeout: timeoutMs });
    const context = browser.contexts()[0];
    if (!context) throw new Error('chromium has no default context');
    // The start tab may not be a target yet when DevTools starts listening.
    const page = context.pages()[0] ?? (await context.waitForEvent('page', { timeout: timeoutMs }));
    const connected = browser;
    return {
      pid,
      browser: connected,
      page,
      async kill() {
        await killGroup(child, pid);
        process.off('exit', exitHook);
        // The CDP socket is dead; let Playwright drop its side of it.
        await connected.close().catch(() => undefined);
      },
      async close() {
        // browser.close() only disconnects a CDP-connected browser: ask Chromium itself to quit.
        await connected
          .newBrowserCDPSession()
          .then((cdp) => cdp.send('Browser.close'))
          .catch(() => undefined);
        await connected.close().catch(() => undefined);
        const deadline = Date.now() + 5_000;
        while (child.exitCode === null && child.signalCode === null && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        await killGroup(child, pid);
        process.off('exit', exitHook);
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await killGroup(child, pid).catch(() => undefined);
    process.off('exit', exitHook);
    throw e;
  }
}
