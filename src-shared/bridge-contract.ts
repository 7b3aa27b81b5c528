import { z } from 'zod';
import {
  itemResultSchema,
  signedContentPageSchema,
  statusChangesPageSchema,
  submissionBatchSchema,
  trackResponseSchema,
} from './protocol.js';
import { kioskPublicInfoSchema } from './schemas/kiosk-config.js';
import { languageSchema, localizedTextSchema } from './schemas/localized-text.js';
import { printerProblemSchema, type PrinterProblem } from './schemas/printer-problem.js';
import { healthReportDraftSchema, healthReportResponseSchema } from './schemas/health-report.js';
import {
  submissionKindSchema,
  submissionSchema,
  submissionStatusSchema,
  trackingNumberSchema,
} from './schemas/submission.js';
import { ANSWER_TEXT_MAX, RECEIPT_SECRET_DIGITS } from './answers/receipt-secret.js';
import { diagnosticsRendererSchema } from './usb/diagnostics.js';
import { signedKioskReturnSchema } from './usb/kiosk-return.js';

/**
 * The one contract between the renderer and the kiosk host. The Electron preload, the IPC
 * handler, the browser-mode HTTP bridge and the renderer's client are all built from this
 * map, so a call is `bridge.call('printer.printReceipt', job)` with both sides type-checked
 * and every request validated by the host before it runs.
 */
const empty = z.object({}).strict();

export { printerProblemSchema, type PrinterProblem };

export const receiptJobSchema = z.object({
  trackingNo: trackingNumberSchema,
  kind: submissionKindSchema,
  title: localizedTextSchema,
  lang: languageSchema,
  createdAt: z.iso.datetime({ offset: true }),
  /** When the answer is due (petitions: the legal deadline), printed in plain words. */
  dueDate: z.iso.date().optional(),
  /** The kiosk's aimag and soum as the citizen reads them ("Баян-Өлгий аймаг", "Өлгий сум"), in `lang`. */
  place: z.object({ aimag: z.string().min(1).max(80), soum: z.string().min(1).max(80) }).optional(),
  /**
   * The receipt's secret (src-shared/answers/receipt-secret.ts), printed once. The host never
   * keeps it: a technician's reprint and the capture record leave it out.
   */
  secret: z
    .string()
    .regex(new RegExp(`^\\d{${RECEIPT_SECRET_DIGITS}}$`))
    .optional(),
});
export type ReceiptJob = z.infer<typeof receiptJobSchema>;

/**
 * An answer the citizen opened with the receipt's secret, printed on the roll. Plain text only
 * in this call: the host lays it out, prints it and keeps nothing (no reprint, no record).
 */
export const printAnswerRequestSchema = z.object({
  lang: languageSchema,
  trackingNo: trackingNumberSchema,
  kind: submissionKindSchema,
  status: submissionStatusSchema,
  answeredAt: z.iso.datetime({ offset: true }),
  text: z.string().min(1).max(ANSWER_TEXT_MAX),
});
export type PrintAnswerRequest = z.infer<typeof printAnswerRequestSchema>;

/** The most text one library print may carry (a long article is a few thousand characters). */
export const PRINT_TEXT_MAX_CHARS = 30_000;

/**
 * Library mode: a law article or summary on the receipt roll. Plain text the host lays out
 * (whole words, in order, nothing dropped), then a QR code to `url`, which must be ASCII
 * because ESC/POS QR lengths count bytes.
 */
export const printTextRequestSchema = z.object({
  lang: languageSchema,
  title: z.string().min(1).max(500),
  heading: z.string().max(500),
  paragraphs: z
    .array(z.string().max(PRINT_TEXT_MAX_CHARS))
    .min(1)
    .max(400)
    // The host lays the text out synchronously and the roll is finite: an article at a time.
    .refine((p) => p.reduce((sum, t) => sum + t.length, 0) <= PRINT_TEXT_MAX_CHARS, {
      message: `at most ${PRINT_TEXT_MAX_CHARS} characters in all`,
    }),
  url: z
    .string()
    .max(500)
    .regex(/^https?:\/\/[\x21-\x7e]+$/, 'must be a plain ASCII http(s) address'),
});
export type PrintTextRequest = z.infer<typeof printTextRequestSchema>;

const printResultSchema = z.object({ jobId: z.string(), bytes: z.int() });

/**
 * Why a kiosk refuses a release from a USB stick: signed with a key other than the one it pins
 * (`wrong_key`), a signature that does not match the manifest (`bad_signature`: changed or
 * damaged), a manifest it cannot read (`bad_manifest`), not newer than the version running
 * (`older_version`), no release in the folder (`not_found`), or no release key pinned in its
 * config at all (`no_release_key`: it takes no new versions).
 */
export const releaseRefusalSchema = z.enum([
  'wrong_key',
  'bad_signature',
  'bad_manifest',
  'older_version',
  'not_found',
  'no_release_key',
]);
export type ReleaseRefusal = z.infer<typeof releaseRefusalSchema>;

/**
 * The host's second copy of a queued submission: only sealed data and what the receipt shows.
 * Appended (and fsynced) when the submission is queued, acknowledged when the server accepts it.
 */
export const journalEntrySchema = z.object({
  idempotencyKey: z.uuid(),
  trackingNo: trackingNumberSchema,
  /** The tracking sequence used, so a kiosk whose storage was wiped never reuses a number. */
  sequence: z.int().min(1),
  kind: submissionKindSchema,
  title: localizedTextSchema,
  createdAt: z.iso.datetime({ offset: true }),
  submission: submissionSchema,
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const bridgeContract = {
  'kiosk.info': { request: empty, response: kioskPublicInfoSchema },
  'server.health': {
    request: empty,
    response: z.object({
      online: z.boolean(),
      checkedAt: z.iso.datetime({ offset: true }),
      reason: z.enum(['unreachable', 'timeout', 'not_our_server', 'unauthorized', 'server_error']).optional(),
    }),
  },
  'content.changes': {
    request: z.object({
      after: z.int().min(0),
      limit: z.int().min(1).max(1000),
      maxBytes: z.int().min(1024).max(4_194_304).optional(),
    }),
    /** `bytes`: size of the page's JSON as received, for the progress bar. */
    response: z.object({ signed: signedContentPageSchema, bytes: z.int().min(0) }),
  },
  /**
   * The action plan's open data (issue 19) for the aimags given (2-digit codes; the server adds
   * the nation's `00`): a page signed with the content key, in the shape of a content page.
   */
  'openData.changes': {
    request: z.object({
      aimags: z
        .array(z.string().regex(/^\d{2}$/))
        .min(1)
        .max(22),
      after: z.int().min(0),
      limit: z.int().min(1).max(5000),
      maxBytes: z.int().min(1024).max(4_194_304).optional(),
    }),
    response: z.object({ signed: signedContentPageSchema, bytes: z.int().min(0) }),
  },
  'content.findBundles': {
    request: empty,
    response: z.object({
      bundles: z.array(
        z.object({
          /** Opaque handle for `content.bundlePage`. */
          id: z.string(),
          /** Where it was found, for the technician. */
          location: z.string(),
          createdAt: z.string(),
          pages: z.int(),
          next: z.int(),
          /** The bundle carries acks and status changes for this kiosk (`content.bundleKioskReturn`). */
          forThisKiosk: z.boolean().optional(),
        }),
      ),
    }),
  },
  /** This kiosk's acks and status changes from a bundle, signed by the content key; null when it has none. */
  'content.bundleKioskReturn': {
    request: z.object({ bundleId: z.string().min(1).max(512) }),
    response: z.object({ signed: signedKioskReturnSchema.nullable() }),
  },
  /**
   * The disk of the host's journal: `full` when it is within the reserve that keeps what is queued
   * safe (src-shared/rules/disk-room.ts); the kiosk then takes no new submissions.
   */
  'storage.status': {
    request: empty,
    response: z.object({
      freeBytes: z.number().min(0),
      totalBytes: z.number().min(0),
      verdict: z.enum(['ok', 'full']),
    }),
  },
  /** Technician: writable folders on USB sticks (under `importDirs`), named by opaque ids. */
  'usb.findFolders': {
    request: empty,
    response: z.object({
      folders: z.array(z.object({ id: z.string(), location: z.string(), freeBytes: z.number().min(0) })),
    }),
  },
  /**
   * Technician: the journal's waiting submissions (sealed, as a push sends them) to a USB folder
   * with the kiosk's MAC, for `npm run import-outbox`. `skip`: quarantined ones the server refused.
   */
  'outbox.exportToUsb': {
    request: z.object({ folderId: z.string().min(1).max(64), skip: z.array(z.uuid()).max(10_000).default([]) }),
    response: z.object({ file: z.string(), items: z.int().min(0), bytes: z.int().min(0) }),
  },
  /** Technician: a diagnostics bundle (logs, health history, settings, versions; nothing personal, no secrets). */
  'diagnostics.exportToUsb': {
    request: z.object({ folderId: z.string().min(1).max(64), kiosk: diagnosticsRendererSchema }),
    response: z.object({ file: z.string(), bytes: z.int().min(0) }),
  },
  /**
   * Technician: a new version of the kiosk from a USB folder (`tsonkh-release/` as `npm run
   * release -- export` writes it), verified against the pinned release key as a download is, and
   * installed at once: it runs from the next start (issue 18). A release the kiosk will not take
   * is an answer, with why (`refused`), for the technician to act on: another key's stick is
   * handed back to the centre, an old one swapped for a newer. A stick that cannot be read or a
   * full disk fails the call.
   */
  'update.installFromUsb': {
    request: z.object({ folderId: z.string().min(1).max(64) }),
    response: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        version: z.string(),
        fetchedFiles: z.int().min(0),
        reusedFiles: z.int().min(0),
        installed: z.boolean(),
      }),
      z.object({ ok: z.literal(false), refused: releaseRefusalSchema }),
    ]),
  },
  'content.bundlePage': {
    request: z.object({ bundleId: z.string().min(1).max(512), after: z.int().min(0) }),
    /** The bundle's page continuing from `after`, or null when the bundle has nothing after it. */
    response: z.object({ signed: signedContentPageSchema.nullable(), bytes: z.int().min(0) }),
  },
  /** Enrolment (issue 17): the kiosk's state; never a key or a PIN. */
  'enrolment.status': {
    request: empty,
    response: z.object({
      state: z.enum(['enrolled', 'legacy', 'unenrolled', 'revoked']),
      kioskCode: z.string(),
      serverUrl: z.string().optional(),
    }),
  },
  /**
   * Enrols this kiosk with a one-time code: the host sends its own public key and stores who the
   * kiosk is. `sequenceFloor`: the renderer numbers on from above it. The page reloads after.
   */
  'enrolment.enrol': {
    request: z.object({ serverUrl: z.url({ protocol: /^https?$/ }).max(512), code: z.string().min(1).max(32) }),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), kioskCode: z.string(), sequenceFloor: z.int().min(0) }),
      z.object({
        ok: z.literal(false),
        reason: z.enum([
          'unknown_code',
          'code_used',
          'code_expired',
          'legacy_mismatch',
          'key_in_use',
          'offline',
          'not_our_server',
        ]),
      }),
    ]),
  },
  /** A new PIN typed on the technician screen (after `technician.unlock`); stored hashed only. */
  'technician.changePin': {
    request: z.object({ who: z.string().min(1).max(32), pin: z.string().max(16) }),
    response: z.object({ ok: z.boolean(), reason: z.enum(['invalid', 'in_use', 'unknown_staff']).optional() }),
  },
  'technician.unlock': {
    request: z.object({ pin: z.string().max(16) }),
    response: z.object({ ok: z.boolean(), retryAfterSeconds: z.int().optional() }),
  },
  /** Assisted mode: a staff member's PIN; the host answers with who they are, never with the PINs. */
  'assisted.unlock': {
    request: z.object({ pin: z.string().max(16) }),
    response: z.object({
      ok: z.boolean(),
      staffId: z.string().optional(),
      staffName: z.string().optional(),
      retryAfterSeconds: z.int().optional(),
    }),
  },
  'status.changes': {
    request: z.object({ after: z.int().min(0), limit: z.int().min(1).max(1000) }),
    response: statusChangesPageSchema,
  },
  /** Public status look-up through the server; `found: false` when the server does not know the number. */
  'status.track': {
    request: z.object({ trackingNo: trackingNumberSchema }),
    response: z.object({ found: z.boolean(), track: trackResponseSchema.optional() }),
  },
  'journal.append': {
    request: z.object({ entries: z.array(journalEntrySchema).min(1).max(100) }),
    response: z.object({ appended: z.int() }),
  },
  'journal.ack': {
    request: z.object({ keys: z.array(z.uuid()).min(1).max(1000) }),
    response: z.object({ acked: z.int() }),
  },
  /** Entries not yet acknowledged, and the highest tracking sequence ever journaled. */
  'journal.pending': {
    request: empty,
    response: z.object({ entries: z.array(journalEntrySchema), maxSequence: z.int().min(0) }),
  },
  'submissions.push': {
    request: submissionBatchSchema,
    response: z.object({ httpStatus: z.int(), results: z.array(itemResultSchema) }),
  },
  /**
   * The kiosk's health report (src-shared/schemas/health-report.ts): the renderer's part; the host
   * adds the printer's state, its uptime and the app version, and sends it with the credential.
   */
  'health.report': { request: healthReportDraftSchema, response: healthReportResponseSchema },
  /**
   * The kiosk page keeps crashing or hanging and the out-of-service screen is up (the renderer
   * supervisor decided so: Electron's main process, or browser mode's session, a process of its
   * own that calls this over the loopback bridge like the page). The host sends the page's last
   * health report again with an `out_of_service` event, since the page that sends them is gone.
   * `alerted`: the central office acknowledged it (false: no report yet to build on, or offline).
   */
  'health.outOfService': {
    request: z.object({ reason: z.string().min(1).max(500) }),
    response: z.object({ alerted: z.boolean() }),
  },
  'printer.printReceipt': {
    request: receiptJobSchema,
    response: printResultSchema,
  },
  /**
   * The printer as last seen: `reason` says why it is not ready; `paperNearEnd` warns before the
   * roll runs out (network printers only). Never whose receipt was last: that is a citizen's.
   */
  'printer.status': {
    request: empty,
    response: z.object({
      state: z.enum(['ready', 'error']),
      detail: z.string().optional(),
      reason: printerProblemSchema.optional(),
      paperNearEnd: z.boolean().optional(),
      transport: z.enum(['capture', 'tcp', 'usb']).optional(),
      text: z.enum(['raster', 'kz1048']).optional(),
      width: z.int().optional(),
    }),
  },
  /** Technician: one page printing the same lines as raster and as KZ-1048 text, to choose `printer.text`. */
  'printer.testPage': { request: empty, response: printResultSchema },
  /** Technician: prints again the last receipt this host was asked for (marked as a reprint); never automatic. */
  'printer.reprintLast': {
    request: empty,
    response: z.object({
      reprinted: z.boolean(),
      trackingNo: trackingNumberSchema.optional(),
      jobId: z.string().optional(),
      bytes: z.int().optional(),
    }),
  },
  /** Library mode: a law article or summary on the roll (see `printTextRequestSchema`). */
  'printer.printText': { request: printTextRequestSchema, response: printResultSchema },
  /**
   * Remote settings (issue 17): the roll width and text strategy from now on. Fails with
   * `printer_error` when the printer cannot take them; the renderer then refuses the version.
   */
  'printer.configure': {
    request: z
      .object({ width: z.int().min(16).max(96).optional(), text: z.enum(['raster', 'kz1048']).optional() })
      .strict(),
    response: z.object({ width: z.int(), text: z.enum(['raster', 'kz1048']) }),
  },
  /** "Check my receipt": the answer opened with the receipt's secret, on paper (see `printAnswerRequestSchema`). */
  'printer.printAnswer': { request: printAnswerRequestSchema, response: printResultSchema },
} as const;

export type BridgeContract = typeof bridgeContract;
export type BridgeMethod = keyof BridgeContract;
export const BRIDGE_METHODS = Object.keys(bridgeContract) as BridgeMethod[];
export type BridgeRequest<M extends BridgeMethod> = z.input<BridgeContract[M]['request']>;
export type BridgeResponse<M extends BridgeMethod> = z.output<BridgeContract[M]['response']>;

export function isBridgeMethod(name: unknown): name is BridgeMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(bridgeContract, name);
}

/** Error codes a bridge call can fail with; the renderer words each one for the citizen. */
export const bridgeErrorCodeSchema = z.enum([
  'invalid_request',
  'unknown_method',
  'offline',
  'timeout',
  'unauthorized',
  'server_error',
  'printer_error',
  'internal',
]);
export type BridgeErrorCode = z.infer<typeof bridgeErrorCodeSchema>;

export const bridgeReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: bridgeErrorCodeSchema, message: z.string(), reason: printerProblemSchema.optional() }),
  }),
]);
export type BridgeReply<T> =
  { ok: true; value: T } | { ok: false; error: { code: BridgeErrorCode; message: string; reason?: PrinterProblem } };

/** The shape every host implements: one async function per contract method. */
export type BridgeHandlers = {
  [M in BridgeMethod]: (request: z.output<BridgeContract[M]['request']>) => Promise<BridgeResponse<M>>;
};

export {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_IPC_CHANNEL,
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_META,
  KIOSK_INFO_META,
} from './bridge-transport.js';
