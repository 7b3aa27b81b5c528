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
import { submissionKindSchema, submissionSchema, trackingNumberSchema } from './schemas/submission.js';

/**
 * The one contract between the renderer and the kiosk host. The Electron preload, the IPC
 * handler, the browser-mode HTTP bridge and the renderer's client are all built from this
 * map, so a call is `bridge.call('printer.printReceipt', job)` with both sides type-checked
 * and every request validated by the host before it runs.
 */
const empty = z.object({}).strict();

export const receiptJobSchema = z.object({
  trackingNo: trackingNumberSchema,
  kind: submissionKindSchema,
  title: localizedTextSchema,
  lang: languageSchema,
  createdAt: z.iso.datetime({ offset: true }),
});
export type ReceiptJob = z.infer<typeof receiptJobSchema>;

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
        }),
      ),
    }),
  },
  'content.bundlePage': {
    request: z.object({ bundleId: z.string().min(1).max(512), after: z.int().min(0) }),
    /** The bundle's page continuing from `after`, or null when the bundle has nothing after it. */
    response: z.object({ signed: signedContentPageSchema.nullable(), bytes: z.int().min(0) }),
  },
  'technician.unlock': {
    request: z.object({ pin: z.string().max(16) }),
    response: z.object({ ok: z.boolean(), retryAfterSeconds: z.int().optional() }),
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
  'printer.printReceipt': {
    request: receiptJobSchema,
    response: z.object({ jobId: z.string(), bytes: z.int() }),
  },
  'printer.status': {
    request: empty,
    response: z.object({ state: z.enum(['ready', 'error']), detail: z.string().optional() }),
  },
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
  z.object({ ok: z.literal(false), error: z.object({ code: bridgeErrorCodeSchema, message: z.string() }) }),
]);
export type BridgeReply<T> = { ok: true; value: T } | { ok: false; error: { code: BridgeErrorCode; message: string } };

/** The shape every host implements: one async function per contract method. */
export type BridgeHandlers = {
  [M in BridgeMethod]: (request: z.output<BridgeContract[M]['request']>) => Promise<BridgeResponse<M>>;
};

/** Electron IPC channel for the single bridge entry point. */
export const BRIDGE_IPC_CHANNEL = 'tsonkh:bridge';
/** Browser mode: HTTP path prefix and session-token header. */
export const BRIDGE_HTTP_PREFIX = '/bridge/';
export const BRIDGE_TOKEN_HEADER = 'x-tsonkh-session';
export const BRIDGE_TOKEN_META = 'tsonkh-session';
