import { createLogger } from '../logger.js';
import { RELEASE_ROOT_ENV, superviseReleases } from './launcher.js';
import { releaseRoot } from './release-root.js';

/**
 * `node dist/host/kiosk-launcher.mjs` (TSONKH_RELEASE_ROOT=/var/lib/tsonkh/releases): the kiosk's
 * launcher as a process, for a service unit in place of starting the host directly. Starts the
 * version `current.json` names and rolls an unhealthy new one back (launcher.ts).
 * TSONKH_LAUNCHER_MAX_FAILED_STARTS (default 3) and TSONKH_LAUNCHER_HEALTHY_WITHIN_S (default 120)
 * tune it.
 */
const log = createLogger('launcher');
const rootDir = process.env[RELEASE_ROOT_ENV]?.trim();
if (!rootDir) {
  log.fatal(`${RELEASE_ROOT_ENV} must name the releases folder`);
  process.exit(2);
}
const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
try {
  await superviseReleases({
    root: releaseRoot(rootDir),
    maxFailedStarts: positive('TSONKH_LAUNCHER_MAX_FAILED_STARTS', 3),
    healthyWithinMs: positive('TSONKH_LAUNCHER_HEALTHY_WITHIN_S', 120) * 1000,
    onStart: (plan) => log.info({ version: plan.version, rolledBackFrom: plan.rolledBackFrom }, 'starting'),
  });
} catch (error) {
  log.fatal({ err: error }, 'the launcher cannot start a version');
  process.exit(1);
}
