import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, chmod, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ReleaseFile, ReleaseManifest } from '../../src-shared/schemas/release.js';
import { createLogger } from '../logger.js';
import type { ReleaseSource } from './release-source.js';
import { hasVersion, readPointer, writeFileAtomic, type ReleaseRoot } from './release-root.js';
import { UpdateError } from './update-error.js';
import { verifySignedRelease } from './verify-release.js';

const log = createLogger('update');

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface DownloadProgress {
  version: string;
  /** Bytes fetched from the source so far (each byte once, resumed downloads included). */
  fetchedBytes: number;
}

export interface DownloadResult {
  version: string;
  manifest: ReleaseManifest;
  /** Bytes fetched by this run (not those a previous, cut run left in staging). */
  fetchedBytes: number;
  /** Files taken from versions already on the kiosk, not fetched. */
  reusedFiles: number;
  fetchedFiles: number;
  /** True when the version was already complete on disk. */
  alreadyStaged: boolean;
}

export interface DownloadOptions {
  root: ReleaseRoot;
  source: ReleaseSource;
  /** The pinned release public key (base64 raw Ed25519). */
  releasePublicKey: string;
  /** The version running now: an offer not newer than it is refused. */
  runningVersion: string | null;
  /**
   * Files this kiosk cannot run a release without (an Electron kiosk: its main, preload and
   * renderer), refused before anything is fetched rather than installed and then not run.
   */
  requiredFiles?: readonly string[];
  /** Folders that already hold release files (the running version's), hashed to reuse them. */
  localDirs?: readonly string[];
  /** How often one file is tried (a cut link continues the part; a hash mismatch starts it again). */
  attemptsPerFile?: number;
  onProgress?: (progress: DownloadProgress) => void;
}

/** Every file under `dir`, by its SHA-256 (the first path found for each hash). */
async function hashTree(dir: string, into: Map<string, string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const sha = await sha256OfFile(full);
    if (!into.has(sha)) into.set(sha, full);
  }
}

/**
 * Takes a release from a source into `versions/<version>/`, never trusting what it is given:
 * the signed manifest is checked against the pinned release key first; then each file the kiosk
 * does not already hold (by hash, among the running version's files) is fetched into a `.part`
 * file, continued with a byte range after a cut, and hashed when whole. A file whose hash does not
 * match is thrown away and fetched again from the start; one that still does not match stops the
 * update. Only a complete version is renamed into `versions/` — an interrupted update leaves
 * nothing the launcher would start.
 */
/** Which of `required` a release's manifest does not list (an Electron kiosk's main, preload, renderer). */
export function missingFiles(manifest: ReleaseManifest, required: readonly string[]): string[] {
  return required.filter((file) => !manifest.files.some((f) => f.path === file));
}

export async function downloadRelease(options: DownloadOptions): Promise<DownloadResult> {
  const { root, source } = options;
  const { signed, manifest } = verifySignedRelease(
    await source.signedRelease(),
    options.releasePublicKey,
    options.runningVersion,
  );
  const version = manifest.version;
  const missing = missingFiles(manifest, options.requiredFiles ?? []);
  if (missing.length > 0) {
    throw new UpdateError('bad_manifest', `release ${version} has no ${missing.join(', ')}: this kiosk cannot run it`);
  }
  if (await hasVersion(root, version)) {
    return { version, manifest, fetchedBytes: 0, reusedFiles: 0, fetchedFiles: 0, alreadyStaged: true };
  }
  const local = new Map<string, string>();
  const pointer = await readPointer(root);
  if (pointer && (await hasVersion(root, pointer.version))) await hashTree(root.versionDir(pointer.version), local);
  for (const dir of options.localDirs ?? []) await hashTree(dir, local);

  const staging = root.stagingDir(version);
  await mkdir(staging, { recursive: true });
  await mkdir(root.blobStaging, { recursive: true });
  let fetchedBytes = 0;
  let reusedFiles = 0;
  let fetchedFiles = 0;
  const attempts = options.attemptsPerFile ?? 5;
  const placed = new Map<string, string>();
  for (const file of manifest.files) {
    const target = path.join(staging, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    const present = await stat(target).catch(() => null);
    if (present?.size === file.size && (await sha256OfFile(target)) === file.sha256) {
      placed.set(file.sha256, target);
      continue;
    }
    const have = placed.get(file.sha256) ?? local.get(file.sha256);
    if (have !== undefined && (await sha256OfFile(have).catch(() => null)) === file.sha256) {
      await copyFile(have, target);
      reusedFiles++;
    } else {
      const withVersion = { ...options, onProgress: (p: DownloadProgress) => options.onProgress?.({ ...p, version }) };
      fetchedBytes += await fetchBlob(withVersion, file, target, attempts, () => fetchedBytes);
      fetchedFiles++;
    }
    if (file.executable) await chmod(target, 0o755);
    placed.set(file.sha256, target);
  }
  await mkdir(root.versionsDir, { recursive: true });
  await rm(root.versionDir(version), { recursive: true, force: true });
  await rename(staging, root.versionDir(version));
  await writeFileAtomic(root.signedReleaseFile(version), JSON.stringify(signed));
  log.info({ version, fetchedBytes, reusedFiles, fetchedFiles, source: source.kind }, 'release staged');
  return { version, manifest, fetchedBytes, reusedFiles, fetchedFiles, alreadyStaged: false };
}

/** Fetches one blob into its `.part`, continuing it after cuts; returns the bytes fetched. */
async function fetchBlob(
  options: DownloadOptions,
  file: ReleaseFile,
  target: string,
  attempts: number,
  soFar: () => number,
): Promise<number> {
  const part = options.root.partFile(file.sha256);
  let fetched = 0;
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let have = (await stat(part).catch(() => null))?.size ?? 0;
    if (have > file.size) {
      await rm(part, { force: true });
      have = 0;
    }
    if (have < file.size) {
      try {
        fetched += await appendFrom(options, file, part, have, (n) =>
          options.onProgress?.({ version: '', fetchedBytes: soFar() + fetched + n }),
        );
      } catch (error) {
        // A cut or a silent link: the bytes so far stay in the part; the next try continues it.
        if (error instanceof UpdateError && error.problem !== 'download_failed') throw error;
        lastError = error;
        const kept = (await stat(part).catch(() => null))?.size ?? 0;
        fetched += Math.max(0, kept - have);
        log.info({ file: file.path, kept, attempt }, 'release file cut off: continuing later');
        continue;
      }
    }
    const size = (await stat(part).catch(() => null))?.size ?? 0;
    if (size < file.size) {
      // The body ended early without an error (a cut the client saw as the end): continue it.
      lastError = new UpdateError('download_failed', `${file.path} ended early`);
      continue;
    }
    if (size === file.size && (await sha256OfFile(part)) === file.sha256) {
      await rename(part, target);
      return fetched;
    }
    // Wrong bytes (a corrupted byte on the way, or more than the manifest says): never installed.
    log.warn({ file: file.path, attempt }, 'release file does not match its hash: fetched again');
    lastError = new UpdateError('hash_mismatch', `${file.path} does not match its hash`);
    await rm(part, { force: true });
  }
  if (lastError instanceof UpdateError) throw lastError;
  throw new UpdateError('download_failed', `${file.path} could not be fetched`, { cause: lastError });
}

/**
 * Appends the blob's bytes from `have` on to the part file; returns how many were written. Bytes
 * the source sends from elsewhere than asked (it ignored the range) restart the part.
 */
async function appendFrom(
  options: DownloadOptions,
  file: ReleaseFile,
  part: string,
  have: number,
  progress: (n: number) => void,
): Promise<number> {
  const { from, body } = await options.source.openBlob(file.sha256, have);
  if (from !== have && from !== 0) throw new UpdateError('download_failed', 'the source answered another range');
  const handle = await open(part, from === 0 ? 'w' : 'a');
  let written = 0;
  try {
    for await (const chunk of body) {
      if (from + written + chunk.byteLength > file.size) {
        throw new UpdateError('hash_mismatch', `${file.path} is longer than its manifest says`);
      }
      await handle.write(chunk);
      written += chunk.byteLength;
      progress(written);
    }
    await handle.sync();
  } catch (error) {
    await handle.sync().catch(() => undefined);
    if (error instanceof UpdateError) {
      if (error.problem === 'hash_mismatch') await rm(part, { force: true });
      if (error.problem !== 'hash_mismatch') throw error;
      return written;
    }
    throw new UpdateError('download_failed', `${file.path} was cut off`, { cause: error });
  } finally {
    await handle.close();
  }
  return written;
}

/** The signed manifest kept beside an installed version. */
export async function readInstalledManifest(root: ReleaseRoot, version: string): Promise<unknown> {
  return JSON.parse(await readFile(root.signedReleaseFile(version), 'utf8')) as unknown;
}
