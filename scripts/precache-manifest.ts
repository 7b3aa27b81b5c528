import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  manifestFor,
  sha256Hex,
  type PrecacheEntry,
  type PrecacheManifest,
} from '../src-renderer/ui-update/precache.js';

export const UI_WORKER_FILE = 'sw.js';

/** The worker's manifest slot: the build's placeholder, or a manifest written before. */
const SLOT = /([`"'])__TSONKH_PRECACHE_MANIFEST__\1|"\{\\"version\\":(?:[^"\\]|\\.)*"/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
}

/**
 * Writes the list of a renderer folder's files, each with its SHA-256, into its sw.js (the
 * service worker, src-renderer/ui-update/service-worker.ts): run by the build after bundling the
 * worker, so that a new renderer build is a new worker, which the browser finds by itself.
 */
export async function writePrecacheManifest(rendererDir: string): Promise<PrecacheManifest> {
  const worker = path.join(rendererDir, UI_WORKER_FILE);
  const files: PrecacheEntry[] = [];
  for (const file of await filesUnder(rendererDir)) {
    if (file === worker) continue;
    const url = `/${path.relative(rendererDir, file).split(path.sep).join('/')}`;
    files.push({ url, revision: await sha256Hex(new Uint8Array(await readFile(file))) });
  }
  const manifest = await manifestFor(files);
  const code = await readFile(worker, 'utf8');
  if (!SLOT.test(code)) throw new Error(`${worker}: no manifest slot to fill`);
  await writeFile(worker, code.replace(SLOT, JSON.stringify(JSON.stringify(manifest))));
  return manifest;
}
