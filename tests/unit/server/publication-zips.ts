import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type ZipOptions } from 'fflate';
import { FIXTURE_CONTENT_DIR } from './helpers.js';

/** A content folder as text files by relative path, to edit before zipping. */
export type FolderFiles = Record<string, string>;

export function fixtureFiles(dir: string = FIXTURE_CONTENT_DIR): FolderFiles {
  const out: FolderFiles = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(name);
      else out[name] = readFileSync(path.join(dir, name), 'utf8');
    }
  };
  walk('');
  return out;
}

/** Edits a JSON file of the folder, writing it back pretty-printed (two spaces) as people do. */
export function editJson<T>(files: FolderFiles, file: string, edit: (json: T) => void): void {
  const json = JSON.parse(files[file]!) as T;
  edit(json);
  files[file] = `${JSON.stringify(json, null, 2)}\n`;
}

/** The 1-based line of the first line of `file` that contains `text`. */
export function lineOf(files: FolderFiles, file: string, text: string, from = 1): number {
  const lines = files[file]!.split('\n');
  const index = lines.findIndex((l, i) => i + 1 >= from && l.includes(text));
  if (index < 0) throw new Error(`${file}: "${text}" not found`);
  return index + 1;
}

/**
 * A zip of the folder, under `top/` when given (as zipping the folder itself does); `raw` files
 * are taken byte for byte (another encoding, a byte-order mark) in place of their text.
 */
export function zipFolder(files: FolderFiles, top?: string, raw: Record<string, Uint8Array> = {}): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) {
    entries[top ? `${top}/${name}` : name] = raw[name] ?? new TextEncoder().encode(text);
  }
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/** A zip of raw entries with options of their own (a symlink, a path of any kind). */
export function zipEntries(entries: Record<string, [Uint8Array, ZipOptions]>): Buffer {
  return Buffer.from(zipSync(entries));
}
