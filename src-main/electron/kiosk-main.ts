import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain } from 'electron';
import { BRIDGE_IPC_CHANNEL, type BridgeReply } from '../../src-shared/bridge-contract.js';
import type { KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { dispatchBridgeCall } from '../bridge/dispatch.js';
import { KioskConfigError, kioskConfigPath, loadKioskConfig } from '../config/load-kiosk-config.js';
import { createKioskHandlers, journalDirFromEnv } from '../kiosk-host.js';
import { createLogger } from '../logger.js';
import { APP_ENTRY_URL, isAllowedAppUrl } from '../security/app-url.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { forbiddenDebugSwitch, isKioskMode } from '../security/kiosk-lockdown.js';
import { denyAllPermissions, hardenWebContents, lockDownKioskWindow } from './hardening.js';
import { superviseWindow } from './supervise-window.js';
import { RELEASE_VERSION_ENV } from '../update/launcher.js';
import { electronReleaseRootDir } from '../update/release-loader.js';

/**
 * The Electron kiosk: a thin shell around the same host services as browser mode. Everything
 * that can be tested without Electron lives outside this folder. The release loader (main.ts)
 * runs it, from the app's archive or from a checked release's `main/` folder.
 */
const log = createLogger('electron');
const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * The bundle puts `kiosk-main.cjs` and `preload.cjs` side by side in `dist/main/`
 * (vite.electron.config.ts), and a release keeps that layout: a release's main takes its own preload.
 */
const PRELOAD = path.join(here, 'preload.cjs');
/**
 * The built renderer, `dist/renderer/` beside `dist/main/`, unless TSONKH_RENDERER_DIR says
 * otherwise (the release loader sets it to the release's checked `renderer/`).
 */
const RENDERER_DIR = path.resolve(process.env.TSONKH_RENDERER_DIR || path.join(here, '..', 'renderer'));

const UNAUTHORIZED: BridgeReply<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'bridge calls are accepted only from the kiosk UI' },
};

async function start(): Promise<void> {
  let config: KioskConfig;
  try {
    config = await loadKioskConfig(kioskConfigPath());
  } catch (error) {
    const message = error instanceof KioskConfigError ? error.message : `Cannot start: ${(error as Error).message}`;
    log.fatal({ err: error }, message);
    dialog.showErrorBox('Tsonkh kiosk cannot start', message);
    app.exit(1);
    return;
  }

  // The per-user data folder survives updates and is writable, unlike the install folder.
  const journalDir = journalDirFromEnv(process.env, path.join(app.getPath('userData'), 'journal'));
  log.info({ journalDir }, 'submission journal folder');
  const handlers = createKioskHandlers(config, 'electron', {
    journalDir,
    // A release the loader started is that release's version; the archive's is the app's own.
    appVersion: process.env[RELEASE_VERSION_ENV]?.trim() || app.getVersion(),
    configPath: kioskConfigPath(),
    // The folder the release loader reads; an installed release runs from the next start.
    releaseRoot: electronReleaseRootDir(process.env, app.getPath('userData')),
    runningFiles: [here, RENDERER_DIR],
  });
  ipcMain.handle(BRIDGE_IPC_CHANNEL, (event, method: unknown, payload: unknown) => {
    if (!isAllowedAppUrl(event.senderFrame?.url)) {
      log.warn({ url: event.senderFrame?.url }, 'bridge call from outside the app refused');
      return UNAUTHORIZED;
    }
    return dispatchBridgeCall(handlers, method, payload);
  });

  denyAllPermissions();
  handleAppProtocol(RENDERER_DIR);

  const kiosk = isKioskMode(process.env);
  const window = new BrowserWindow({
    kiosk,
    width: 1280,
    height: 800,
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // In kiosk mode DevTools cannot be opened at all (hardening.ts also closes them if they do).
      devTools: !kiosk,
      // A middle click must not open a link in a new window (new windows are denied anyway).
      disableBlinkFeatures: 'Auxclick',
      preload: PRELOAD,
    },
  });
  if (kiosk) lockDownKioskWindow(window);
  superviseWindow(window, (reason) => handlers.alertOutOfService(reason));
  await window.loadURL(APP_ENTRY_URL);
}

const debugSwitch = isKioskMode(process.env) ? forbiddenDebugSwitch(process.argv, process.env) : null;
if (debugSwitch !== null) {
  // Someone is trying to drive the kiosk through a debugger: the installed kiosk never starts so.
  log.fatal({ switch: debugSwitch }, 'started with a debugging switch in kiosk mode: refusing to run');
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenWebContents();
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    log.fatal({ err: error }, 'electron failed to start');
    app.exit(1);
  });
}
