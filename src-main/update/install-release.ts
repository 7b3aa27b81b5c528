import {
  readPointer,
  pruneVersions,
  writePointer,
  hasVersion,
  type ReleaseRoot,
  type CurrentPointer,
} from './release-root.js';
import { UpdateError } from './update-error.js';

/**
 * Installs a staged version: one atomic write of `current.json` naming it, with the version that
 * ran before as `previous` (kept on disk for a rollback). Takes effect at the next start, which
 * the launcher watches: a version that does not report healthy is rolled back (launcher.ts).
 * Versions older than the previous one are removed (newer staged ones stay).
 */
export async function installRelease(
  root: ReleaseRoot,
  version: string,
  now = new Date(),
  /** The version running now, when no release was ever installed (the build the kiosk came with). */
  runningVersion: string | null = null,
): Promise<CurrentPointer> {
  if (!(await hasVersion(root, version))) {
    throw new UpdateError('install_failed', `version ${version} is not staged`);
  }
  const before = await readPointer(root);
  if (before?.version === version) return before;
  const pointer: CurrentPointer = {
    version,
    // The first release installed on a kiosk rolls back to the build it came with (the launcher's
    // factory entry), named by that build's version.
    previous: before?.version ?? runningVersion,
    installedAt: now.toISOString(),
    confirmed: false,
    failedStarts: 0,
    rolledBack: null,
  };
  try {
    await writePointer(root, pointer);
  } catch (error) {
    throw new UpdateError('install_failed', `the switch to ${version} could not be written`, { cause: error });
  }
  await pruneVersions(root, version, new Set(pointer.previous ? [pointer.previous] : []));
  return pointer;
}

/** The running version proved itself (its host started and serves): the launcher stops counting. */
export async function confirmHealthy(root: ReleaseRoot, version: string): Promise<void> {
  const pointer = await readPointer(root);
  if (!pointer || pointer.version !== version || pointer.confirmed) return;
  await writePointer(root, { ...pointer, confirmed: true, failedStarts: 0 });
}
