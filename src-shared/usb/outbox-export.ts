import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import { submissionSchema } from '../schemas/submission.js';

/**
 * A kiosk's outbox on a USB stick, for a kiosk that never sees a network (issue 17, "Sneakernet
 * both ways"). It holds the submissions exactly as a push would send them — clear fields that are
 * not personal, everything a citizen typed in the sealed envelope only the server can open — and
 * a MAC that tells the server which kiosk wrote it. `npm run import-outbox` takes it through the
 * same acceptance path as `POST /submissions/batch`, so importing it twice stores nothing twice.
 */
export const OUTBOX_EXPORT_FORMAT = 'tsonkh-outbox-export';
/** The most submissions one file may carry (a kiosk offline for months holds a few thousand). */
export const OUTBOX_EXPORT_MAX_ITEMS = 50_000;

export const outboxExportBodySchema = z.object({
  format: z.literal(OUTBOX_EXPORT_FORMAT),
  version: z.literal(1),
  /** A fresh id per export, so the server can say "this file was imported before". */
  exportId: z.uuid(),
  kioskCode: z.string().regex(/^\d{4}$/),
  exportedAt: z.iso.datetime({ offset: true }),
  items: z.array(submissionSchema).max(OUTBOX_EXPORT_MAX_ITEMS),
});
export type OutboxExportBody = z.infer<typeof outboxExportBodySchema>;

export const outboxExportSchema = outboxExportBodySchema.extend({
  /**
   * Who wrote the file, over the canonical JSON of everything else. A kiosk set up the old way:
   * `hmac-sha256`, keyed by `outboxMacKey` (hex). An enrolled kiosk, which holds no shared
   * credential: `ed25519`, its own key's signature of `outboxSigningText` (base64, 64 bytes),
   * checked with the public key the server stored at enrolment.
   */
  mac: z.discriminatedUnion('alg', [
    z.object({ alg: z.literal('hmac-sha256'), value: z.string().regex(/^[0-9a-f]{64}$/) }),
    z.object({ alg: z.literal('ed25519'), value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }),
  ]),
});
export type OutboxExport = z.infer<typeof outboxExportSchema>;

/**
 * The MAC key of a kiosk: HMAC-SHA256(SHA-256(credential), label). The server stores only the
 * credential's SHA-256 (`kiosks.credential_hash`), so it can check the MAC without holding the
 * credential; the file itself carries neither.
 */
export function outboxMacKey(credentialSha256Hex: string): Uint8Array {
  return hmac(sha256, hexToBytes(credentialSha256Hex), utf8ToBytes('tsonkh usb outbox v1'));
}

/** The SHA-256 of a credential in hex, as the server stores it. */
export function credentialSha256Hex(credential: string): string {
  return bytesToHex(sha256(utf8ToBytes(credential)));
}

/** The canonical JSON of an export's body (the `mac` left out), which the MAC or signature covers. */
function bodyText(body: OutboxExportBody): string {
  const { format, version, exportId, kioskCode, exportedAt, items } = body;
  return canonicalJson({ format, version, exportId, kioskCode, exportedAt, items });
}

/** The MAC of an export's body (hex). */
export function outboxMac(body: OutboxExportBody, key: Uint8Array): string {
  return bytesToHex(hmac(sha256, key, utf8ToBytes(bodyText(body))));
}

/**
 * Set before the body an enrolled kiosk signs, so a signature over an outbox can never pass for
 * one over an auth challenge (`KIOSK_AUTH_SIGNING_PREFIX`) or the other way round.
 */
export const OUTBOX_SIGNING_PREFIX = 'tsonkh usb outbox v1\n';

/** The text an enrolled kiosk signs with its own key (`alg: 'ed25519'`). */
export function outboxSigningText(body: OutboxExportBody): string {
  return OUTBOX_SIGNING_PREFIX + bodyText(body);
}

/** Compares two hex MACs in time that does not depend on where they differ. */
export function sameMac(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
