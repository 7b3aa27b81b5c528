import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RELEASE_VERSION_PATTERN, type ReleaseManifest } from '../../src-shared/schemas/release.js';
import { journalDirFromEnv } from '../journal/journal-dir.js';
import { createLogger } from '../logger.js';
import {
  countUnconfirmedStart,
  planStart,
  RELEASE_ROOT_ENV,
  RELEASE_VERSION_ENV,
  type FactoryBuild,
} from './launcher.js';
import { readInstalledManifestSync, readPointerSync, writePointerSync, type ReleaseRoot } from './release-root.js';
import { missingFiles } from './download-release.js';
import { UpdateError } from './update-error.js';
import { verifySignedRelease } from './verify-release.js';

const log = createLogger('release-loader');

/**
 * What an Electron kiosk runs of a release, at dist's own layout (`dist/main`, `dist/renderer`),
 * so the main bundle finds its preload and renderer beside it as it does in the archive.
 */
export const ELECTRON_MAIN_FILE = 'main/kiosk-main.cjs';
export const ELECTRON_PRELOAD_FILE = 'main/preload.cjs';
export const ELECTRON_RENDERER_INDEX = 'renderer/index.html';
/** The files an Electron kiosk needs in a release before it takes it (the updater refuses one without). */
export const ELECTRON_RELEASE_FILES = [ELECTRON_MAIN_FILE, ELECTRON_PRELOAD_FILE, ELECTRON_RENDERER_INDEX] as const;
/** Every file under these folders of a release is checked before the release runs. */
const ELECTRON_RUN_DIRS = ['main', 'renderer'] as const;

/**
 * The releases folder of an Electron kiosk: `TSONKH_RELEASE_ROOT` as in browser mode (the systemd
 * unit sets it), else `releases/` beside the host's journal, where the host keeps its other state.
 * The loader and the host it starts both ask here, so they always mean the same folder.
 */
export function electronReleaseRootDir(env: NodeJS.ProcessEnv, userDataDir: string): string {
  return (
    env[RELEASE_ROOT_ENV]?.trim() || path.join(journalDirFromEnv(env, path.join(userDataDir, 'journal')), 'releases')
  );
}

export interface ElectronLoaderOptions {
  root: ReleaseRoot;
  /** The main bundle inside the app's own archive (installed by the package, root's) and the app's version. */
  factory: FactoryBuild;
  /** The pinned release key (`releasePublicKey` in the kiosk config); null: no release is run. */
  releasePublicKey: string | null;
  /** Starts an unconfirmed version may take before the previous one is started instead (default 3). */
  maxFailedStarts?: number;
  now?: Date;
}

export interface ElectronStart {
  version: string;
  /** The main bundle to load. */
  entry: string;
  /** True for the archive's own main. */
  factory: boolean;
  /** The release's renderer folder, checked with its main; null for the factory build (its own). */
  rendererDir: string | null;
  /** This start is counted: the version has not yet reported healthy since it was installed. */
  unconfirmed: boolean;
  /** Why the version `current.json` names does not run (the factory build runs instead). */
  refused?: string;
  /** Set when this start is a rollback (launcher.ts's rule). */
  rolledBackFrom?: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, as release paths (`main/kiosk-main.cjs`), relative to `versionDir`. */
function filesUnder(versionDir: string, dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(versionDir, dir), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(versionDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/**
 * Checks an installed release as the packaged kiosk is about to run it: its signed manifest against
 * the pinned release key (as when it was downloaded, but not "newer than running": a rollback runs
 * an older one), that it carries an Electron main, preload and renderer, and that every file under
 * `main/` and `renderer/` is one the manifest lists, with its size and SHA-256. Electron checks the
 * app's archive itself (on macOS and Windows; on Linux it is the package's, owned by root); this is
 * that promise for code that lives outside it. Throws `UpdateError` saying what is wrong.
 */
export function verifyElectronRelease(root: ReleaseRoot, version: string, releasePublicKey: string): ReleaseManifest {
  let signedText: unknown;
  try {
    signedText = readInstalledManifestSync(root, version);
  } catch (error) {
    throw new UpdateError('bad_manifest', `the signed manifest of ${version} cannot be read`, { cause: error });
  }
  const { manifest } = verifySignedRelease(signedText, releasePublicKey, null);
  if (manifest.version !== version) {
    throw new UpdateError('bad_manifest', `the manifest in ${version}'s place is of version ${manifest.version}`);
  }
  const missing = missingFiles(manifest, ELECTRON_RELEASE_FILES);
  const listed = new Set(manifest.files.map((file) => file.path));
  if (missing.length > 0) {
    throw new UpdateError(
      'bad_manifest',
      `release ${version} has no ${missing.join(', ')}: not a release for Electron kiosks (browser mode only?)`,
    );
  }
  const versionDir = root.versionDir(version);
  const onDisk = ELECTRON_RUN_DIRS.flatMap((dir) => filesUnder(versionDir, dir));
  const stray = onDisk.find((file) => !listed.has(file));
  if (stray !== undefined) throw new UpdateError('hash_mismatch', `${stray} is not in the signed manifest`);
  for (const file of manifest.files) {
    if (!ELECTRON_RUN_DIRS.some((dir) => file.path.startsWith(`${dir}/`))) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(versionDir, ...file.path.split('/')));
    } catch {
      throw new UpdateError('hash_mismatch', `${file.path} is missing`);
    }
    if (bytes.length !== file.size || sha256(bytes) !== file.sha256) {
      throw new UpdateError('hash_mismatch', `${file.path} does not match its hash`);
    }
  }
  return manifest;
}

/**
 * Leaves a release the loader refused for good, the way the launcher leaves one that never came
 * up: `current.json` names the factory build, with a note of what was refused and why. The
 * updater then reports it (`rolled_back` with the reason) and never takes that version again, so
 * a kiosk offered it once more does not fetch it, restart and refuse it in a loop.
 */
function recordRefusal(options: ElectronLoaderOptions, version: string, reason: string): void {
  const { factory } = options;
  if (!RELEASE_VERSION_PATTERN.test(factory.version)) {
    log.error({ factory: factory.version }, 'the app version is not a release version: the refusal is not recorded');
    return;
  }
  const at = (options.now ?? new Date()).toISOString();
  writePointerSync(options.root, {
    version: factory.version,
    previous: null,
    installedAt: at,
    confirmed: true,
    failedStarts: 0,
    rolledBack: { version, at, reason: reason.slice(0, 250) },
  });
}

/**
 * What the packaged kiosk runs at this start (the release loader, src-main/electron/main.ts).
 * Blocking on purpose: Electron needs the main it runs to register its `app://` scheme before
 * `ready`, which a loader that awaited would let pass. The decision is launcher.ts's `planStart`
 * with the archive's own main as the factory build; a release it names runs only once
 * `verifyElectronRelease` passes, else the factory build runs and the refusal is recorded. An
 * unconfirmed version's start is counted before it runs, so one that crashes at every start is
 * rolled back after `maxFailedStarts` by the next start's plan (systemd restarts the kiosk).
 */
export function planElectronStart(options: ElectronLoaderOptions): ElectronStart {
  const { root, factory } = options;
  const asFactory = (extra: Partial<ElectronStart> = {}): ElectronStart => ({
    version: factory.version,
    entry: factory.entry,
    factory: true,
    rendererDir: null,
    unconfirmed: false,
    ...extra,
  });
  const refuse = (version: string, reason: string, record: boolean, rolledBackFrom?: string) => {
    log.error({ version, reason, recorded: record }, 'release refused: the build the kiosk came with runs instead');
    if (record) {
      try {
        recordRefusal(options, version, reason);
      } catch (error) {
        log.error({ err: error }, 'the refusal could not be recorded in current.json');
      }
    }
    return asFactory({ refused: `${version}: ${reason}`, ...(rolledBackFrom ? { rolledBackFrom } : {}) });
  };

  let plan;
  try {
    plan = planStart(root, options.maxFailedStarts ?? 3, options.now ?? new Date(), factory);
  } catch (error) {
    // current.json names a version whose signed manifest is missing or unreadable.
    const named = safePointerVersion(root);
    const reason = `its signed manifest cannot be read (${(error as Error).message.slice(0, 120)})`;
    return named === null ? asFactory({ refused: reason }) : refuse(named, reason, true);
  }
  if (plan === null || plan.entry === factory.entry) {
    return asFactory(plan?.rolledBackFrom ? { rolledBackFrom: plan.rolledBackFrom } : {});
  }
  if (options.releasePublicKey === null) {
    // A config problem, not the release's: nothing is recorded, the release runs once a key is pinned.
    return refuse(plan.version, 'no release key is pinned in the kiosk config', false, plan.rolledBackFrom);
  }
  try {
    verifyElectronRelease(root, plan.version, options.releasePublicKey);
  } catch (error) {
    const reason = error instanceof UpdateError ? `${error.problem}: ${error.message}` : String(error);
    return refuse(plan.version, reason, true, plan.rolledBackFrom);
  }
  let unconfirmed: boolean;
  try {
    const pointer = readPointerSync(root);
    unconfirmed = pointer?.version === plan.version && !pointer.confirmed;
    if (unconfirmed) countUnconfirmedStart(root, plan.version);
  } catch (error) {
    // Uncounted, a version that crashes at every start would never be rolled back.
    const reason = `its start cannot be counted (${(error as Error).message.slice(0, 120)})`;
    return refuse(plan.version, reason, false, plan.rolledBackFrom);
  }
  const versionDir = root.versionDir(plan.version);
  return {
    version: plan.version,
    entry: path.join(versionDir, ...ELECTRON_MAIN_FILE.split('/')),
    factory: false,
    rendererDir: path.join(versionDir, path.dirname(ELECTRON_RENDERER_INDEX)),
    unconfirmed,
    ...(plan.rolledBackFrom ? { rolledBackFrom: plan.rolledBackFrom } : {}),
  };
}

function safePointerVersion(root: ReleaseRoot): string | null {
  try {
    return readPointerSync(root)?.version ?? null;
  } catch {
    return null;
  }
}

export interface LoadElectronMainOptions extends ElectronLoaderOptions {
  /** The environment the loaded main reads (process.env). */
  env: NodeJS.ProcessEnv;
  /** Runs a main bundle (`require` in Electron's main process). */
  load: (entry: string) => void;
}

/**
 * Plans the start and runs the chosen main in this process. The loaded main learns its version
 * and, for a release, its checked renderer from the environment (`TSONKH_RELEASE_VERSION`, which
 * the host confirms healthy; `TSONKH_RENDERER_DIR`), as a host the launcher starts does. A release
 * that throws while loading is not run half-started: the error goes to the caller (who exits, so
 * the counted start counts).
 */
export function loadElectronMain(options: LoadElectronMainOptions): ElectronStart {
  const start = planElectronStart(options);
  options.env[RELEASE_VERSION_ENV] = start.version;
  if (start.rendererDir !== null) options.env.TSONKH_RENDERER_DIR = start.rendererDir;
  log.info(
    {
      version: start.version,
      factory: start.factory,
      unconfirmed: start.unconfirmed,
      ...(start.refused ? { refused: start.refused } : {}),
      ...(start.rolledBackFrom ? { rolledBackFrom: start.rolledBackFrom } : {}),
    },
    'starting',
  );
  options.load(start.entry);
  return start;
}

/**
 * The launcher's other rule for a version that does not crash but never reports healthy (a blank
 * screen sends no health report): after `withinMs`, if `current.json` still names it unconfirmed,
 * `onNotHealthy` (the kiosk exits; systemd starts it again, which counts). Returns a cancel.
 */
export function watchUnconfirmedStart(
  root: ReleaseRoot,
  version: string,
  withinMs: number,
  onNotHealthy: () => void,
): () => void {
  const timer = setTimeout(() => {
    let pointer;
    try {
      pointer = readPointerSync(root);
    } catch {
      return;
    }
    if (pointer?.version !== version || pointer.confirmed) return;
    log.warn({ version, withinS: withinMs / 1000 }, 'new version did not report healthy in time');
    onNotHealthy();
  }, withinMs);
  timer.unref();
  return () => clearTimeout(timer);
}
