import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readdir, realpath, statfs } from 'node:fs/promises';
import path from 'node:path';
import { USB_RELEASE_FOLDER } from '../../src-shared/schemas/release.js';
import { UsbError } from './usb-error.js';

/** A folder the host may write an export to: an import root or a folder up to two levels below it. */
export interface UsbFolder {
  /** Opaque handle: the renderer names a folder by it, never by a path. */
  id: string;
  location: string;
  freeBytes: number;
}

/**
 * The folders inside `dir` a technician may save to: not hidden ones, and not a release on the
 * stick (`tsonkh-release/`), which is for installing, not a place to leave the outbox.
 */
async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== USB_RELEASE_FOLDER)
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

async function writable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The places a technician can write the outbox or a diagnostics bundle to: the config's
 * `importDirs` (where USB sticks are mounted, `/media/<user>/<stick>`) and the writable folders
 * up to two levels below them. The renderer only ever names one by its id, so it cannot make the
 * host write anywhere else.
 */
export function createUsbFolders(roots: readonly string[]) {
  const found = new Map<string, string>();
  return {
    async find(): Promise<UsbFolder[]> {
      found.clear();
      const candidates = new Set<string>();
      for (const root of roots) {
        candidates.add(root);
        for (const a of await subfolders(root)) {
          candidates.add(a);
          for (const b of await subfolders(a)) candidates.add(b);
        }
      }
      const out: UsbFolder[] = [];
      for (const dir of candidates) {
        if (!(await writable(dir))) continue;
        let freeBytes: number;
        try {
          const s = await statfs(dir);
          freeBytes = Number(s.bavail) * Number(s.bsize);
        } catch {
          continue;
        }
        const id = createHash('sha256').update(`out:${dir}`).digest('hex').slice(0, 24);
        found.set(id, dir);
        out.push({ id, location: dir, freeBytes });
      }
      return out;
    },
    /** The folder behind an id from the last `find`, checked to be a real folder still. */
    async resolve(id: string): Promise<string> {
      const dir = found.get(id);
      if (dir === undefined) throw new UsbError('unknown_folder', 'unknown folder: look for USB sticks again');
      try {
        return await realpath(dir);
      } catch {
        throw new UsbError('folder_gone', 'the USB stick is gone: look for USB sticks again');
      }
    },
  };
}
