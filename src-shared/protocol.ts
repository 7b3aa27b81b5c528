import { z } from 'zod';
import { ANSWER_ALG, normalizeReceiptSecret, RECEIPT_SECRET_DIGITS } from './answers/receipt-secret.js';
import {
  submissionAckSchema,
  submissionKindSchema,
  submissionSchema,
  submissionStatusSchema,
  trackingNumberSchema,
} from './schemas/submission.js';

/** Kiosk ↔ server wire protocol, version 1 (`/api/v1/...`). */
export const API_PREFIX = '/api/v1';
export const KIOSK_AUTH_HEADER = 'authorization';
export const SERVER_ID_HEADER = 'x-tsonkh-server';
/**
 * Protocol versions, within `/api/v1`. The host names its version in `x-tsonkh-protocol`; a
 * request without it comes from a kiosk built before the header existed (version 1). The server
 * answers the current and the previous version, so a fleet can be upgraded kiosk by kiosk, and
 * names the version it answered in the same header.
 *
 * - 1: content pages hold the page and change members listed below and only the content types
 *   of `PROTOCOL_V1_CONTENT_TYPES` (its kiosks refuse a page with any other type or member).
 * - 2: pages are open: unknown members are kept for the signature, unknown types and entities a
 *   build cannot read are kept aside until an update knows them (src-renderer/data/content-repo.ts).
 */
export const PROTOCOL_HEADER = 'x-tsonkh-protocol';
export const PROTOCOL_VERSION = 2;
export const PREVIOUS_PROTOCOL_VERSION = 1;
export type ProtocolVersion = typeof PROTOCOL_VERSION | typeof PREVIOUS_PROTOCOL_VERSION;

/**
 * The version a request speaks: none named is 1; a version newer than this build's is answered
 * in this build's (the answer's header says so); `null` for a header that is not a version.
 */
export function requestProtocolVersion(header: string | string[] | undefined): ProtocolVersion | null {
  if (header === undefined) return PREVIOUS_PROTOCOL_VERSION;
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^[1-9][0-9]{0,3}$/.test(text.trim())) return null;
  return Number(text) >= PROTOCOL_VERSION ? PROTOCOL_VERSION : PREVIOUS_PROTOCOL_VERSION;
}

/** The content types a protocol-1 kiosk knows (frozen: its last build's list). */
export const PROTOCOL_V1_CONTENT_TYPES: readonly string[] = Object.freeze([
  'category',
  'service',
  'form',
  'petition-category',
  'place',
  'law',
  'law-article',
  'law-comment-counts',
  'petition-report',
]);

/** The health answer names itself, so a captive portal's `200 OK` is never taken for the server. */
export const SERVER_NAME = 'tsonkh-central';

export const healthResponseSchema = z.object({
  service: z.literal(SERVER_NAME),
  status: z.enum(['ok', 'degraded']),
  time: z.iso.datetime({ offset: true }),
  database: z.enum(['ok', 'error']),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const contentTypeSchema = z.enum([
  'category',
  'service',
  'form',
  'petition-category',
  'place',
  'law',
  'law-article',
  /** Derived by the server from accepted law comments; never part of a content folder. */
  'law-comment-counts',
  /** Derived by the server: the public part of the 11-11 petition report (schemas/petition-report.ts). */
  'petition-report',
]);
export type ContentType = z.infer<typeof contentTypeSchema>;

/**
 * A content type's name as it travels. Looser than `contentTypeSchema` on purpose: a kiosk built
 * before a type existed must still verify the page and keep its cursor moving, setting aside the
 * changes it cannot show yet (src-renderer/data/content-repo.ts), instead of refusing every page
 * from then on.
 */
export const contentTypeNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);

/**
 * One change as it travels. Loose objects (here and in the page) keep members this build does not
 * know, so a page made by a newer server still verifies: the signature covers every member.
 */
export const contentChangeSchema = z.looseObject({
  seq: z.int().min(1),
  type: contentTypeNameSchema,
  id: z.string().min(1),
  op: z.enum(['put', 'delete']),
  /** The entity for `put`; validated by the kiosk against the schema of its type. */
  data: z.unknown().optional(),
});
/** A change as a kiosk receives it: its type may be one this build does not know. */
export type ReceivedContentChange = z.infer<typeof contentChangeSchema>;
/** A change as this server makes it: always one of the types above. */
export type ContentChange = {
  seq: number;
  type: ContentType;
  id: string;
  op: 'put' | 'delete';
  data?: unknown;
};

export const contentChangesQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** Page size in bytes of JSON (before compression); a page holds at least one change. */
  maxBytes: z.coerce.number().int().min(1024).max(4_194_304).default(262_144),
});

/**
 * The open-data pull (issue 19): the same page bounds as content, and the aimags the kiosk
 * carries (its own, and any it was set to carry more; the nation's `00` is always added).
 */
export const openDataChangesQuerySchema = contentChangesQuerySchema.extend({
  /** Records are small and many (a soum's crime table is hundreds): pages may hold more of them. */
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  aimags: z
    .string()
    .regex(/^\d{2}(,\d{2}){0,21}$/, 'aimags: 2-digit aimag codes separated by commas')
    .transform((list) => [...new Set(list.split(','))]),
});

export const contentPageSchema = z.looseObject({
  /** The cursor this page continues from: a kiosk applies it only if it equals its own cursor. */
  after: z.int().min(0),
  changes: z.array(contentChangeSchema),
  /** The cursor to ask after next time: the last seq in this page, or `after` when empty. */
  next: z.int().min(0),
  more: z.boolean(),
  /**
   * The server's newest sequence number when the page was made: lets a kiosk show progress, and
   * refuse a page made before one it has already seen (an old page replayed to freeze it).
   */
  latest: z.int().min(0).optional(),
  /**
   * When the page was signed (at most an hour before it is served). A kiosk whose newest page
   * was signed days ago tells its technician that its content may be stale.
   */
  signedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ContentPage = z.infer<typeof contentPageSchema>;

/**
 * A content page as it travels (over the network or on a USB bundle): the page and an Ed25519
 * signature over `canonicalJson(page)` (UTF-8), made with the server's content key. Kiosks pin
 * the public key in their config and refuse a page whose signature does not verify, or whose
 * `after` is not their cursor (an older or replayed page).
 */
export const signedContentPageSchema = z.object({
  page: contentPageSchema,
  /** base64 of the 64-byte Ed25519 signature. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  /** First 16 hex digits of SHA-256 of the raw public key: says which key signed, for rotation. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type SignedContentPage = z.infer<typeof signedContentPageSchema>;

export const MAX_BATCH = 100;
export const submissionBatchSchema = z.object({
  items: z.array(submissionSchema).min(1).max(MAX_BATCH),
});
export type SubmissionBatch = z.infer<typeof submissionBatchSchema>;

export const itemResultSchema = z.discriminatedUnion('result', [
  z.object({ idempotencyKey: z.string(), result: z.literal('accepted'), ack: submissionAckSchema }),
  z.object({
    idempotencyKey: z.string(),
    result: z.enum(['conflict', 'rejected']),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type ItemResult = z.infer<typeof itemResultSchema>;

/**
 * Per-item results. HTTP status: 200 when every item was accepted (new or replayed),
 * 409 when any item reused a key with a different body, else 422 when any was rejected.
 */
export const submissionBatchResponseSchema = z.object({ results: z.array(itemResultSchema) });
export type SubmissionBatchResponse = z.infer<typeof submissionBatchResponseSchema>;

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

/**
 * An answer as the kiosk receives and keeps it: AES-256-GCM under the receipt's answer key K
 * (scrypt of the receipt's secret, see src-shared/answers/receipt-secret.ts), additional data
 * `answerAad(trackingNo)`, plaintext the answer's UTF-8 text. Without the secret it is noise.
 */
export const sealedAnswerSchema = z.strictObject({
  alg: z.literal(ANSWER_ALG),
  /** 12-byte nonce, base64. */
  iv: b64.length(16),
  /** Ciphertext with its 16-byte tag, base64. */
  ct: b64.max(40_000),
});
export type SealedAnswer = z.infer<typeof sealedAnswerSchema>;

/** One status change of one of this kiosk's submissions, in the server's global status sequence. */
export const statusChangeSchema = z.object({
  seq: z.int().min(1),
  trackingNo: z.string(),
  kind: submissionKindSchema,
  status: submissionStatusSchema,
  dueDate: z.iso.date().optional(),
  at: z.iso.datetime({ offset: true }),
  /** With `answered` when the receipt has a secret: the answer, readable only with that secret. */
  answer: sealedAnswerSchema.optional(),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const statusChangesQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** `GET /api/v1/status-changes?after=`: status changes of the asking kiosk's submissions only. */
export const statusChangesPageSchema = z.object({
  changes: z.array(statusChangeSchema),
  next: z.int().min(0),
  more: z.boolean(),
});
export type StatusChangesPage = z.infer<typeof statusChangesPageSchema>;

/**
 * `GET /api/v1/track/:trackingNo`, public (the receipt's QR points here): the kind, what it is about,
 * the status and dates; no personal data.
 */
export const trackResponseSchema = z.object({
  trackingNo: trackingNumberSchema,
  kind: submissionKindSchema,
  status: submissionStatusSchema,
  receivedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  dueDate: z.iso.date().optional(),
  /** What it is about (nothing personal): the service of an application or rating… */
  serviceId: z.string().min(1).max(64).optional(),
  /** …or the draft law of a comment, and its article (null: the law as a whole). */
  lawId: z.string().min(1).max(64).optional(),
  articleNumber: z.int().min(1).nullable().optional(),
});
export type TrackResponse = z.infer<typeof trackResponseSchema>;

/** `POST /api/v1/track/:trackingNo/answer` body: the secret printed on the receipt (spaces allowed). */
export const trackAnswerRequestSchema = z.strictObject({
  secret: z
    .string()
    .max(40)
    .refine((v) => normalizeReceiptSecret(v) !== null, `the secret is ${RECEIPT_SECRET_DIGITS} digits`),
});

/** The status, and the answer once there is one; only ever sent for the right secret. */
export const trackAnswerResponseSchema = trackResponseSchema.extend({
  answer: z.object({ text: z.string(), answeredAt: z.iso.datetime({ offset: true }) }).optional(),
});
export type TrackAnswerResponse = z.infer<typeof trackAnswerResponseSchema>;
