import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startHttpBridge } from './bridge/http-bridge.js';
import { KioskConfigError, kioskConfigPath, loadKioskConfig } from './config/load-kiosk-config.js';
import { createKioskHandlers, journalDirFromEnv } from './kiosk-host.js';
import { createLogger } from './logger.js';
import { closeOnStopSignals, isProgramEntry } from './process-entry.js';

const log = createLogger('browser-mode');

export const DEFAULT_BROWSER_PORT = 5180;
export const DEFAULT_RENDERER_DIR = 'dist/renderer';

export interface BrowserModeOptions {
  configPath: string;
  /** 0 picks a free port. */
  port: number;
  staticDir: string;
  /** The submission journal's folder; default `TSONKH_JOURNAL_DIR`, else `<cwd>/data/journal`. */
  journalDir?: string;
}

export interface BrowserModeKiosk {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs the kiosk host without Electron: the same services behind the loopback HTTP bridge,
 * serving the built renderer to any Chromium (development, e2e tests, low-cost kiosks).
 * Rejects with `KioskConfigError` when the config is bad: the kiosk does not start half-set-up.
 */
export async function startBrowserModeKiosk({
  configPath,
  port,
  staticDir,
  journalDir = journalDirFromEnv(),
}: BrowserModeOptions): Promise<BrowserModeKiosk> {
  const config = await loadKioskConfig(configPath);
  // The files it runs from: an update reuses every one of them the new release still has.
  const ownDir = path.dirname(fileURLToPath(import.meta.url));
  const handlers = createKioskHandlers(config, 'browser', {
    journalDir,
    configPath,
    runningFiles: [staticDir, ownDir],
  });
  // The token outlives a host crash, so the page on screen keeps working once systemd restarts the host.
  const bridge = await startHttpBridge({ handlers, port, staticDir, tokenFile: path.join(journalDir, 'bridge-token') });
  return {
    url: bridge.url,
    close: async () => {
      await bridge.close();
      await handlers.close();
    },
  };
}

/**
 * The renderer this host serves: the one beside it (`<release>/renderer` next to
 * `<release>/host`, as a release and the installed package are laid out), so a host the launcher
 * started from a new release serves that release's screens; else `TSONKH_RENDERER_DIR`, else
 * `dist/renderer` (development).
 */
export function rendererDir(ownDir = path.dirname(fileURLToPath(import.meta.url))): string {
  const beside = path.resolve(ownDir, '..', 'renderer');
  if (existsSync(path.join(beside, 'index.html'))) return beside;
  return path.resolve(process.env.TSONKH_RENDERER_DIR || DEFAULT_RENDERER_DIR);
}

/** `TSONKH_KIOSK_PORT`: a whole number 0-65535, else the kiosk refuses to start. */
export function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_BROWSER_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`TSONKH_KIOSK_PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

async function main(): Promise<void> {
  let kiosk: BrowserModeKiosk;
  try {
    kiosk = await startBrowserModeKiosk({
      configPath: kioskConfigPath(),
      port: parsePort(process.env.TSONKH_KIOSK_PORT),
      staticDir: rendererDir(),
    });
  } catch (error) {
    if (error instanceof KioskConfigError) log.fatal({ file: error.file, problems: error.problems }, error.message);
    else log.fatal({ err: error }, `kiosk host failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
  log.info({ url: kiosk.url, journalDir: journalDirFromEnv() }, `Tsonkh kiosk (browser mode) at ${kiosk.url}`);
  closeOnStopSignals(
    () => kiosk.close(),
    (signal) => log.info({ signal }, 'stopping'),
  );
}

if (isProgramEntry(import.meta.url)) await main();
