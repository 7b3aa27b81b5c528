import { z } from 'zod';

/**
 * A kiosk release, as the central server hosts it and a kiosk takes it (issue 18, "updated over
 * thin links"). The shape is shared by the server's release routes and CLI, the host's updater
 * and a release carried on a USB stick.
 *
 * - A release is a tree of files (the browser-mode deployable: `dist/renderer`, `dist/host`, …).
 *   Its manifest lists every file with its size and SHA-256; the files themselves travel as
 *   content-addressed blobs (`GET /api/v1/releases/blobs/:sha256`, with HTTP Range), so a kiosk
 *   downloads only the files it does not already hold (the differential download) and a cut
 *   link resumes where it stopped.
 * - The manifest's canonical JSON text (src-shared/canonical-json.ts) is signed with Ed25519 by
 *   the release key, which is not the content key; the kiosk pins the release key's public half.
 * - The server offers a release to a kiosk in the answer to its health report; the kiosk tells
 *   how its update went in its next reports.
 */

/** Versions are plain semver without build metadata, compared part by part. */
export const RELEASE_VERSION_PATTERN = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(-[0-9A-Za-z.-]{1,30})?$/;
export const releaseVersionSchema = z.string().regex(RELEASE_VERSION_PATTERN, 'must be a version such as 1.4.2');

/** A path inside the release: relative, forward slashes, no `..`, no hidden or odd characters. */
export const RELEASE_PATH_PATTERN =
  /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_@-][A-Za-z0-9._@+-]*(?:\/[A-Za-z0-9_@-][A-Za-z0-9._@+-]*)*$/;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');

export const releaseFileSchema = z.strictObject({
  path: z.string().max(300).regex(RELEASE_PATH_PATTERN, 'must be a plain relative path'),
  size: z
    .int()
    .min(0)
    .max(512 * 1024 * 1024),
  sha256: sha256Hex,
  /** Executable files (the host's launcher scripts) keep their mode. */
  executable: z.boolean().optional(),
});
export type ReleaseFile = z.infer<typeof releaseFileSchema>;

export const releaseManifestSchema = z
  .strictObject({
    format: z.literal(1),
    product: z.literal('tsonkh-kiosk'),
    version: releaseVersionSchema,
    createdAt: z.iso.datetime({ offset: true }),
    /** The file the launcher starts, relative to the release root (e.g. `host/kiosk-host.mjs`). */
    entry: z.string().max(300).regex(RELEASE_PATH_PATTERN),
    files: z.array(releaseFileSchema).min(1).max(20_000),
  })
  .refine((m) => new Set(m.files.map((f) => f.path)).size === m.files.length, {
    message: 'a path is listed twice',
    path: ['files'],
  })
  .refine((m) => m.files.some((f) => f.path === m.entry), {
    message: 'the entry is not one of the files',
    path: ['entry'],
  });
export type ReleaseManifest = z.infer<typeof releaseManifestSchema>;

/**
 * What travels: the manifest's canonical JSON text as it was signed, and the Ed25519 signature
 * over its UTF-8 bytes (base64). `keyId` names the release key (the first 16 hex digits of the
 * SHA-256 of its raw public key), so a kiosk pinned to another key refuses it before parsing.
 */
export const signedReleaseSchema = z.strictObject({
  manifest: z
    .string()
    .min(2)
    .max(4 * 1024 * 1024),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 Ed25519 signature'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type SignedRelease = z.infer<typeof signedReleaseSchema>;

/** In a health report's answer: the release this kiosk should run, when it is not the one it runs. */
export const releaseOfferSchema = z.strictObject({
  version: releaseVersionSchema,
  /** Where the signed manifest is, relative to the server's base URL. */
  manifestPath: z.string().regex(/^\/api\/v1\/releases\/[0-9A-Za-z.-]{1,50}\/manifest$/),
  /** `pilot`: offered to the pilot group only; `all`: promoted to every kiosk. */
  channel: z.enum(['pilot', 'all']),
});
export type ReleaseOffer = z.infer<typeof releaseOfferSchema>;

/**
 * The folder a release is carried in on a USB stick, with `release.json` (the signed release) and
 * `blobs/<sha256>`: the server's `npm run release -- export` writes it, the kiosk's technician
 * screen takes it and names it to the technician when a stick has none.
 */
export const USB_RELEASE_FOLDER = 'tsonkh-release';

/** Where a kiosk's update stands, in its health report. */
export const UPDATE_STATES = ['idle', 'downloading', 'downloaded', 'installed', 'failed', 'rolled_back'] as const;
export const updateStateSchema = z.enum(UPDATE_STATES);

export const updateReportSchema = z.object({
  state: updateStateSchema,
  /** The version the state is about (the one downloading, installed, failed or rolled back). */
  version: releaseVersionSchema.nullable(),
  /** Bytes fetched so far for that version (a resumed download counts each byte once). */
  bytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Why, for `failed` and `rolled_back`, in a few plain words (no NUL). */
  detail: z
    .string()
    .max(300)
    .refine((t) => !t.includes('\u0000'))
    .optional(),
});
export type UpdateReport = z.infer<typeof updateReportSchema>;

/** Compares two release versions: negative when `a` is older. A pre-release sorts before its release. */
export function compareReleaseVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = RELEASE_VERSION_PATTERN.exec(v);
    if (!m) throw new Error(`not a release version: ${v}`);
    return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4]?.slice(1) };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = x.nums[i]! - y.nums[i]!;
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
