import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURE_CONTENT_DIR } from './helpers.js';

/** A writable copy of the fixture content folder, for tests that edit files. */
export interface ContentFolderCopy {
  dir: string;
  /** Reads a file of the copy (path relative to the folder, with `/`). */
  read(file: string): Promise<string>;
  write(file: string, text: string): Promise<void>;
  /** Edits a JSON file of the copy in place. */
  editJson<T = unknown>(file: string, edit: (json: T) => T | void): Promise<void>;
  /** Replaces `from` (which must occur) by `to` in a text file of the copy. */
  replace(file: string, from: string | RegExp, to: string): Promise<void>;
  remove(file: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function copyFixtureContent(): Promise<ContentFolderCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'tsonkh-content-'));
  const dir = path.join(root, 'content');
  await cp(FIXTURE_CONTENT_DIR, dir, { recursive: true });
  const full = (file: string) => path.join(dir, ...file.split('/'));
  const copy: ContentFolderCopy = {
    dir,
    read: (file) => readFile(full(file), 'utf8'),
    write: (file, text) => writeFile(full(file), text),
    async editJson<T>(file: string, edit: (json: T) => T | void) {
      const json = JSON.parse(await copy.read(file)) as T;
      await copy.write(file, JSON.stringify(edit(json) ?? json, null, 2));
    },
    async replace(file, from, to) {
      const text = await copy.read(file);
      const next = text.replace(from, to);
      if (next === text) throw new Error(`${file}: ${String(from)} not found`);
      await copy.write(file, next);
    },
    remove: (file) => rm(full(file), { recursive: true, force: true }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  return copy;
}
