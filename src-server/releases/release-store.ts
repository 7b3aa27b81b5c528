import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import {
  compareReleaseVersions,
  releaseManifestSchema,
  releaseVersionSchema,
  RELEASE_VERSION_PATTERN,
  type ReleaseManifest,
  type ReleaseOffer,
  type SignedRelease,
  USB_RELEASE_FOLDER,
} from '../../src-shared/schemas/release.js';
import type { Database } from '../db/database.js';
import { blobPath, listReleaseFiles, storeBlobs } from './release-files.js';
import { signReleaseText, type ReleaseSigningKey } from './release-key.js';

/**
 * Kiosk releases on the server (issue 18): published from a folder by the CLI (`npm run release`),
 * signed there with the release key, the files kept as content-addressed blobs under
 * `<dataDir>/releases/blobs/` and one `releases` row per version (migration 0018). A new release
 * is `pilot`: offered only to the kiosks of the pilot group; `promote` offers it to every kiosk.
 * The offer rides on the answer to a kiosk's health report (`offerFor`).
 */

export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';
  constructor(
    readonly code: 'invalid_version' | 'exists' | 'not_found' | 'invalid_release' | 'unknown_kiosk',
    message: string,
  ) {
    super(message);
  }
}

/** The blob store under the server's data folder. */
export const releaseBlobDir = (dataDir: string) => path.join(dataDir, 'releases', 'blobs');

/** The file the launcher starts, unless `--entry` says otherwise. */
export const DEFAULT_RELEASE_ENTRY = 'host/browser-mode.mjs';

export interface PublishedRelease {
  version: string;
  channel: 'pilot' | 'all';
  totalBytes: number;
  fileCount: number;
  newBlobs: number;
  keyId: string;
}

/** Builds the manifest of `dir`, signs it, stores its blobs and its row (channel `pilot`). */
export async function publishRelease(
  db: Database,
  input: {
    dir: string;
    version: string;
    key: ReleaseSigningKey;
    blobDir: string;
    by: string;
    entry?: string;
    now?: Date;
  },
): Promise<PublishedRelease> {
  if (!releaseVersionSchema.safeParse(input.version).success) {
    throw new ReleaseError('invalid_version', `"${input.version}" is not a version such as 1.4.2`);
  }
  const existing = await db
    .selectFrom('releases')
    .select('version')
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (existing) throw new ReleaseError('exists', `version ${input.version} is already published`);
  const now = input.now ?? new Date();
  const files = await listReleaseFiles(input.dir);
  const parsed = releaseManifestSchema.safeParse({
    format: 1,
    product: 'tsonkh-kiosk',
    version: input.version,
    createdAt: now.toISOString(),
    entry: input.entry ?? DEFAULT_RELEASE_ENTRY,
    files,
  });
  if (!parsed.success) {
    throw new ReleaseError(
      'invalid_release',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; '),
    );
  }
  const manifest = canonicalJson(parsed.data);
  const signature = signReleaseText(manifest, input.key);
  const newBlobs = await storeBlobs(input.dir, parsed.data.files, input.blobDir);
  const totalBytes = parsed.data.files.reduce((sum, f) => sum + f.size, 0);
  await db
    .insertInto('releases')
    .values({
      version: input.version,
      manifest,
      signature,
      key_id: input.key.keyId,
      total_bytes: totalBytes,
      file_count: parsed.data.files.length,
      channel: 'pilot',
      published_at: now.toISOString(),
      published_by: input.by,
      promoted_at: null,
    })
    .execute();
  return {
    version: input.version,
    channel: 'pilot',
    totalBytes,
    fileCount: parsed.data.files.length,
    newBlobs,
    keyId: input.key.keyId,
  };
}

/** Offers a published release to every kiosk. */
export async function promoteRelease(db: Database, version: string, now = new Date()): Promise<void> {
  const result = await db
    .updateTable('releases')
    .set({ channel: 'all', promoted_at: now.toISOString() })
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ReleaseError('not_found', `no release ${version}`);
}

export async function addPilot(db: Database, kioskCode: string, now = new Date()): Promise<void> {
  const kiosk = await db.selectFrom('kiosks').select('id').where('kiosk_code', '=', kioskCode).executeTakeFirst();
  if (!kiosk) throw new ReleaseError('unknown_kiosk', `no kiosk ${kioskCode}`);
  await db
    .insertInto('release_pilots')
    .values({ kiosk_code: kioskCode, added_at: now.toISOString() })
    .onConflict((oc) => oc.column('kiosk_code').doNothing())
    .execute();
}

export async function removePilot(db: Database, kioskCode: string): Promise<boolean> {
  const result = await db.deleteFrom('release_pilots').where('kiosk_code', '=', kioskCode).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listPilots(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('release_pilots').select('kiosk_code').orderBy('kiosk_code').execute();
  return rows.map((r) => r.kiosk_code);
}

export interface ReleaseSummary {
  version: string;
  channel: 'pilot' | 'all';
  totalBytes: number;
  fileCount: number;
  publishedAt: string;
  promotedAt: string | null;
}

export async function listReleases(db: Database): Promise<ReleaseSummary[]> {
  const rows = await db
    .selectFrom('releases')
    .select(['version', 'channel', 'total_bytes', 'file_count', 'published_at', 'promoted_at'])
    .execute();
  return rows
    .map((r) => ({
      version: r.version,
      channel: r.channel === 'all' ? ('all' as const) : ('pilot' as const),
      totalBytes: Number(r.total_bytes),
      fileCount: Number(r.file_count),
      publishedAt: r.published_at,
      promotedAt: r.promoted_at,
    }))
    .sort((a, b) => compareReleaseVersions(b.version, a.version));
}

/** The signed manifest of a version, as it travels; null: no such release. */
export async function signedRelease(db: Database, version: string): Promise<SignedRelease | null> {
  const row = await db
    .selectFrom('releases')
    .select(['manifest', 'signature', 'key_id'])
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? { manifest: row.manifest, signature: row.signature, keyId: row.key_id } : null;
}

/** The manifest of a version, parsed (the server wrote it; used by tools and tests). */
export async function releaseManifest(db: Database, version: string): Promise<ReleaseManifest | null> {
  const signed = await signedRelease(db, version);
  return signed ? releaseManifestSchema.parse(JSON.parse(signed.manifest)) : null;
}

/**
 * The release a kiosk should be offered: the newest one it may have (every promoted release; the
 * pilot ones too for a pilot kiosk), when that is newer than the version it runs. A kiosk whose
 * version is not a release version (a developer's build) is offered nothing.
 */
export async function offerFor(db: Database, kioskCode: string, runningVersion: string): Promise<ReleaseOffer | null> {
  if (!RELEASE_VERSION_PATTERN.test(runningVersion)) return null;
  const rows = await db
    .selectFrom('releases')
    .select(['version', 'channel'])
    .where((eb) =>
      eb.or([
        eb('channel', '=', 'all'),
        eb.exists(eb.selectFrom('release_pilots').select('kiosk_code').where('kiosk_code', '=', kioskCode)),
      ]),
    )
    .execute();
  let best: { version: string; channel: string } | null = null;
  for (const row of rows) {
    if (compareReleaseVersions(row.version, runningVersion) <= 0) continue;
    if (best === null || compareReleaseVersions(row.version, best.version) > 0) best = row;
  }
  if (best === null) return null;
  return {
    version: best.version,
    manifestPath: `/api/v1/releases/${best.version}/manifest`,
    channel: best.channel === 'all' ? 'all' : 'pilot',
  };
}

/**
 * Writes a release for a USB stick: `<target>/tsonkh-release/release.json` (the signed manifest)
 * and `blobs/<sha256>`, which the kiosk's technician screen takes and verifies as a download.
 */
export async function exportRelease(
  db: Database,
  version: string,
  blobDir: string,
  target: string,
): Promise<{ dir: string; files: number }> {
  const signed = await signedRelease(db, version);
  if (!signed) throw new ReleaseError('not_found', `no release ${version}`);
  const manifest = releaseManifestSchema.parse(JSON.parse(signed.manifest));
  const dir = path.join(target, USB_RELEASE_FOLDER);
  await mkdir(path.join(dir, 'blobs'), { recursive: true });
  for (const sha of new Set(manifest.files.map((f) => f.sha256))) {
    await copyFile(blobPath(blobDir, sha), path.join(dir, 'blobs', sha));
  }
  await writeFile(path.join(dir, 'release.json'), JSON.stringify(signed));
  return { dir, files: manifest.files.length };
}
