import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { RELEASE_PATH_PATTERN, type ReleaseFile } from '../../src-shared/schemas/release.js';

/** The SHA-256 of a file, streamed (release files run to megabytes). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Never part of a release: source maps, hidden files, editor leftovers. */
const SKIPPED = /(?:^|\/)\.|\.map$/;

/**
 * Every file under `root`, sorted by path, with its size and SHA-256 (the manifest's `files`).
 * Symbolic links and odd names are refused: a release is plain files only.
 */
export async function listReleaseFiles(root: string): Promise<ReleaseFile[]> {
  const files: ReleaseFile[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (SKIPPED.test(rel)) continue;
      if (entry.isDirectory()) {
        await walk(full);
        continue;
      }
      const info = await lstat(full);
      if (!info.isFile()) throw new Error(`${rel}: not a plain file (links are not allowed in a release)`);
      if (!RELEASE_PATH_PATTERN.test(rel)) throw new Error(`${rel}: not a name a release may hold`);
      const file: ReleaseFile = { path: rel, size: info.size, sha256: await sha256File(full) };
      if ((info.mode & 0o111) !== 0) file.executable = true;
      files.push(file);
    }
  }
  await walk(root);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Where a blob lives in a blob store: `<store>/ab/abcdef…` (two-digit fan-out). */
export function blobPath(store: string, sha256: string): string {
  return path.join(store, sha256.slice(0, 2), sha256);
}

/**
 * Copies each file into the content-addressed store unless a blob of that hash is already there
 * (earlier releases share most files). Written to a temporary name and renamed, so a crash never
 * leaves a short blob under a real hash. Returns how many blobs were new.
 */
export async function storeBlobs(root: string, files: readonly ReleaseFile[], store: string): Promise<number> {
  let added = 0;
  for (const file of files) {
    const target = blobPath(store, file.sha256);
    const present = await stat(target).catch(() => null);
    if (present?.size === file.size) continue;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    await copyFile(path.join(root, ...file.path.split('/')), temp);
    if ((await sha256File(temp)) !== file.sha256) {
      await rm(temp, { force: true });
      throw new Error(`${file.path} changed while it was being published`);
    }
    await rename(temp, target);
    added++;
  }
  return added;
}
