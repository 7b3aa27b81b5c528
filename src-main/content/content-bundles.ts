import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { signedContentPageSchema, type SignedContentPage } from '../../src-shared/protocol.js';
import { BridgeError } from '../bridge/bridge-error.js';

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
});
type Manifest = z.infer<typeof manifestSchema>;

export interface BundleInfo {
  id: string;
  location: string;
  createdAt: string;
  pages: number;
  next: number;
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
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

export function createBundleReader(roots: readonly string[]) {
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
        if (!manifest || manifest.pages.length === 0) continue;
        const id = createHash('sha256').update(dir).digest('hex').slice(0, 24);
        found.set(id, { dir, manifest });
        out.push({
          id,
          location: dir,
          createdAt: manifest.createdAt,
          pages: manifest.pages.length,
          next: manifest.pages.at(-1)!.next,
        });
      }
      return out;
    },

    /** The page continuing from `after`, checked against the manifest's hash; null when there is none. */
    async page(bundleId: string, after: number): Promise<{ signed: SignedContentPage | null; bytes: number }> {
      const bundle = found.get(bundleId);
      if (!bundle) throw new BridgeError('invalid_request', 'unknown bundle: look for bundles again');
      const entry = bundle.manifest.pages.find((p) => p.after === after);
      if (!entry) return { signed: null, bytes: 0 };
      const file = path.resolve(bundle.dir, entry.file);
      if (!file.startsWith(path.resolve(bundle.dir) + path.sep))
        throw new BridgeError('invalid_request', 'bundle page outside its folder');
      let raw: Buffer;
      try {
        raw = await readFile(file);
      } catch {
        throw new BridgeError('invalid_request', `bundle page missing: ${entry.file}`);
      }
      if (createHash('sha256').update(raw).digest('hex') !== entry.sha256) {
        throw new BridgeError('invalid_request', `bundle page damaged (checksum): ${entry.file}`);
      }
      const parsed = signedContentPageSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (!parsed.success) throw new BridgeError('invalid_request', `bundle page unreadable: ${entry.file}`);
      return { signed: parsed.data, bytes: raw.length };
    },
  };
}
