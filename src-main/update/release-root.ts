import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  compareReleaseVersions,
  RELEASE_VERSION_PATTERN,
  releaseVersionSchema,
} from '../../src-shared/schemas/release.js';

/**
 * The kiosk's releases on disk (issue 18), under one root (`TSONKH_RELEASE_ROOT`):
 *
 *     current.json                 which version runs, the one before it, whether it has proved itself
 *     versions/<version>/…         the files of a complete, verified version
 *     versions/<version>.release.json   its signed manifest (a version without one is unfinished)
 *     staging/blobs/<sha256>.part  bytes of a file being downloaded (kept across cuts and restarts)
 *     staging/<version>/…          a version being assembled
 *
 * Installing is writing a new `current.json` (a temporary file renamed over it, so a power cut
 * leaves the old or the new pointer, never half of one); the previous version's folder is kept
 * for a rollback. The launcher (launcher.ts) starts whatever `current.json` names.
 */
export const currentPointerSchema = z.object({
  version: releaseVersionSchema,
  /** The version that ran before; null for the first one installed. */
  previous: releaseVersionSchema.nullable(),
  installedAt: z.string(),
  /** True once this version reported healthy after a start; until then the launcher counts starts. */
  confirmed: z.boolean(),
  /** Starts of this version that did not (yet) report healthy. */
  failedStarts: z.int().min(0),
  /** Set when the launcher rolled back: which version failed, and when. */
  rolledBack: z.object({ version: releaseVersionSchema, at: z.string(), reason: z.string() }).nullable().default(null),
});
export type CurrentPointer = z.infer<typeof currentPointerSchema>;

export function releaseRoot(root: string) {
  const versions = path.join(root, 'versions');
  return {
    root,
    pointer: path.join(root, 'current.json'),
    versionsDir: versions,
    versionDir: (version: string) => path.join(versions, version),
    signedReleaseFile: (version: string) => path.join(versions, `${version}.release.json`),
    stagingDir: (version: string) => path.join(root, 'staging', version),
    partFile: (sha256: string) => path.join(root, 'staging', 'blobs', `${sha256}.part`),
    blobStaging: path.join(root, 'staging', 'blobs'),
  };
}
export type ReleaseRoot = ReturnType<typeof releaseRoot>;

function parsePointer(text: string): CurrentPointer | null {
  const parsed = currentPointerSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

export async function readPointer(root: ReleaseRoot): Promise<CurrentPointer | null> {
  let text: string;
  try {
    text = await readFile(root.pointer, 'utf8');
  } catch {
    return null;
  }
  return parsePointer(text);
}

/**
 * The same, blocking: the Electron release loader must decide what to run before its main script
 * returns (a main loaded later would miss the moment before `ready` that Electron needs).
 */
export function readPointerSync(root: ReleaseRoot): CurrentPointer | null {
  let text: string;
  try {
    text = readFileSync(root.pointer, 'utf8');
  } catch {
    return null;
  }
  return parsePointer(text);
}

/** Writes a small file whole or not at all: temporary file, fsync, rename, fsync of the folder. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } catch {
    // Some filesystems cannot sync a folder; the rename itself is still atomic.
  } finally {
    await dir.close();
  }
}

/** `writeFileAtomic`, blocking (the release loader's, see `readPointerSync`). */
export function writeFileAtomicSync(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } catch {
    // Some filesystems cannot sync a folder; the rename itself is still atomic.
  } finally {
    closeSync(dir);
  }
}

const pointerText = (pointer: CurrentPointer) => `${JSON.stringify(pointer, null, 2)}\n`;

export async function writePointer(root: ReleaseRoot, pointer: CurrentPointer): Promise<void> {
  await writeFileAtomic(root.pointer, pointerText(pointer));
}

export function writePointerSync(root: ReleaseRoot, pointer: CurrentPointer): void {
  writeFileAtomicSync(root.pointer, pointerText(pointer));
}

/** Whether a version is complete on disk (its folder and its signed manifest). */
export async function hasVersion(root: ReleaseRoot, version: string): Promise<boolean> {
  const [dir, manifest] = await Promise.all([
    stat(root.versionDir(version)).catch(() => null),
    stat(root.signedReleaseFile(version)).catch(() => null),
  ]);
  return dir?.isDirectory() === true && manifest?.isFile() === true;
}

export function hasVersionSync(root: ReleaseRoot, version: string): boolean {
  const dir = statSync(root.versionDir(version), { throwIfNoEntry: false });
  const manifest = statSync(root.signedReleaseFile(version), { throwIfNoEntry: false });
  return dir?.isDirectory() === true && manifest?.isFile() === true;
}

/** The signed manifest kept beside an installed version (not yet verified: JSON as it is on disk). */
export function readInstalledManifestSync(root: ReleaseRoot, version: string): unknown {
  return JSON.parse(readFileSync(root.signedReleaseFile(version), 'utf8')) as unknown;
}

/** Removes the versions older than the current one except `keep` (the previous one); newer staged ones stay. */
export async function pruneVersions(root: ReleaseRoot, current: string, keep: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(root.versionsDir).catch(() => [] as string[]);
  for (const name of entries) {
    const version = name.endsWith('.release.json') ? name.slice(0, -'.release.json'.length) : name;
    if (keep.has(version) || !RELEASE_VERSION_PATTERN.test(version)) continue;
    if (compareReleaseVersions(version, current) >= 0) continue;
    await rm(path.join(root.versionsDir, name), { recursive: true, force: true });
  }
}
