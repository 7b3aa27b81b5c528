import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RELEASE_VERSION_PATTERN } from '../../src-shared/schemas/release.js';
import { createLogger } from '../logger.js';
import { launcherSettingsFromEnv, RELEASE_ROOT_ENV, superviseReleases } from './launcher.js';
import { releaseRoot } from './release-root.js';

/**
 * `node dist/host/kiosk-launcher.mjs` (TSONKH_RELEASE_ROOT=/var/lib/tsonkh/releases): the kiosk's
 * launcher as a process, for a service unit in place of starting the host directly. Starts the
 * version `current.json` names and rolls an unhealthy new one back (launcher.ts); before any
 * release is installed it starts the build the kiosk came with (`TSONKH_FACTORY_ENTRY`, default
 * `browser-mode.mjs` beside the launcher; `TSONKH_FACTORY_VERSION`, default 0.0.0-factory), which
 * is also where the first release rolls back to.
 * TSONKH_LAUNCHER_MAX_FAILED_STARTS (default 3) and TSONKH_LAUNCHER_HEALTHY_WITHIN_S (default 120)
 * tune it.
 */
const log = createLogger('launcher');
const rootDir = process.env[RELEASE_ROOT_ENV]?.trim();
if (!rootDir) {
  log.fatal(`${RELEASE_ROOT_ENV} must name the releases folder`);
  process.exit(2);
}
// The build the kiosk was installed with: run before any release, and the first one's rollback.
const factoryEntry =
  process.env.TSONKH_FACTORY_ENTRY?.trim() ||
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'browser-mode.mjs');
const factoryVersion = process.env.TSONKH_FACTORY_VERSION?.trim() || '0.0.0-factory';
if (!RELEASE_VERSION_PATTERN.test(factoryVersion)) {
  log.fatal(`TSONKH_FACTORY_VERSION must be a version such as 1.4.2, got "${factoryVersion}"`);
  process.exit(2);
}
try {
  await superviseReleases({
    root: releaseRoot(rootDir),
    factory: { version: factoryVersion, entry: factoryEntry },
    ...launcherSettingsFromEnv(process.env),
    onStart: (plan) => log.info({ version: plan.version, rolledBackFrom: plan.rolledBackFrom }, 'starting'),
  });
} catch (error) {
  log.fatal({ err: error }, 'the launcher cannot start a version');
  process.exit(1);
}
