import { compareReleaseVersions, type ReleaseOffer, type UpdateReport } from '../../src-shared/schemas/release.js';
import { createLogger } from '../logger.js';
import { downloadRelease, type DownloadResult } from './download-release.js';
import { confirmHealthy, installRelease } from './install-release.js';
import type { ReleaseSource } from './release-source.js';
import { readPointer, type ReleaseRoot } from './release-root.js';
import { UpdateError } from './update-error.js';

const log = createLogger('updater');

/** How long the kiosk must have had no visitor before a new version is put in place. */
export const INSTALL_WHEN_IDLE_FOR_MS = 5 * 60_000;

export interface UpdaterOptions {
  root: ReleaseRoot;
  /** The pinned release public key; null: this kiosk takes no releases (refuses every offer). */
  releasePublicKey: string | null;
  /** The version running now. */
  runningVersion: string;
  /** The source for an offer from the server. */
  serverSource: (offer: ReleaseOffer) => ReleaseSource;
  /** When the last visitor-facing action happened (ms since the epoch); null: none since start. */
  lastVisitAt: () => number | null;
  /** True outside the kiosk's opening hours (when known); an install may then go at once. */
  closedNow?: () => boolean;
  idleForMs?: number;
  /** Folders holding the running version's files, when it was not installed by the updater. */
  localDirs?: readonly string[];
  /** Files a release must carry for this kiosk to run it (download-release.ts). */
  requiredFiles?: readonly string[];
  now?: () => number;
  /** Called once a version is installed (the launcher starts it at the next start). */
  onInstalled?: (version: string) => void;
}

/** How long the server's "closed now" holds without a newer answer (three health reports). */
export const CLOSED_NOTE_MS = 15 * 60_000;

export interface Updater {
  /** Settles once the state on disk (a rollback the launcher made) is read. */
  ready: Promise<void>;
  /** The update state for the next health report. */
  report(): UpdateReport;
  /** An offer from a health report's answer: downloads it in the background unless busy or done. */
  offer(offer: ReleaseOffer): void;
  /** A release from a folder (a USB stick), verified the same way; resolves once staged. */
  takeFrom(source: ReleaseSource): Promise<DownloadResult>;
  /**
   * What the server last said of the kiosk's opening hours (a health answer's `openNow`): closed,
   * a staged release installs without waiting for the kiosk to be idle, for 15 minutes after.
   */
  noteOpenNow(open: boolean): void;
  /** Installs a staged version if the kiosk is idle (or closed, or `force`: the technician asked); true when it did. */
  installIfIdle(options?: { force?: boolean }): Promise<boolean>;
  /** The running version has shown itself healthy (the launcher stops counting its starts). */
  confirmRunning(): Promise<void>;
  /** Settles when no download is running (tests). */
  idle(): Promise<void>;
}

/**
 * The kiosk's updater (issue 18): takes an offered release in the background (verified, resumable,
 * only the files it lacks — download-release.ts), keeps it staged until the kiosk has had no
 * visitor for a while or is closed, then switches `current.json` to it (install-release.ts). A
 * failure leaves the running version as it is and is told in the health report; the next offer
 * tries again and continues the files already partly fetched.
 */
export function createUpdater(options: UpdaterOptions): Updater {
  const now = options.now ?? Date.now;
  const idleFor = options.idleForMs ?? INSTALL_WHEN_IDLE_FOR_MS;
  let state: UpdateReport = { state: 'idle', version: null };
  let busy: Promise<unknown> | null = null;
  let staged: string | null = null;
  let installed: string | null = null;
  // The server's word on the opening hours, with when it was said.
  let openNote: { open: boolean; at: number } | null = null;
  const closedNow = () =>
    options.closedNow?.() === true || (openNote !== null && !openNote.open && now() - openNote.at < CLOSED_NOTE_MS);
  // A version the launcher rolled back from is never taken again: the fix comes as a higher one.
  let rolledBackFrom: string | null = null;

  // A rollback the launcher made is told in the reports, until something newer happens.
  const ready = readPointer(options.root).then(
    (pointer) => {
      if (pointer?.rolledBack) rolledBackFrom = pointer.rolledBack.version;
      if (pointer?.rolledBack && state.state === 'idle') {
        state = { state: 'rolled_back', version: pointer.rolledBack.version, detail: pointer.rolledBack.reason };
      }
    },
    (err: unknown) => log.warn({ err }, 'the release pointer could not be read'),
  );

  function fail(version: string | null, error: unknown): void {
    const detail = error instanceof UpdateError ? `${error.problem}: ${error.message}` : String(error);
    state = { state: 'failed', version, detail: detail.replaceAll('\u0000', '').slice(0, 300) };
    log.warn({ version, detail }, 'update not taken; the running version stays');
  }

  async function take(source: ReleaseSource, version: string | null): Promise<DownloadResult> {
    if (options.releasePublicKey === null) {
      throw new UpdateError('no_release_key', 'this kiosk pins no release key: it takes no releases');
    }
    state = { state: 'downloading', version, bytes: 0 };
    const result = await downloadRelease({
      root: options.root,
      source,
      releasePublicKey: options.releasePublicKey,
      runningVersion: options.runningVersion,
      localDirs: options.localDirs,
      ...(options.requiredFiles ? { requiredFiles: options.requiredFiles } : {}),
      onProgress: (p) => {
        state = { state: 'downloading', version: p.version || version, bytes: p.fetchedBytes };
      },
    });
    staged = result.version;
    state = { state: 'downloaded', version: result.version, bytes: result.fetchedBytes };
    return result;
  }

  const updater: Updater = {
    ready,
    report: () => ({ ...state }),
    noteOpenNow(open) {
      openNote = { open, at: now() };
      if (!open) void updater.installIfIdle();
    },
    offer(offer) {
      if (busy) return;
      if (rolledBackFrom !== null && compareReleaseVersions(offer.version, rolledBackFrom) <= 0) return;
      if (installed !== null && compareReleaseVersions(offer.version, installed) <= 0) return;
      if (staged !== null && compareReleaseVersions(offer.version, staged) <= 0) {
        void updater.installIfIdle();
        return;
      }
      busy = take(options.serverSource(offer), offer.version)
        .then(() => updater.installIfIdle())
        .catch((error: unknown) => fail(offer.version, error))
        .finally(() => {
          busy = null;
        });
    },
    async takeFrom(source) {
      if (busy) await busy;
      const run = take(source, null);
      busy = run.catch(() => undefined).finally(() => (busy = null));
      try {
        return await run;
      } catch (error) {
        fail(null, error);
        throw error;
      }
    },
    async installIfIdle(request) {
      if (staged === null) return false;
      const last = options.lastVisitAt();
      const quiet = last === null || now() - last >= idleFor;
      if (!quiet && !closedNow() && request?.force !== true) return false;
      const version = staged;
      try {
        await installRelease(options.root, version, new Date(), options.runningVersion);
      } catch (error) {
        fail(version, error);
        return false;
      }
      staged = null;
      installed = version;
      state = { state: 'installed', version };
      log.info({ version }, 'new version installed: it runs from the next start');
      options.onInstalled?.(version);
      return true;
    },
    async confirmRunning() {
      await confirmHealthy(options.root, options.runningVersion);
    },
    async idle() {
      while (busy) await busy;
    },
  };
  return updater;
}
