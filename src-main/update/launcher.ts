import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../logger.js';
import {
  hasVersionSync,
  readInstalledManifestSync,
  readPointer,
  readPointerSync,
  writePointerSync,
  type CurrentPointer,
  type ReleaseRoot,
} from './release-root.js';
import { releaseManifestSchema, signedReleaseSchema } from '../../src-shared/schemas/release.js';

const log = createLogger('launcher');

/** Env vars the launcher gives the version it starts (the host confirms itself with them). */
export const RELEASE_ROOT_ENV = 'TSONKH_RELEASE_ROOT';
export const RELEASE_VERSION_ENV = 'TSONKH_RELEASE_VERSION';

export interface LaunchPlan {
  version: string;
  /** The entry file to start with Node. */
  entry: string;
  /** Set when this plan is a rollback. */
  rolledBackFrom?: string;
}

/**
 * The build the kiosk was installed with (its package's files, e.g. `/opt/tsonkh/host/…`): what
 * runs before any release is installed, and what the first release rolls back to.
 */
export interface FactoryBuild {
  version: string;
  entry: string;
}

/**
 * Which version to start, before each start. An unconfirmed version (installed, never yet
 * reported healthy) that has already failed `maxFailedStarts` starts is given up: the pointer goes
 * back to the previous version (kept on disk), with a note of what failed for the health report.
 */
/**
 * Blocking on purpose: the Electron release loader must decide inside Electron's first tick
 * (release-loader.ts), by the same rule as the launcher. The files it touches are a few hundred bytes.
 */
export function planStart(
  root: ReleaseRoot,
  maxFailedStarts: number,
  now = new Date(),
  factory?: FactoryBuild,
): LaunchPlan | null {
  let pointer = readPointerSync(root);
  if (!pointer) return factory ? { version: factory.version, entry: factory.entry } : null;
  const isFactory = (version: string | null) =>
    factory !== undefined && version === factory.version && !hasVersionSync(root, version);
  let rolledBackFrom: string | undefined;
  if (!pointer.confirmed && pointer.failedStarts >= maxFailedStarts && pointer.previous !== null) {
    if (hasVersionSync(root, pointer.previous) || isFactory(pointer.previous)) {
      log.error({ failed: pointer.version, back: pointer.previous }, 'new version never became healthy: rolling back');
      rolledBackFrom = pointer.version;
      const back: CurrentPointer = {
        version: pointer.previous,
        previous: null,
        installedAt: now.toISOString(),
        confirmed: true,
        failedStarts: 0,
        rolledBack: {
          version: pointer.version,
          at: now.toISOString(),
          reason: `not healthy after ${pointer.failedStarts} starts`,
        },
      };
      writePointerSync(root, back);
      pointer = back;
    }
  }
  if (factory && isFactory(pointer.version)) {
    return { version: factory.version, entry: factory.entry, ...(rolledBackFrom ? { rolledBackFrom } : {}) };
  }
  const signed = signedReleaseSchema.parse(readInstalledManifestSync(root, pointer.version));
  const manifest = releaseManifestSchema.parse(JSON.parse(signed.manifest));
  return {
    version: pointer.version,
    entry: path.join(root.versionDir(pointer.version), ...manifest.entry.split('/')),
    ...(rolledBackFrom ? { rolledBackFrom } : {}),
  };
}

/**
 * Counts a start of an unconfirmed version: after it failed (the launcher watches its child), or
 * before it runs (the Electron release loader cannot watch itself crash). The count goes back to 0
 * when the version confirms itself healthy.
 */
export function countUnconfirmedStart(root: ReleaseRoot, version: string): void {
  const pointer = readPointerSync(root);
  if (!pointer || pointer.version !== version || pointer.confirmed) return;
  writePointerSync(root, { ...pointer, failedStarts: pointer.failedStarts + 1 });
}

/** The launcher's settings from its env vars (launcher-main.ts, and the Electron release loader). */
export function launcherSettingsFromEnv(env: NodeJS.ProcessEnv): { maxFailedStarts: number; healthyWithinMs: number } {
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    maxFailedStarts: positive('TSONKH_LAUNCHER_MAX_FAILED_STARTS', 3),
    healthyWithinMs: positive('TSONKH_LAUNCHER_HEALTHY_WITHIN_S', 120) * 1000,
  };
}

export interface SuperviseOptions {
  root: ReleaseRoot;
  /** Starts an unconfirmed version may fail before the launcher rolls back (default 3). */
  maxFailedStarts?: number;
  /** How long a new version has to report healthy after a start (default 120 s). */
  healthyWithinMs?: number;
  /** Stop after this many starts (tests); forever by default, as a service manager would. */
  maxStarts?: number;
  /** The build the kiosk came with: started when no release is installed, and the first one's rollback. */
  factory?: FactoryBuild;
  /** Starts a version; Node with the entry by default. */
  start?: (plan: LaunchPlan) => ChildProcess;
  onStart?: (plan: LaunchPlan) => void;
}

/**
 * The kiosk's launcher: starts the version `current.json` names and watches it. A version not yet
 * confirmed that exits, or has not reported healthy within `healthyWithinMs`, counts a failed
 * start; after `maxFailedStarts` the previous version is started instead (`planStart`). A
 * confirmed version that exits is simply started again (as systemd would restart the service).
 */
export async function superviseReleases(options: SuperviseOptions): Promise<void> {
  const max = options.maxFailedStarts ?? 3;
  const within = options.healthyWithinMs ?? 120_000;
  const start =
    options.start ??
    ((plan: LaunchPlan) =>
      spawn(process.execPath, [plan.entry], {
        stdio: 'inherit',
        env: { ...process.env, [RELEASE_ROOT_ENV]: options.root.root, [RELEASE_VERSION_ENV]: plan.version },
      }));
  for (let starts = 0; options.maxStarts === undefined || starts < options.maxStarts; starts++) {
    const plan = planStart(options.root, max, new Date(), options.factory);
    if (!plan) throw new Error(`no release installed under ${options.root.root}`);
    options.onStart?.(plan);
    const child = start(plan);
    const outcome = await new Promise<'exited' | 'not_healthy'>((resolve) => {
      let settled = false;
      const timer = setTimeout(async () => {
        const pointer = await readPointer(options.root);
        if (settled) return;
        if (pointer?.version === plan.version && !pointer.confirmed) {
          settled = true;
          child.kill('SIGKILL');
          resolve('not_healthy');
        }
      }, within);
      child.once('exit', () => {
        clearTimeout(timer);
        if (!settled) {
          settled = true;
          resolve('exited');
        }
      });
    });
    const pointer = await readPointer(options.root);
    if (pointer?.version === plan.version && !pointer.confirmed) {
      log.warn({ version: plan.version, outcome }, 'new version did not report healthy');
      countUnconfirmedStart(options.root, plan.version);
    }
  }
}
