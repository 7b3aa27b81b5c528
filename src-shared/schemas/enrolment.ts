import { z } from 'zod';
import { KIOSK_CODE_PATTERN } from '../rules/tracking-number.js';
import { localizedTextSchema } from './localized-text.js';

/**
 * Kiosk enrolment (issue 17): an administrator makes a one-time code; the technician types it on
 * the kiosk; the host sends it with the kiosk's own public key and gets back who the kiosk is.
 * From then on the kiosk signs a server challenge with its key to get a short-lived token.
 */

/**
 * Letters and digits a technician cannot confuse on a keypad or a printout: no 0/O/D/Q, 1/I/L,
 * 2/Z, 5/S, 8/B, U/V. 22 symbols; 8 of them (shown XXXX-XXXX) are 5·10^10 codes.
 */
export const ENROLMENT_CODE_ALPHABET = '34679ACEFGHJKMNPRTWXY';
export const ENROLMENT_CODE_LENGTH = 8;

/** The code as typed (any case, spaces or dashes) reduced to its symbols; null if it cannot be one. */
export function normalizeEnrolmentCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]+/g, '');
  if (code.length !== ENROLMENT_CODE_LENGTH) return null;
  return [...code].every((c) => ENROLMENT_CODE_ALPHABET.includes(c)) ? code : null;
}

/** `ABCD-EFGH`, as printed and shown. */
export function formatEnrolmentCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const KIOSK_MODES = ['citizen', 'library', 'chamber'] as const;
export const kioskModeSchema = z.enum(KIOSK_MODES);
export type KioskMode = z.infer<typeof kioskModeSchema>;

/** A PIN as the centre delivers it: only its scrypt hash (`scrypt$logN$r$p$salt$key`). */
const pinHashSchema = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);

/** Technician and staff PINs set from the centre, hashed; `version` grows with each change. */
export const kioskPinsSchema = z.strictObject({
  version: z.int().min(1),
  technicianPinHash: pinHashSchema.optional(),
  staff: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
        name: z.string().min(1).max(100),
        pinHash: pinHashSchema,
      }),
    )
    .max(100),
});
export type KioskPins = z.infer<typeof kioskPinsSchema>;

const publicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'an Ed25519 public key, base64 (32 bytes)');

export const enrolRequestSchema = z.strictObject({
  code: z.string().min(1).max(32),
  /** The kiosk's own Ed25519 public key: raw 32 bytes, base64. */
  publicKey: publicKeySchema,
  /**
   * A kiosk set up the old way proves who it was with its shared credential, so it keeps its
   * kiosk code (its queued items' tracking numbers name it) when it moves to enrolment.
   */
  legacy: z
    .strictObject({ kioskCode: z.string().regex(KIOSK_CODE_PATTERN), credential: z.string().min(24).max(512) })
    .optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.strictObject({
  kioskCode: z.string().regex(KIOSK_CODE_PATTERN),
  name: localizedTextSchema,
  place: z.strictObject({
    aimag: z.string().regex(/^\d{2}$/),
    soum: z.string().regex(/^\d{4}$/),
    location: localizedTextSchema,
  }),
  mode: kioskModeSchema,
  /** The server's keys to pin (content signing; submission sealing). */
  contentPublicKey: publicKeySchema,
  submissionPublicKey: z.string().regex(/^[A-Za-z0-9+/]{87}=$/),
  /**
   * The highest tracking sequence the server has seen from this kiosk code: a kiosk enrolled
   * again (perhaps with its storage wiped) numbers on from above it, so no number is issued twice.
   */
  sequenceFloor: z.int().min(0),
  pins: kioskPinsSchema.optional(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

export const authChallengeRequestSchema = z.strictObject({ publicKey: publicKeySchema });
export const authChallengeResponseSchema = z.strictObject({ challenge: z.string().min(1).max(1024) });

/** What the kiosk signs: this prefix, then the challenge, so the signature means nothing elsewhere. */
export const KIOSK_AUTH_SIGNING_PREFIX = 'tsonkh kiosk auth v1\n';

export const authTokenRequestSchema = z.strictObject({
  publicKey: publicKeySchema,
  challenge: z.string().min(1).max(1024),
  /** Ed25519 signature of `KIOSK_AUTH_SIGNING_PREFIX + challenge`, base64 (64 bytes). */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export const authTokenResponseSchema = z.strictObject({
  token: z.string().min(1).max(1024),
  expiresAt: z.iso.datetime(),
  /** PINs changed at the centre since the kiosk last heard (always the latest; the kiosk compares versions). */
  pins: kioskPinsSchema.optional(),
});
export type AuthTokenResponse = z.infer<typeof authTokenResponseSchema>;

/** Error codes of the enrolment route, as the kiosk's technician screen explains them. */
export const ENROL_ERRORS = {
  unknown_code: 404,
  code_used: 409,
  code_expired: 410,
  key_in_use: 409,
  legacy_mismatch: 403,
} as const;
/** The kiosk has been revoked by the centre: 403 with this code on every kiosk route. */
export const KIOSK_REVOKED = 'kiosk_revoked';
