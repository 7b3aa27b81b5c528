// Time to interactive of the kiosk's first screen, against a bare Vite + React page in the same
// run, in Debian's Chromium; and how much JavaScript (gzip) the first screen needs.
//
// "Interactive" is measured inside the page, the same way for both: from navigation start until
// the first screen's start button has been touched (as soon as it exists) and the next screen
// has appeared. The kiosk starts as it does each morning: a profile that already holds the demo
// content, no network (its server is down), HTTP cache off.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { startBrowserModeKiosk } from '../../src-main/browser-mode.js';
import { RENDERER_SECURITY_HEADERS } from '../../src-main/security/csp.js';
import { freePort, startServerChild } from '../support/server-process.js';
import { buildBenchPage, launchChromium, REPO_ROOT as ROOT, serveFolder } from './support/bench-page.js';
import { percentile, report } from './support/report.js';

const KIOSK_OUT = path.join(ROOT, 'dist/bench/startup-kiosk');
const RUNS = 25;

const BARE_OUT = await buildBenchPage('startup-page', 'startup-bare', { react: true });
// The kiosk renderer exactly as `npm run build` makes it.
await build({
  configFile: path.join(ROOT, 'vite.config.ts'),
  logLevel: 'error',
  build: { outDir: KIOSK_OUT, emptyOutDir: true },
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-startup-'));
const serverPort = await freePort();
const example = JSON.parse(readFileSync(path.join(ROOT, 'kiosk-config/example.json'), 'utf8'));
const configPath = path.join(dir, 'kiosk.json');
writeFileSync(
  configPath,
  JSON.stringify({
    ...example,
    $schema: undefined,
    server: { ...example.server, url: `http://127.0.0.1:${serverPort}`, timeoutMs: 2000 },
    printer: { kind: 'capture', captureDir: path.join(dir, 'receipts'), width: 48 },
    importDirs: [path.join(dir, 'usb')],
    sync: { intervalSeconds: 2 },
  }),
);
const kiosk = await startBrowserModeKiosk({
  configPath,
  port: 0,
  staticDir: KIOSK_OUT,
  journalDir: path.join(dir, 'journal'),
});
// The bare page gets the same response headers as the kiosk's pages. Cross-Origin-Opener-Policy
// alone moves a navigation from the new tab's about:blank into a fresh renderer process (about
// 40 ms here); the baseline has to pay that too, or the ratio measures the headers, not the app.
const bare = await serveFolder(BARE_OUT, RENDERER_SECURITY_HEADERS);

/** Touches `[data-testid=start-mn]` the moment it exists; records when the home screen appears. */
const PROBE = `(() => {
  const touch = () => {
    const button = document.querySelector('[data-testid="start-mn"]');
    if (button && !window.__touched) { window.__touched = performance.now(); button.click(); }
    if (window.__touched && document.querySelector('[data-testid="screen-home"]') && !window.__tti) {
      window.__tti = performance.now();
    }
  };
  new MutationObserver(touch).observe(document, { childList: true, subtree: true });
})();`;

async function measure(context: BrowserContext, url: string): Promise<{ tti: number; jsGzip: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.addInitScript(PROBE);
  // The hosts serving both pages run in this process: nothing heavy may run here while a page
  // loads (compressing a script as it arrived held up the kiosk's next ones), so script bodies
  // are only collected now and compressed after the measurement.
  const scripts: Promise<Buffer | null>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body().catch(() => null));
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as { __tti?: number }).__tti !== undefined, null, { timeout: 60_000 });
  const tti = await page.evaluate(() => (window as unknown as { __tti: number }).__tti);
  // Scripts fetched up to the first interaction: everything the first screen needed.
  const bodies = await Promise.all(scripts);
  const jsGzip = bodies.reduce((sum, b) => sum + (b ? gzipSync(b, { level: 9 }).length : 0), 0);
  await page.close();
  return { tti, jsGzip };
}

const browser = await launchChromium();
try {
  // Day one: the kiosk syncs the demo content from a real server once, then the server goes away.
  const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const server = await startServerChild({
    port: serverPort,
    dataDir: path.join(dir, 'server'),
    env: { TSONKH_DEMO_KIOSK_CONFIG: configPath },
  });
  const first = await kioskContext.newPage();
  await first.goto(kiosk.url);
  await first.waitForFunction(() => (window.__tsonkh?.events ?? []).some((e) => e.name === 'sync-complete'), null, {
    timeout: 120_000,
  });
  await first.close();
  await server.stop();

  const bareContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kioskRuns: number[] = [];
  const bareRuns: number[] = [];
  let kioskJs = 0;
  let bareJs = 0;
  // Interleaved, so a slow moment of the machine falls on both.
  for (let i = 0; i < RUNS; i++) {
    const b = await measure(bareContext, bare.url);
    const k = await measure(kioskContext, kiosk.url);
    bareRuns.push(b.tti);
    kioskRuns.push(k.tti);
    bareJs = b.jsGzip;
    kioskJs = k.jsGzip;
  }
  const kioskMs = percentile(kioskRuns, 50);
  const bareMs = percentile(bareRuns, 50);
  // Each kiosk start against the bare page loaded just before it; the median of those ratios.
  const ratio = percentile(
    kioskRuns.map((k, i) => k / bareRuns[i]!),
    50,
  );
  report('startup', 'kiosk_tti_ms', kioskMs);
  report('startup', 'bare_tti_ms', bareMs);
  report('startup', 'tti_ratio', ratio, '≤1.5');
  report('startup', 'first_screen_js_gzip_kb', kioskJs / 1024, '≤200');
  report('startup', 'bare_js_gzip_kb', bareJs / 1024);
} finally {
  await browser.close();
  await kiosk.close();
  bare.close();
}
