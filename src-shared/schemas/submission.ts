import { z } from 'zod';
import { languageSchema } from './localized-text.js';
import { KIOSK_CODE_PATTERN, parseTrackingNumber } from '../rules/tracking-number.js';

export const trackingNumberSchema = z
  .string()
  .refine((v) => parseTrackingNumber(v).ok, 'tracking number: <kiosk code>-<sequence>-<check digit>');

export const submissionKindSchema = z.enum(['service_application']);
export type SubmissionKind = z.infer<typeof submissionKindSchema>;

/**
 * What the kiosk sends. The idempotency key is made once, when the citizen submits, and
 * never changes: every resend of the same submission carries the same key and body.
 */
export const submissionSchema = z
  .object({
    idempotencyKey: z.uuid(),
    trackingNo: trackingNumberSchema,
    kind: submissionKindSchema,
    kioskCode: z.string().regex(KIOSK_CODE_PATTERN),
    createdAt: z.iso.datetime({ offset: true }),
    lang: languageSchema,
    channel: z.enum(['kiosk', 'assisted']),
    serviceId: z.string().min(1).max(64),
    formId: z.string().min(1).max(64),
    formVersion: z.int().min(1),
    answers: z.record(z.string().max(64), z.string().max(5000)),
  })
  .refine((s) => s.trackingNo.startsWith(`${s.kioskCode}-`), {
    message: 'the tracking number must start with the kiosk code',
    path: ['trackingNo'],
  });
export type Submission = z.infer<typeof submissionSchema>;

/** The server's receipt for one submission; identical on every replay of the same key. */
export const submissionAckSchema = z.object({
  idempotencyKey: z.uuid(),
  trackingNo: z.string(),
  serverId: z.int(),
  receivedAt: z.iso.datetime({ offset: true }),
  status: z.string(),
});
export type SubmissionAck = z.infer<typeof submissionAckSchema>;
