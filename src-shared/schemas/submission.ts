import { z } from 'zod';
import { languageSchema } from './localized-text.js';
import { KIOSK_CODE_PATTERN, parseTrackingNumber } from '../rules/tracking-number.js';

export const trackingNumberSchema = z
  .string()
  .refine((v) => parseTrackingNumber(v).ok, 'tracking number: <kiosk code>-<sequence>-<check digit>');

export const SUBMISSION_KINDS = [
  'service_application',
  'petition',
  'law_comment',
  'service_feedback',
  'hearing_signup',
] as const;
export const submissionKindSchema = z.enum(SUBMISSION_KINDS);
export type SubmissionKind = z.infer<typeof submissionKindSchema>;

export const PETITION_CATEGORIES = ['petition', 'complaint', 'suggestion', 'criticism', 'gratitude'] as const;
export const petitionCategoryIdSchema = z.enum(PETITION_CATEGORIES);

/**
 * Personal data sealed on the kiosk to the server's submission key: ECDH P-256 with a fresh
 * ephemeral key per submission, HKDF-SHA256 (salt = the ephemeral public key, info
 * `SEAL_INFO`), AES-256-GCM with the idempotency key and tracking number as additional data
 * (so a sealed payload cannot be moved onto another submission). Once sealed, the kiosk
 * itself cannot read it back: a stolen disk shows nothing, and the next citizen sees nothing.
 */
export const SEAL_ALG = 'ECDH-P256+HKDF-SHA256+A256GCM';
export const SEAL_INFO = 'tsonkh-submission-v1';
const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
export const sealedEnvelopeSchema = z.strictObject({
  alg: z.literal(SEAL_ALG),
  /** Ephemeral public key, raw uncompressed P-256 point (65 bytes), base64. */
  epk: b64.length(88),
  /** 12-byte AES-GCM nonce, base64. */
  iv: b64.length(16),
  /** Ciphertext with the GCM tag, base64. */
  ct: b64.max(80_000),
});
export type SealedEnvelope = z.infer<typeof sealedEnvelopeSchema>;

/** The additional authenticated data that binds a sealed payload to its submission. */
export function sealAad(idempotencyKey: string, trackingNo: string): string {
  return `${idempotencyKey}|${trackingNo}`;
}

/** A comment's stance on a draft law or one of its articles. */
export const STANCES = ['for', 'against', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

/**
 * The receipt's answer key K (src-shared/answers/receipt-secret.ts), 32 bytes as hex: made from
 * the secret printed on the receipt, it lets the server encrypt the answer for the kiosk. Only
 * ever inside the envelope; receipts made before secrets existed have none (status only).
 */
export const answerKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'the answer key is 64 lowercase hex digits');

/**
 * What is inside the envelope, per kind: everything that says who the citizen is or what they
 * wrote. These schemas say only its shape (the envelope's size bounds every string); what may be
 * written — required, lengths, a real phone number — is the kind's form (`src-shared/forms/`),
 * checked by `validateAnswers` on the kiosk and again on the server.
 */
export const sealedContentSchemas = {
  service_application: z.strictObject({
    answers: z.record(z.string().max(64), z.string()),
    answerKey: answerKeySchema.optional(),
  }),
  petition: z.strictObject({
    answerKey: answerKeySchema.optional(),
    subject: z.string(),
    text: z.string(),
    contact: z
      .strictObject({
        name: z.string().optional(),
        phone: z.string().optional(),
        address: z.string().optional(),
      })
      .optional(),
  }),
  law_comment: z.strictObject({
    answerKey: answerKeySchema.optional(),
    text: z.string(),
    name: z.string().optional(),
    contact: z.string().optional(),
  }),
  service_feedback: z.strictObject({
    /** The comment, when the rating was given without a published feedback form. */
    text: z.string().optional(),
    /** Every answer, when it was given with a published feedback form (`formId`). */
    answers: z.record(z.string().max(64), z.string()).optional(),
    answerKey: answerKeySchema.optional(),
  }),
  /** A citizen's wish to take part in a public hearing: who they are and how the organiser reaches them. */
  hearing_signup: z.strictObject({
    answerKey: answerKeySchema.optional(),
    name: z.string(),
    phone: z.string(),
  }),
} as const satisfies Record<SubmissionKind, z.ZodType>;
export type SealedContent<K extends SubmissionKind> = z.infer<(typeof sealedContentSchemas)[K]>;

const base = {
  idempotencyKey: z.uuid(),
  trackingNo: trackingNumberSchema,
  kioskCode: z.string().regex(KIOSK_CODE_PATTERN),
  createdAt: z.iso.datetime({ offset: true }),
  lang: languageSchema,
  /** kiosk: the citizen alone; assisted: Citizens' Chamber staff helped (staffId set); library: a library kiosk. */
  channel: z.enum(['kiosk', 'assisted', 'library']),
  staffId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,32}$/)
    .optional(),
  sealed: sealedEnvelopeSchema,
};

/**
 * What the kiosk sends: one pipeline for every kind. The idempotency key is made once, when the
 * citizen submits, and never changes; the sealed payload is made at the same moment and frozen,
 * so every resend carries the same key and the same bytes.
 */
export const submissionSchema = z
  .discriminatedUnion('kind', [
    z.object({
      ...base,
      kind: z.literal('service_application'),
      serviceId: z.string().min(1).max(64),
      formId: z.string().min(1).max(64),
      formVersion: z.int().min(1),
    }),
    z.object({
      ...base,
      kind: z.literal('petition'),
      petitionCategory: petitionCategoryIdSchema,
      /** The petition form's version (`PETITION_FORMS`); absent from kiosks before versions: 1. */
      formVersion: z.int().min(1).optional(),
    }),
    z.object({
      ...base,
      kind: z.literal('law_comment'),
      lawId: z.string().min(1).max(64),
      lawVersion: z.int().min(1),
      /** null: a comment on the law as a whole. */
      articleNumber: z.int().min(1).nullable(),
      stance: z.enum(STANCES),
    }),
    z.object({
      ...base,
      kind: z.literal('service_feedback'),
      serviceId: z.string().min(1).max(64),
      rating: z.int().min(1).max(5),
      /** The published feedback form it was given with; without one, `FEEDBACK_FORM` (rating and comment). */
      formId: z.string().min(1).max(64).optional(),
      formVersion: z.int().min(1).optional(),
    }),
    z.object({
      ...base,
      kind: z.literal('hearing_signup'),
      /** The open-data hearing record's id (`hearingSchema`), as the kiosk carried it. */
      hearingId: z.string().min(1).max(200),
      /** The sign-up form's version (`HEARING_SIGNUP_FORMS`). */
      formVersion: z.int().min(1),
    }),
  ])
  .refine((s) => s.trackingNo.startsWith(`${s.kioskCode}-`), {
    message: 'the tracking number must start with the kiosk code',
    path: ['trackingNo'],
  })
  .refine((s) => s.kind !== 'service_feedback' || (s.formId === undefined) === (s.formVersion === undefined), {
    message: 'formId and formVersion are given together',
    path: ['formVersion'],
  })
  .refine((s) => (s.channel === 'assisted') === (s.staffId !== undefined), {
    message: 'staffId is given exactly when the channel is "assisted"',
    path: ['staffId'],
  });
export type Submission = z.infer<typeof submissionSchema>;

/** The server's receipt for one submission; identical on every replay of the same key. */
export const submissionAckSchema = z.object({
  idempotencyKey: z.uuid(),
  trackingNo: z.string(),
  serverId: z.int(),
  receivedAt: z.iso.datetime({ offset: true }),
  status: z.string(),
  /** When the organisation must answer by law (petitions), as a date in Mongolia. */
  dueDate: z.iso.date().optional(),
});
export type SubmissionAck = z.infer<typeof submissionAckSchema>;

/** Where a submission is. The same set for every kind; not every kind uses every status. */
export const SUBMISSION_STATUSES = [
  'received',
  'forwarded',
  'in_progress',
  'extended',
  'resolved',
  'answered',
  'returned',
] as const;
export const submissionStatusSchema = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof submissionStatusSchema>;
