import { z } from 'zod';
import { signedSettingsSchema } from './kiosk-settings.js';
import { releaseOfferSchema, updateReportSchema } from './release.js';

/**
 * A kiosk's health report (`POST /api/v1/health-reports`), sent every few minutes while it is
 * online. The server keeps the latest per kiosk and an hourly roll-up, derives the kiosk's state
 * and alerts from them (src-server/kiosks/kiosk-health.ts), and stores the `events` the kiosk
 * noticed while offline. Objects are not strict: a newer kiosk's extra members are dropped, not
 * refused, so an old server keeps taking its reports.
 */

/** What the receipt printer said last (DLE EOT, src-main/printer/printer-status.ts). */
export const PRINTER_STATES = ['ok', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'unknown'] as const;
export const printerStateSchema = z.enum(PRINTER_STATES);
export type PrinterState = z.infer<typeof printerStateSchema>;

/** Printer states that stop printing, worst first (`paper_near_end` only warns; `unknown`: no printer answer). */
export const PRINTER_STATE_RANK: Readonly<Record<PrinterState, number>> = {
  ok: 0,
  unknown: 1,
  paper_near_end: 2,
  offline: 3,
  cover_open: 4,
  paper_out: 5,
};

const isoTime = z.iso.datetime({ offset: true });
const count = z.int().min(0).max(10_000_000);
const bytes = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The result of one kind of sync the last time it ran: it went through, or it failed. */
export const syncResultSchema = z.object({ result: z.enum(['ok', 'failed']), at: isoTime });
export type SyncResult = z.infer<typeof syncResultSchema>;

/**
 * Event kinds the server understands. `printer`: the printer's state changed (details = the new
 * state, e.g. `paper_out`); `storage_low`: free storage fell under a tenth; `sync_failed`: a sync
 * failed (details say which); `started`: the app started; `out_of_service`: the kiosk page kept
 * crashing or hanging and the kiosk shows its out-of-service screen (details: why). A kind the server does not know (a
 * newer kiosk's) is still stored, as a note closed at once.
 */
export const HEALTH_EVENT_KINDS = ['printer', 'storage_low', 'sync_failed', 'started', 'out_of_service'] as const;
export type HealthEventKind = (typeof HEALTH_EVENT_KINDS)[number];

/** A problem the kiosk noticed, with its own time, kept until a report carrying it is acknowledged. */
export const healthEventSchema = z.object({
  /** The kiosk's id for the event (a resend after a lost answer is stored once). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  at: isoTime,
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  // No NUL: PostgreSQL text cannot hold it, and no kiosk means one.
  details: z
    .string()
    .max(500)
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters')
    .default(''),
});
export type HealthEvent = z.infer<typeof healthEventSchema>;

/** Events one report may carry; a kiosk offline for long sends the rest in the next reports. */
export const MAX_EVENTS_PER_REPORT = 200;

export const healthReportSchema = z.object({
  /** The kiosk's clock when it made the report: the server derives the drift from it. */
  kioskTime: isoTime,
  appVersion: z.string().regex(/^[\x21-\x7e]{1,40}$/, 'must be 1 to 40 printable ASCII characters'),
  content: z.object({
    /** The content sequence the kiosk has applied. */
    cursor: z.int().min(0),
    /** When the server signed the newest page it applied; null: none yet. */
    signedAt: isoTime.nullable(),
    /** The technician screen's "content may be stale" (nothing newer confirmed for three days). */
    stale: z.boolean(),
  }),
  /** The remote settings version it runs; null until remote settings exist. */
  settingsVersion: z.int().min(0).max(2_147_483_647).nullable(),
  uptimeS: z
    .int()
    .min(0)
    .max(10 * 365 * 86_400),
  outbox: z.object({
    depth: count,
    /** Age of the oldest queued item in seconds; null: the queue is empty. */
    oldestAgeS: z.int().min(0).nullable(),
    quarantined: count,
  }),
  storage: z.object({
    /** Bytes used and free as the browser estimates them; null: not known. */
    usedBytes: bytes.nullable(),
    freeBytes: bytes.nullable(),
    /** Whether the browser promised not to evict the kiosk's data; null: not known. */
    persisted: z.boolean().nullable(),
  }),
  printer: printerStateSchema,
  /** The last content pull, status pull and outbox push; null: not tried since start. */
  sync: z.object({
    content: syncResultSchema.nullable(),
    status: syncResultSchema.nullable(),
    push: syncResultSchema.nullable(),
  }),
  events: z.array(healthEventSchema).max(MAX_EVENTS_PER_REPORT).default([]),
  /** How the kiosk's own update stands (issue 18; src-main/update/); absent from older kiosks. */
  update: updateReportSchema.optional(),
});
export type HealthReport = z.infer<typeof healthReportSchema>;
export type HealthReportInput = z.input<typeof healthReportSchema>;

/** The server's answer: when it received the report, the drift it measured, events newly stored. */
export const healthReportResponseSchema = z.object({
  receivedAt: isoTime,
  /** Kiosk clock minus server clock, in milliseconds. */
  driftMs: z.int(),
  eventsStored: z.int().min(0),
  /**
   * The remote settings version the kiosk should run, signed, when it is not the one the report
   * named (src-shared/schemas/kiosk-settings.ts). Absent: nothing to change.
   */
  settings: signedSettingsSchema.optional(),
  /**
   * Whether the kiosk's opening hours (remote settings) say it is open now, on its own clock;
   * absent when it has none. Its updater installs a release outside opening hours (issue 18).
   */
  openNow: z.boolean().optional(),
  /**
   * A newer release offered to this kiosk (src-server/releases/): a pilot release to a pilot
   * kiosk, a promoted one to every kiosk. Absent: nothing newer for it.
   */
  release: releaseOfferSchema.optional(),
});
export type HealthReportResponse = z.infer<typeof healthReportResponseSchema>;

/** How often an online kiosk reports; late after twice this, offline after an hour. */
export const HEALTH_REPORT_INTERVAL_MS = 5 * 60_000;

/**
 * What the renderer sends through the bridge (`health.report`): the report without what the
 * host knows better — the printer's state (asked by DLE EOT), its uptime and the app's version.
 */
export const healthReportDraftSchema = healthReportSchema.omit({ printer: true, uptimeS: true, appVersion: true });
export type HealthReportDraft = z.infer<typeof healthReportDraftSchema>;

/**
 * The printer's state for a report, from the host's `printer.status` answer: ready (or ready with
 * the roll nearly out), or why not; a link that does not answer is `offline`.
 */
export function printerStateOf(status: {
  state: 'ready' | 'error';
  reason?: 'paper_out' | 'cover_open' | 'offline' | 'disconnected' | 'timeout' | 'unknown';
  paperNearEnd?: boolean;
}): PrinterState {
  if (status.state === 'ready') return status.paperNearEnd === true ? 'paper_near_end' : 'ok';
  switch (status.reason) {
    case 'paper_out':
    case 'cover_open':
    case 'offline':
      return status.reason;
    case 'disconnected':
    case 'timeout':
      return 'offline';
    default:
      return 'unknown';
  }
}
