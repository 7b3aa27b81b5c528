import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { signedContentPageSchema, type SignedContentPage } from '../../src-shared/protocol.js';
import { signedKioskReturnSchema, type SignedKioskReturn } from '../../src-shared/usb/kiosk-return.js';
import { ContentBundleError } from './content-bundle-error.js';

/**
 * Signed content bundles a technician brings on a USB stick (`npm run export-content`).
 * The host only finds and reads them; the renderer verifies every page exactly as it verifies
 * a network sync, so a bundle is trusted no more than the network is.
 */
const manifestSchema = z.object({
  format: z.literal('tsonkh-content-bundle'),
  version: z.literal(1),
  keyId: z.string(),
  createdAt: z.string(),
  pages: z.array(z.object({ file: z.string(), after: z.int().min(0), next: z.int().min(0), sha256: z.string() })),
  kioskReturns: z.array(z.object({ file: z.string(), kioskCode: z.string(), sha256: z.string() })).optional(),
});
type Manifest = z.infer<typeof manifestSchema>;

export interface BundleInfo {
  id: string;
  location: string;
  createdAt: string;
  pages: number;
  next: number;
  forThisKiosk?: boolean;
}

/** Bounds on what a USB stick can make the host read. */
export const MAX_BUNDLE_PAGE_BYTES = 16 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 1024 * 1024;

class BundleFileError extends Error {
  override name = 'BundleFileError';
}

/**
 * Reads a file of a bundle: only a regular file (never a link, a device or a pipe) that really
 * lies inside the bundle's folder, and no bigger than `maxBytes`. A stick's link to /dev/zero or
 * to /etc/hostname is refused before a byte is read; errors never carry the file's contents.
 */
async function readBundleFile(bundleDir: string, name: string, maxBytes: number): Promise<Buffer> {
  const root = await realpath(bundleDir);
  const file = path.resolve(root, name);
  if (!file.startsWith(root + path.sep)) throw new BundleFileError('outside its folder');
  // Every folder on the way must be the folder itself, not a link elsewhere.
  const parent = await realpath(path.dirname(file)).catch(() => null);
  if (parent === null) throw new BundleFileError('missing');
  if (parent !== root && !parent.startsWith(root + path.sep)) throw new BundleFileError('outside its folder');
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleFileError(code === 'ELOOP' ? 'a link, not a file' : 'missing');
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BundleFileError('not a regular file');
    if (info.size > maxBytes) throw new BundleFileError(`larger than ${maxBytes} bytes`);
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const raw = await readBundleFile(dir, 'manifest.json', MAX_MANIFEST_BYTES);
    const parsed = manifestSchema.safeParse(JSON.parse(raw.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/** A kiosk's return file: acks and status changes for many submissions, still far below this. */
const MAX_RETURN_BYTES = 64 * 1024 * 1024;

/** `kioskCode`: this kiosk's, so a bundle carrying only its acks and statuses is found too. */
export function createBundleReader(roots: readonly string[], kioskCode?: string) {
  const found = new Map<string, { dir: string; manifest: Manifest }>();

  return {
    /** Looks in each root and up to two folder levels below it (`/media/<user>/<stick>/<bundle>`). */
    async find(): Promise<BundleInfo[]> {
      found.clear();
      const candidates = new Set<string>();
      for (const root of roots) {
        candidates.add(root);
        for (const a of await subfolders(root)) {
          candidates.add(a);
          for (const b of await subfolders(a)) {
            candidates.add(b);
            for (const c of await subfolders(b)) candidates.add(c);
          }
        }
      }
      const out: BundleInfo[] = [];
      for (const dir of candidates) {
        const manifest = await readManifest(dir);
        const forThisKiosk = manifest?.kioskReturns?.some((r) => r.kioskCode === kioskCode) === true;
        if (!manifest || (manifest.pages.length === 0 && !forThisKiosk)) continue;
        const id = createHash('sha256').update(dir).digest('hex').slice(0, 24);
        found.set(id, { dir, manifest });
        out.push({
          id,
          location: dir,
          createdAt: manifest.createdAt,
          pages: manifest.pages.length,
          next: manifest.pages.at(-1)?.next ?? 0,
          ...(forThisKiosk ? { forThisKiosk } : {}),
        });
      }
      return out;
    },

    /** This kiosk's return file of the bundle, checked against the manifest's hash; null when it has none. */
    async kioskReturn(bundleId: string): Promise<SignedKioskReturn | null> {
      const bundle = found.get(bundleId);
      if (!bundle) throw new ContentBundleError('unknown_bundle', 'unknown bundle: look for bundles again');
      const entry = bundle.manifest.kioskReturns?.find((r) => r.kioskCode === kioskCode);
      if (!entry) return null;
      let raw: Buffer;
      try {
        raw = await readBundleFile(bundle.dir, entry.file, MAX_RETURN_BYTES);
      } catch (error) {
        const why = error instanceof BundleFileError ? error.message : 'cannot be read';
        throw new ContentBundleError('page_unreadable', `bundle file ${why}: ${entry.file}`);
      }
      if (createHash('sha256').update(raw).digest('hex') !== entry.sha256) {
        throw new ContentBundleError('page_damaged', `bundle file damaged (checksum): ${entry.file}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = signedKioskReturnSchema.safeParse(json);
      if (!parsed.success || parsed.data.body.kioskCode !== kioskCode)
        throw new ContentBundleError('page_unreadable', `bundle file unreadable: ${entry.file}`);
      return parsed.data;
    },

    /** The page continuing from `after`, checked against the manifest's hash; null when there is none. */
    async page(bundleId: string, after: number): Promise<{ signed: SignedContentPage | null; bytes: number }> {
      const bundle = found.get(bundleId);
      if (!bundle) throw new ContentBundleError('unknown_bundle', 'unknown bundle: look for bundles again');
      const entry = bundle.manifest.pages.find((p) => p.after === after);
      if (!entry) return { signed: null, bytes: 0 };
      let raw: Buffer;
      try {
        raw = await readBundleFile(bundle.dir, entry.file, MAX_BUNDLE_PAGE_BYTES);
      } catch (error) {
        const why = error instanceof BundleFileError ? error.message : 'cannot be read';
        throw new ContentBundleError('page_unreadable', `bundle page ${why}: ${entry.file}`);
      }
      if (createHash('sha256').update(raw).digest('hex') !== entry.sha256) {
        throw new ContentBundleError('page_damaged', `bundle page damaged (checksum): ${entry.file}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = signedContentPageSchema.safeParse(json);
      if (!parsed.success) throw new ContentBundleError('page_unreadable', `bundle page unreadable: ${entry.file}`);
      return { signed: parsed.data, bytes: raw.length };
    },
  };
}
