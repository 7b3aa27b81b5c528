import { z } from 'zod';
import { statusChangeSchema } from '../protocol.js';
import { submissionAckSchema } from '../schemas/submission.js';

/**
 * What goes back to one kiosk on a USB content bundle (`npm run export-content -- <out> --kiosk
 * CODE`): the acks of its submissions the server holds (so the kiosk marks those outbox items as
 * delivered) and its status changes with the sealed answers, exactly as `GET /status-changes`
 * would give them. Signed by the content key like a content page, and verified by the kiosk with
 * the same pinned keys, so a stick cannot make a kiosk drop an item the server never took.
 */
export const KIOSK_RETURN_FORMAT = 'tsonkh-kiosk-return';

export const kioskReturnSchema = z.object({
  format: z.literal(KIOSK_RETURN_FORMAT),
  version: z.literal(1),
  kioskCode: z.string().regex(/^\d{4}$/),
  createdAt: z.iso.datetime({ offset: true }),
  acks: z.array(submissionAckSchema),
  statusChanges: z.array(statusChangeSchema),
  /** The status cursor after the last change here. */
  next: z.int().min(0),
});
export type KioskReturn = z.infer<typeof kioskReturnSchema>;

export const signedKioskReturnSchema = z.object({
  body: kioskReturnSchema,
  /** Ed25519 over `canonicalJson(body)`, base64. */
  signature: z.string().max(200),
  keyId: z.string().max(64),
});
export type SignedKioskReturn = z.infer<typeof signedKioskReturnSchema>;
