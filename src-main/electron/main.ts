import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { kioskConfigPath, readReleasePublicKeySync } from '../config/load-kiosk-config.js';
import { createLogger } from '../logger.js';
import { launcherSettingsFromEnv, RELEASE_ROOT_ENV } from '../update/launcher.js';
import {
  ELECTRON_MAIN_FILE,
  electronReleaseRootDir,
  loadElectronMain,
  watchUnconfirmedStart,
} from '../update/release-loader.js';
import { releaseRoot } from '../update/release-root.js';

/**
 * The app archive's entry: the release loader (issue 18). The archive is fused (only it is loaded,
 * its integrity checked where Electron can), so new code cannot go into it; an installed release's main runs from
 * the releases folder instead, after src-main/update/release-loader.ts has checked it against the
 * pinned release key file by file. Otherwise, or when the check fails, the archive's own main
 * (`kiosk-main.cjs` beside this file) runs. All of it happens before this script returns, so the
 * main that runs is where Electron expects an entry to be.
 */
const log = createLogger('electron.loader');
const here = path.dirname(fileURLToPath(import.meta.url));
const load = createRequire(import.meta.url);
const settings = launcherSettingsFromEnv(process.env);
const root = releaseRoot(electronReleaseRootDir(process.env, app.getPath('userData')));

let releasePublicKey: string | null = null;
try {
  releasePublicKey = readReleasePublicKeySync(kioskConfigPath());
} catch (error) {
  // The archive's own main then runs and shows the config's problem as it always has.
  log.error({ err: error }, 'the kiosk config cannot be read: no release runs');
}

let started: { version: string; factory: boolean; unconfirmed: boolean } | null = null;
try {
  started = loadElectronMain({
    root,
    releasePublicKey,
    maxFailedStarts: settings.maxFailedStarts,
    factory: { version: app.getVersion(), entry: path.join(here, path.basename(ELECTRON_MAIN_FILE)) },
    env: process.env,
    load: (entry) => load(entry),
  });
} catch (error) {
  // A main that throws while loading must not leave Electron's error dialog on a public screen:
  // exit, and systemd starts the kiosk again (a new release's start was counted; enough of them
  // roll it back).
  log.fatal({ err: error }, 'the kiosk main failed to load');
  app.exit(1);
}
// A new version that starts but never reports healthy is given its time, then restarted (counted),
// where something restarts the kiosk (the systemd unit sets TSONKH_RELEASE_ROOT).
if (started?.unconfirmed && process.env[RELEASE_ROOT_ENV]?.trim()) {
  watchUnconfirmedStart(root, started.version, settings.healthyWithinMs, () => app.exit(1));
}
