import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { PUBLICATION_ZIP_LIMITS } from '../../src-shared/console/publish-api.js';

/** The zip was refused as a whole before its content was looked at; `message` says why, in words. */
export class ZipRefusedError extends Error {
  override readonly name = 'ZipRefusedError';
}

export type ZipLimits = typeof PUBLICATION_ZIP_LIMITS;

/** Unix file types in the high half of a zip entry's external attributes (made on Unix). */
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** "Version made by" 3 = Unix: only then do the external attributes carry a file type. */
const MADE_ON_UNIX = 3;

/**
 * The files of an uploaded content-folder zip, by relative path with `/` (a zip of the folder
 * itself, `content/services.json…`, loses its one top folder). Refused with a worded
 * `ZipRefusedError` before anything is kept when it is not a zip, holds more than
 * `maxEntries` entries, a path that is absolute or leaves the folder (`..`), too deep, twice
 * the same name, a symlink or other non-regular file, an encrypted entry, or more bytes than
 * the limits once uncompressed (checked against both the sizes the zip declares and the bytes
 * actually inflated, so a zip bomb that lies about its sizes stops at the limit too).
 * macOS's `__MACOSX/` resource folders are skipped.
 */
export async function readContentZip(
  zip: Buffer,
  limits: ZipLimits = PUBLICATION_ZIP_LIMITS,
): Promise<Map<string, Uint8Array>> {
  if (zip.length > limits.maxZipBytes) {
    throw new ZipRefusedError(`the zip is larger than ${mb(limits.maxZipBytes)}`);
  }
  const zipfile = await openZip(zip);
  try {
    if (zipfile.entryCount > limits.maxEntries) {
      throw new ZipRefusedError(
        `the zip holds ${zipfile.entryCount} entries; a content folder has at most ${limits.maxEntries}`,
      );
    }
    const files = new Map<string, Uint8Array>();
    const seen = new Set<string>();
    let total = 0;
    for (;;) {
      const entry = await nextEntry(zipfile);
      if (!entry) break;
      const name = entry.fileName;
      checkName(name, limits);
      const key = name.replace(/\/+$/, '');
      if (seen.has(key)) throw new ZipRefusedError(`"${name}" is in the zip twice`);
      seen.add(key);
      if (key.split('/')[0] === '__MACOSX') continue;
      const type = fileType(entry);
      if (type === 'symlink')
        throw new ZipRefusedError(`"${name}" is a symbolic link; a content folder holds files only`);
      if (type === 'other')
        throw new ZipRefusedError(`"${name}" is not a regular file; a content folder holds files only`);
      if (type === 'directory' || name.endsWith('/')) continue;
      if (entry.isEncrypted()) throw new ZipRefusedError(`"${name}" is encrypted; upload a zip without a password`);
      if (entry.uncompressedSize > limits.maxFileBytes) {
        throw new ZipRefusedError(`"${name}" is larger than ${mb(limits.maxFileBytes)} uncompressed`);
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        throw new ZipRefusedError(`the files in the zip are larger than ${mb(limits.maxTotalBytes)} uncompressed`);
      }
      files.set(key, await readEntry(zipfile, entry, Math.min(limits.maxFileBytes, entry.uncompressedSize)));
    }
    return stripTopFolder(files);
  } finally {
    zipfile.close();
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function checkName(name: string, limits: ZipLimits): void {
  // yauzl has already refused absolute paths and `..` (validateFileName); these are ours.
  if (name.includes('\0')) throw new ZipRefusedError('a name in the zip holds a NUL character');
  const parts = name.replace(/\/+$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new ZipRefusedError(`"${name}" is not a plain relative path inside the folder`);
  }
  if (parts.length > limits.maxDepth) {
    throw new ZipRefusedError(`"${name}" is deeper than ${limits.maxDepth} folders`);
  }
}

function fileType(entry: Entry): 'file' | 'directory' | 'symlink' | 'other' {
  const madeBy = entry.versionMadeBy >> 8;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (madeBy !== MADE_ON_UNIX || mode === 0) return entry.fileName.endsWith('/') ? 'directory' : 'file';
  if (mode === S_IFREG) return 'file';
  if (mode === S_IFDIR) return 'directory';
  if (mode === S_IFLNK) return 'symlink';
  return 'other';
}

/** `content/services.json`, `content/laws/…` → `services.json`, `laws/…` when every file is in one top folder. */
function stripTopFolder(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const tops = new Set([...files.keys()].map((k) => (k.includes('/') ? k.split('/')[0]! : '')));
  if (tops.size !== 1 || tops.has('')) return files;
  const [top] = tops;
  const known = ['services.json', 'forms.json', 'categories.json', 'petition-categories.json', 'places.json', 'laws'];
  if (known.includes(top!)) return files;
  return new Map([...files].map(([k, v]) => [k.slice(top!.length + 1), v]));
}

function openZip(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, zipfile) => {
      if (err || !zipfile) reject(new ZipRefusedError(`the file is not a readable zip: ${err?.message ?? 'empty'}`));
      else resolve(zipfile);
    });
  });
}

function nextEntry(zipfile: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zipfile.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new ZipRefusedError(`the zip is refused: ${err.message}`));
    };
    zipfile.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zipfile.readEntry();
  });
}

/** The entry's bytes; more than `cap` (a size the zip lied about) is refused as it inflates. */
function readEntry(zipfile: ZipFile, entry: Entry, cap: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zipfile.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new ZipRefusedError(`"${entry.fileName}" cannot be read: ${err?.message ?? 'no data'}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > cap) {
          stream.destroy();
          reject(new ZipRefusedError(`"${entry.fileName}" inflates to more than the size the zip declares`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) => reject(new ZipRefusedError(`"${entry.fileName}" is damaged: ${e.message}`)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
