import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  contentChangesQuerySchema,
  PROTOCOL_VERSION,
  signedContentPageSchema,
  type ProtocolVersion,
} from '../../src-shared/protocol.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import type { Database } from '../db/database.js';
import { latestSeq, readProtocolPage } from './changes-page.js';
import { signPage, verifySignedPage, type ContentSigningKey } from './signing.js';
import { signedKioskReturnSchema } from '../../src-shared/usb/kiosk-return.js';
import { buildKioskReturn, verifyKioskReturn } from '../usb/kiosk-return.js';

export const BUNDLE_FORMAT = 'tsonkh-content-bundle';
export const MANIFEST_FILE = 'manifest.json';
const PAGES_DIR = 'pages';
const KIOSKS_DIR = 'kiosks';

/** `<bundle>/manifest.json`: which signed page files to apply, in order, with their hashes. */
export const bundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  /** The key that signed every page. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  createdAt: z.iso.datetime({ offset: true }),
  pages: z.array(
    z.object({
      /** `pages/000001.json`: relative, always inside the bundle. */
      file: z.string().regex(/^pages\/\d{6}\.json$/),
      after: z.int().min(0),
      next: z.int().min(0),
      /** Hex SHA-256 of the file's bytes. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  /**
   * Issue 17, "Sneakernet both ways": for each kiosk named with `--kiosk`, its acks and status
   * changes (`kiosks/<code>.json`, a SignedKioskReturn). Older kiosks ignore the member.
   */
  kioskReturns: z
    .array(
      z.object({
        file: z.string().regex(/^kiosks\/\d{4}\.json$/),
        kioskCode: z.string().regex(/^\d{4}$/),
        acks: z.int().min(0),
        statusChanges: z.int().min(0),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .optional(),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

export interface ExportOptions {
  /** Start after this sequence number (0: everything). */
  after?: number;
  /** Bytes per page (as `maxBytes` of the changes query). */
  maxBytes?: number;
  /** Changes per page. */
  limit?: number;
  /** Replace the bundle in a non-empty folder. */
  force?: boolean;
  now?: Date;
  /** Kiosks whose acks and status changes go back on this bundle. */
  kiosks?: readonly string[];
  /** The protocol of the kiosks it is for (default: the current one; 1 for kiosks not yet updated). */
  protocol?: ProtocolVersion;
}

/**
 * Writes the signed content pages after `after` as a bundle for a USB stick: `pages/000001.json`…
 * (each a SignedContentPage, exactly what the server would send) and then `manifest.json`, so a
 * half-written bundle has no manifest. Every file is flushed to disk before the next. The pages
 * are cut at the newest sequence number when the export starts, so the last page has
 * `more: false`. Refuses a non-empty folder unless `force` (which replaces `pages/` and the
 * manifest and leaves other files alone).
 */
export async function exportContentBundle(
  db: Database,
  key: ContentSigningKey,
  outDir: string,
  options: ExportOptions = {},
): Promise<BundleManifest> {
  const defaults = contentChangesQuerySchema.parse({});
  const {
    after = 0,
    maxBytes = defaults.maxBytes,
    limit = 1000,
    force = false,
    now = new Date(),
    kiosks = [],
    protocol = PROTOCOL_VERSION,
  } = options;
  await prepareFolder(outDir, force);
  const latest = await latestSeq(db);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    keyId: key.keyId,
    createdAt: now.toISOString(),
    pages: [],
  };
  await mkdir(path.join(outDir, PAGES_DIR), { recursive: true });
  let cursor = after;
  for (;;) {
    const page = await readProtocolPage(db, protocol, { after: cursor, limit, maxBytes, latest }, now.toISOString());
    if (page.changes.length === 0) break;
    const bytes = Buffer.from(JSON.stringify(signPage(page, key)), 'utf8');
    const file = `${PAGES_DIR}/${String(manifest.pages.length + 1).padStart(6, '0')}.json`;
    await writeDurably(path.join(outDir, file), bytes);
    manifest.pages.push({ file, after: page.after, next: page.next, sha256: sha256Hex(bytes) });
    cursor = page.next;
    if (!page.more) break;
  }
  if (kiosks.length > 0) {
    manifest.kioskReturns = [];
    await mkdir(path.join(outDir, KIOSKS_DIR), { recursive: true });
    for (const kioskCode of kiosks) {
      const signed = await buildKioskReturn(db, kioskCode, key, now);
      const bytes = Buffer.from(JSON.stringify(signed), 'utf8');
      const file = `${KIOSKS_DIR}/${kioskCode}.json`;
      await writeDurably(path.join(outDir, file), bytes);
      manifest.kioskReturns.push({
        file,
        kioskCode,
        acks: signed.body.acks.length,
        statusChanges: signed.body.statusChanges.length,
        sha256: sha256Hex(bytes),
      });
    }
  }
  await writeDurably(path.join(outDir, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  return manifest;
}

async function prepareFolder(outDir: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(outDir, { recursive: true });
    return;
  }
  if (entries.length === 0) return;
  if (!force) {
    throw new BundleError(`${outDir} is not empty; choose an empty folder or pass --force to replace its bundle`);
  }
  await rm(path.join(outDir, PAGES_DIR), { recursive: true, force: true });
  await rm(path.join(outDir, KIOSKS_DIR), { recursive: true, force: true });
  await rm(path.join(outDir, MANIFEST_FILE), { force: true });
}

async function writeDurably(file: string, bytes: Buffer): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface BundleCheck {
  manifest?: BundleManifest;
  /** Changes in all pages. */
  changes: number;
  /** Bytes of all page files. */
  bytes: number;
  problems: string[];
}

/**
 * Checks a bundle as a kiosk would before applying it: the manifest, each file's hash, each
 * page's signature (with `publicKey`, base64 raw) and key id, and that the pages form one
 * unbroken chain of cursors ending with `more: false`.
 */
export async function verifyContentBundle(dir: string, publicKey: string): Promise<BundleCheck> {
  const check: BundleCheck = { changes: 0, bytes: 0, problems: [] };
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (err) {
    check.problems.push(`${MANIFEST_FILE}: ${(err as Error).message}`);
    return check;
  }
  const parsed = bundleManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    check.problems.push(`${MANIFEST_FILE}: ${formatZodIssues(parsed.error)}`);
    return check;
  }
  const manifest = parsed.data;
  check.manifest = manifest;
  let cursor: number | undefined;
  for (const [i, entry] of manifest.pages.entries()) {
    const problem = (message: string) => check.problems.push(`${entry.file}: ${message}`);
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, entry.file));
    } catch (err) {
      problem((err as Error).message);
      continue;
    }
    check.bytes += bytes.length;
    if (sha256Hex(bytes) !== entry.sha256) problem('SHA-256 does not match the manifest');
    let signed;
    try {
      signed = signedContentPageSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch (err) {
      problem(`not a signed content page: ${(err as Error).message}`);
      continue;
    }
    check.changes += signed.page.changes.length;
    if (signed.keyId !== manifest.keyId) problem(`signed by key ${signed.keyId}, manifest says ${manifest.keyId}`);
    if (!verifySignedPage(signed, publicKey)) problem('signature does not verify with the given public key');
    if (signed.page.after !== entry.after || signed.page.next !== entry.next) {
      problem(`page is ${signed.page.after}→${signed.page.next}, manifest says ${entry.after}→${entry.next}`);
    }
    if (cursor !== undefined && signed.page.after !== cursor)
      problem(`starts after ${signed.page.after}, not ${cursor}`);
    if (i === manifest.pages.length - 1 && signed.page.more) problem('the last page says more changes follow');
    cursor = signed.page.next;
  }
  for (const entry of manifest.kioskReturns ?? []) {
    const problem = (message: string) => check.problems.push(`${entry.file}: ${message}`);
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, entry.file));
    } catch (err) {
      problem((err as Error).message);
      continue;
    }
    if (sha256Hex(bytes) !== entry.sha256) problem('SHA-256 does not match the manifest');
    const signed = signedKioskReturnSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!signed.success) {
      problem(`not a signed kiosk return: ${formatZodIssues(signed.error)}`);
      continue;
    }
    if (signed.data.body.kioskCode !== entry.kioskCode) problem(`made for kiosk ${signed.data.body.kioskCode}`);
    if (!verifyKioskReturn(signed.data, publicKey)) problem('signature does not verify with the given public key');
  }
  return check;
}
