import { z } from 'zod';

/**
 * Publishing content from the console (`/console/api/publications…`): upload a content folder
 * as a zip, see every problem by file and line or a preview of what would change, publish exactly
 * that preview with a change note, read the history, and publish a past publication again.
 *
 * 1. `POST /console/api/publications/preview` — body: the zip itself (`Content-Type:
 *    application/zip`, at most `PUBLICATION_ZIP_LIMITS.maxZipBytes`), optional `?name=` (the
 *    file's name, kept in the history). Answers 200 `PublicationPreview`, or 422
 *    `PublicationRefused` (the folder's problems, each by file and line), or 400/413/415 with a
 *    worded reason when the zip itself is refused (not a zip, too big, too many entries, a path
 *    leaving the folder, a symlink, an encrypted entry…).
 * 2. `POST /console/api/publications/:id/republish` — no body: a preview that would make the
 *    published content equal to publication `:id`'s snapshot again (same answer as 1).
 * 3. `POST /console/api/publications` — JSON `PublishRequest` (the preview's id and hash, and
 *    a change note): publishes exactly what was previewed. 201 `Publication`; 404 unknown or
 *    expired preview; 409 when the hash does not match or the published content changed since
 *    the preview (preview again); 422 when the server's final checks refuse it.
 * 4. `GET /console/api/publications` — `PublicationList`, newest first.
 * 5. `GET /console/api/publications/:id` — `PublicationDetail` (with the changes it made).
 *
 * Roles: publisher and admin do 1–3; publisher, admin and auditor read 4–5.
 */

/** Limits on an uploaded zip; a zip beyond any of them is refused before anything is read. */
export const PUBLICATION_ZIP_LIMITS = {
  /** The zip file itself. */
  maxZipBytes: 16 * 1024 * 1024,
  /** Files and folders in it. */
  maxEntries: 2000,
  /** One file, uncompressed. */
  maxFileBytes: 8 * 1024 * 1024,
  /** All files together, uncompressed (a zip bomb stops here). */
  maxTotalBytes: 64 * 1024 * 1024,
  /** Folder depth of a path in the zip. */
  maxDepth: 8,
} as const;

/** A preview can be published within this time; after it, upload again. */
export const PREVIEW_LIFETIME_MINUTES = 60;

/** One problem of a content folder, as `npm run publish` prints it: `file:line: path: message`. */
export const contentProblemSchema = z.object({
  /** Relative to the folder, with `/` (`services.json`, `laws/land-law/text.md`). */
  file: z.string(),
  /** 1-based line in the file, when the problem is in one place of it. */
  line: z.int().positive().optional(),
  /** The JSON field (`[3].fields[0].label.mn`), for JSON files. */
  path: z.string().optional(),
  message: z.string(),
});
export type ContentProblemDto = z.infer<typeof contentProblemSchema>;

/** The kinds of entity a content folder publishes (in publishing order). */
export const PUBLISHED_TYPES = [
  'category',
  'form',
  'service',
  'petition-category',
  'place',
  'law',
  'law-article',
] as const;
export const publishedTypeSchema = z.enum(PUBLISHED_TYPES);
export type PublishedType = z.infer<typeof publishedTypeSchema>;

/** One line of a text diff: the entity as readable `field: value` lines, compared line by line. */
export const diffLineSchema = z.object({
  op: z.enum(['added', 'removed']),
  text: z.string(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

export const changeKindSchema = z.enum(['added', 'changed', 'withdrawn']);
export type ChangeKind = z.infer<typeof changeKindSchema>;

/** One entity that publishing would add, change or withdraw. */
export const entityChangeSchema = z.object({
  kind: changeKindSchema,
  type: publishedTypeSchema,
  id: z.string(),
  /** Its Mongolian title or name (the id when it has none). */
  label: z.string(),
  /**
   * What changed, as lines `fields.0.label.mn: Овог` removed and added (every line for an
   * added or withdrawn entity). Capped at `MAX_DIFF_LINES`; `diffTruncated` says so.
   */
  diff: z.array(diffLineSchema),
  diffTruncated: z.boolean(),
});
export type EntityChange = z.infer<typeof entityChangeSchema>;
export const MAX_DIFF_LINES = 400;

export const changeCountsSchema = z.object({
  added: z.int().nonnegative(),
  changed: z.int().nonnegative(),
  withdrawn: z.int().nonnegative(),
  unchanged: z.int().nonnegative(),
});
export type ChangeCounts = z.infer<typeof changeCountsSchema>;

export const previewSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload'), fileName: z.string().nullable() }),
  z.object({ kind: z.literal('republish'), publicationId: z.int() }),
]);
export type PreviewSource = z.infer<typeof previewSourceSchema>;

/** What publishing this content would change, against what is published now. */
export const publicationPreviewSchema = z.object({
  previewId: z.string(),
  /** SHA-256 of the content (canonical JSON of its entities): send it back to publish. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  source: previewSourceSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  counts: changeCountsSchema,
  /** In publishing order (type, then id); empty when nothing would change. */
  changes: z.array(entityChangeSchema),
});
export type PublicationPreview = z.infer<typeof publicationPreviewSchema>;

/** 422 from the preview: the folder has problems; nothing can be published from it. */
export const publicationRefusedSchema = z.object({
  error: z.object({ code: z.literal('content_invalid'), message: z.string() }),
  problems: z.array(contentProblemSchema),
});
export type PublicationRefused = z.infer<typeof publicationRefusedSchema>;

export const MAX_NOTE_LENGTH = 2000;
export const publishRequestSchema = z.strictObject({
  previewId: z.string().min(1).max(64),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'the contentHash of the preview (64 hex digits)'),
  /** Why: read in the history beside who and when. */
  note: z
    .string()
    .trim()
    .min(3, 'write a change note of at least 3 characters')
    .max(MAX_NOTE_LENGTH, `a change note has at most ${MAX_NOTE_LENGTH} characters`),
});
export type PublishRequest = z.infer<typeof publishRequestSchema>;

/** One publication in the history. */
export const publicationSchema = z.object({
  id: z.int(),
  publishedAt: z.iso.datetime(),
  operatorLogin: z.string(),
  note: z.string(),
  contentHash: z.string(),
  source: previewSourceSchema,
  counts: changeCountsSchema,
  /** The content-change sequence numbers it was given (null when it changed nothing). */
  firstSeq: z.int().nullable(),
  lastSeq: z.int().nullable(),
});
export type Publication = z.infer<typeof publicationSchema>;

export const publicationListSchema = z.object({ publications: z.array(publicationSchema) });
export type PublicationList = z.infer<typeof publicationListSchema>;

/** One publication with what it changed (labels only; the text diff is in its preview). */
export const publicationDetailSchema = publicationSchema.extend({
  changes: z.array(entityChangeSchema.omit({ diff: true, diffTruncated: true })),
});
export type PublicationDetail = z.infer<typeof publicationDetailSchema>;
