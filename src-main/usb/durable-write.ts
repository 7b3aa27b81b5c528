import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a whole file on a stick so that it is either there complete or not at all: a temp name,
 * fsync, rename, fsync of the folder. A stick pulled out halfway leaves only a `.part` file that
 * nothing reads. The file is readable by the owner only: it leaves the kiosk, but not for others
 * on it.
 */
export async function writeFileWhole(dir: string, name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  const part = `${file}.part`;
  try {
    const handle = await open(part, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, file);
  } catch (error) {
    await rm(part, { force: true }).catch(() => undefined);
    throw error;
  }
  const folder = await open(dir, 'r').catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
  return file;
}

/** `20261204T031500Z`: a file-name-safe UTC time. */
export function fileStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
