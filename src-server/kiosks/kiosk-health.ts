import { sql, type Kysely } from 'kysely';
import { unhurriedTransaction } from '../db/unhurried-transaction.js';
import type { DatabaseSchema } from '../db/schema.js';
import {
  HEALTH_EVENT_KINDS,
  HEALTH_REPORT_INTERVAL_MS,
  PRINTER_STATE_RANK,
  PRINTER_STATES,
  type HealthReport,
  type HealthReportResponse,
  type PrinterState,
} from '../../src-shared/schemas/health-report.js';
import type { Database } from '../db/database.js';
import { kioskTimeZone } from '../../src-shared/format.js';
import { isOpenAt, type OpeningHours } from '../../src-shared/schemas/kiosk-settings.js';
import { settingsResolver } from './kiosk-settings.js';

/** Online: a report within twice the interval. Late: within an hour. Offline: older. */
export const ONLINE_WITHIN_MS = 2 * HEALTH_REPORT_INTERVAL_MS;
export const LATE_WITHIN_MS = 60 * 60_000;
/** A queued item older than this is an alert. */
export const QUEUE_ALERT_AGE_S = 86_400;
/** Free storage under this share of the whole is "disk nearly full". */
export const DISK_ALERT_FREE_SHARE = 0.1;
/** Clock drift beyond this (either way) is an alert. */
export const DRIFT_ALERT_MS = 5 * 60_000;

export const FLEET_STATES = ['online', 'late', 'offline', 'never'] as const;
export type FleetState = (typeof FLEET_STATES)[number];

export const ALERT_KINDS = [
  'offline',
  'printer',
  'queue_old',
  'disk_full',
  'clock_drift',
  'content_stale',
  'sync_failed',
  /** Not online (late or offline) while its opening hours say it should be open (remote settings). */
  'offline_open',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface KioskAlert {
  kind: AlertKind;
  /** What exactly (the printer state, the queue's age in hours, the drift in minutes, …), for the table. */
  detail: string;
}

/** Printer states that need someone to come (near end only warns, unknown says nothing). */
const PRINTER_ALERT_STATES: ReadonlySet<string> = new Set(['paper_out', 'cover_open', 'offline', 'paper_near_end']);

const printerState = (value: string): PrinterState =>
  (PRINTER_STATES as readonly string[]).includes(value) ? (value as PrinterState) : 'unknown';

/** The report's free storage as a share of used + free; null when not known. */
export function freeShare(usedBytes: number | null, freeBytes: number | null): number | null {
  if (usedBytes === null || freeBytes === null) return null;
  const total = usedBytes + freeBytes;
  return total > 0 ? freeBytes / total : null;
}

const syncFailed = (report: HealthReport) =>
  [report.sync.content, report.sync.status, report.sync.push].some((r) => r?.result === 'failed');

/** `2026-12-03T20:14:00.000Z` → `2026-12-03T20`, the hour of the roll-up. */
export const hourOf = (iso: string) => iso.slice(0, 13);

/** SQL rank of a printer state column, so the worst of two is picked by the database. */
function printerRank(column: ReturnType<typeof sql.ref>) {
  const cases = PRINTER_STATES.map((s) => sql`when ${sql.lit(s)} then ${sql.lit(PRINTER_STATE_RANK[s])}`);
  return sql<number>`(case ${column} ${sql.join(cases, sql` `)} else 0 end)`;
}

/**
 * Stores a kiosk's report: replaces its latest, adds it to the hour's roll-up, stores its events
 * (each once, by the kiosk's id for it), and closes the open events whose cause the report shows
 * gone. One transaction. Works the same on SQLite and PostgreSQL (upserts with portable `case`).
 */
export async function recordHealthReport(
  db: Database,
  kioskId: number,
  report: HealthReport,
  now: Date = new Date(),
): Promise<HealthReportResponse> {
  const receivedAt = now.toISOString();
  const driftMs = Math.round(Date.parse(report.kioskTime) - now.getTime());
  const { events, ...kept } = report;
  const failed = syncFailed(report);
  const row = {
    kiosk_id: kioskId,
    received_at: receivedAt,
    kiosk_time: report.kioskTime,
    drift_ms: driftMs,
    app_version: report.appVersion,
    content_cursor: report.content.cursor,
    content_stale: report.content.stale ? 1 : 0,
    settings_version: report.settingsVersion,
    uptime_s: report.uptimeS,
    outbox_depth: report.outbox.depth,
    outbox_oldest_s: report.outbox.oldestAgeS,
    quarantined: report.outbox.quarantined,
    used_bytes: report.storage.usedBytes,
    free_bytes: report.storage.freeBytes,
    persisted: report.storage.persisted === null ? null : report.storage.persisted ? 1 : 0,
    printer: report.printer,
    sync_failed: failed ? 1 : 0,
    report: JSON.stringify(kept),
    update_state: report.update?.state ?? null,
    update_version: report.update?.version ?? null,
  };
  const absDrift = Math.abs(driftMs);
  // A report without events promises nothing the kiosk would otherwise keep (its latest and the
  // hour's roll-up are replaced by the next report): its commit does not wait for the disk, which
  // on SQLite would be an fsync per report for the whole fleet (fleet bench). A report carrying
  // events is committed the ordinary way: the kiosk forgets them once answered.
  const transaction = <T>(work: (trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> =>
    events.length > 0 ? db.transaction().execute(work) : unhurriedTransaction(db, work);
  return transaction(async (trx) => {
    const { kiosk_id: _id, ...update } = row;
    await trx
      .insertInto('kiosk_health')
      .values(row)
      .onConflict((oc) => oc.column('kiosk_id').doUpdateSet(update))
      .execute();

    const h = (column: string) => sql.ref(`kiosk_health_hourly.${column}`);
    const x = (column: string) => sql.ref(`excluded.${column}`);
    await trx
      .insertInto('kiosk_health_hourly')
      .values({
        kiosk_id: kioskId,
        hour: hourOf(receivedAt),
        reports: 1,
        max_outbox_depth: report.outbox.depth,
        worst_printer: report.printer,
        max_drift_ms: absDrift,
        min_free_bytes: report.storage.freeBytes,
      })
      .onConflict((oc) =>
        oc.columns(['kiosk_id', 'hour']).doUpdateSet({
          reports: sql<number>`${h('reports')} + 1`,
          max_outbox_depth: sql<number>`case when ${x('max_outbox_depth')} > ${h('max_outbox_depth')} then ${x('max_outbox_depth')} else ${h('max_outbox_depth')} end`,
          worst_printer: sql<string>`case when ${printerRank(x('worst_printer'))} > ${printerRank(h('worst_printer'))} then ${x('worst_printer')} else ${h('worst_printer')} end`,
          max_drift_ms: sql<number>`case when ${x('max_drift_ms')} > ${h('max_drift_ms')} then ${x('max_drift_ms')} else ${h('max_drift_ms')} end`,
          min_free_bytes: sql<
            number | null
          >`case when ${x('min_free_bytes')} is null then ${h('min_free_bytes')} when ${h('min_free_bytes')} is null or ${x('min_free_bytes')} < ${h('min_free_bytes')} then ${x('min_free_bytes')} else ${h('min_free_bytes')} end`,
        }),
      )
      .execute();

    let eventsStored = 0;
    if (events.length > 0) {
      const known = new Set<string>(HEALTH_EVENT_KINDS);
      const inserted = await trx
        .insertInto('kiosk_events')
        .values(
          events.map((e) => ({
            kiosk_id: kioskId,
            event_id: e.id,
            at: e.at,
            kind: e.kind,
            details: e.details,
            received_at: receivedAt,
            // Notes (the app started, a kind this server does not know, a printer back to ok)
            // need nothing done: closed as they come.
            closed_at:
              !known.has(e.kind) || e.kind === 'started' || (e.kind === 'printer' && e.details === 'ok') ? e.at : null,
          })),
        )
        .onConflict((oc) => oc.columns(['kiosk_id', 'event_id']).doNothing())
        .returning('id')
        .execute();
      eventsStored = inserted.length;
    }

    // Open events whose cause this report shows gone are closed now.
    const gone: string[] = [];
    if (report.printer === 'ok') gone.push('printer');
    const share = freeShare(report.storage.usedBytes, report.storage.freeBytes);
    if (share !== null && share >= DISK_ALERT_FREE_SHARE) gone.push('storage_low');
    if (!failed) gone.push('sync_failed');
    if (gone.length > 0) {
      await trx
        .updateTable('kiosk_events')
        .set({ closed_at: receivedAt })
        .where('kiosk_id', '=', kioskId)
        .where('closed_at', 'is', null)
        .where('kind', 'in', gone)
        .execute();
    }
    return { receivedAt, driftMs, eventsStored };
  });
}

/** The latest-report columns the state and alerts are derived from. */
export interface LatestHealth {
  received_at: string;
  drift_ms: number;
  content_stale: number;
  outbox_depth: number;
  outbox_oldest_s: number | null;
  used_bytes: number | null;
  free_bytes: number | null;
  printer: string;
  sync_failed: number;
}

/** Online / late / offline by the age of the latest report; never: no report at all. */
export function fleetState(receivedAt: string | null, now: Date): FleetState {
  if (receivedAt === null) return 'never';
  const age = now.getTime() - Date.parse(receivedAt);
  if (age <= ONLINE_WITHIN_MS) return 'online';
  return age <= LATE_WITHIN_MS ? 'late' : 'offline';
}

/**
 * The alerts of a kiosk, derived from its latest report and its state, so an alert closes itself
 * the moment a report shows the cause gone (nothing is stored open). An offline kiosk keeps the
 * alerts of its last report beside `offline`: they are the last known.
 */
export function kioskAlerts(
  latest: LatestHealth | null,
  now: Date,
  /** The kiosk's opening hours (remote settings) on its own clock; absent: no hours known. */
  opening?: { hours: OpeningHours; timeZone: string } | null,
): KioskAlert[] {
  if (latest === null) return [];
  const alerts: KioskAlert[] = [];
  const state = fleetState(latest.received_at, now);
  if (state === 'offline') {
    const hours = Math.floor((now.getTime() - Date.parse(latest.received_at)) / 3_600_000);
    alerts.push({ kind: 'offline', detail: `${hours} h` });
  }
  if (state !== 'online' && opening && isOpenAt(opening.hours, now, opening.timeZone)) {
    const minutes = Math.floor((now.getTime() - Date.parse(latest.received_at)) / 60_000);
    alerts.push({ kind: 'offline_open', detail: `${minutes} min` });
  }
  const printer = printerState(latest.printer);
  if (PRINTER_ALERT_STATES.has(printer)) alerts.push({ kind: 'printer', detail: printer });
  if (latest.outbox_oldest_s !== null && latest.outbox_depth > 0 && latest.outbox_oldest_s > QUEUE_ALERT_AGE_S) {
    alerts.push({ kind: 'queue_old', detail: `${Math.floor(latest.outbox_oldest_s / 3600)} h` });
  }
  const share = freeShare(latest.used_bytes, latest.free_bytes);
  if (share !== null && share < DISK_ALERT_FREE_SHARE) {
    alerts.push({ kind: 'disk_full', detail: `${Math.round(share * 100)}%` });
  }
  if (Math.abs(latest.drift_ms) > DRIFT_ALERT_MS) {
    const minutes = Math.round(latest.drift_ms / 60_000);
    alerts.push({ kind: 'clock_drift', detail: `${minutes > 0 ? '+' : ''}${minutes} min` });
  }
  if (latest.content_stale === 1) alerts.push({ kind: 'content_stale', detail: '' });
  if (latest.sync_failed === 1) alerts.push({ kind: 'sync_failed', detail: '' });
  return alerts;
}

export interface FleetRow {
  kioskCode: string;
  /** The kiosk's Mongolian name, and its aimag/soum codes. */
  name: string;
  aimagCode: string | null;
  soumCode: string | null;
  state: FleetState;
  /** When the latest report was received; null: never. */
  lastReportAt: string | null;
  outboxDepth: number | null;
  printer: PrinterState | null;
  alerts: KioskAlert[];
  /** Events still open (a problem the kiosk noticed whose cause no report has shown gone). */
  openEvents: number;
}

function mongolianName(json: string): string {
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    return typeof value.mn === 'string' ? value.mn : '';
  } catch {
    return '';
  }
}

function openingOf(
  settings: { settings: { openingHours?: OpeningHours } } | null,
  aimag: string | null,
): { hours: OpeningHours; timeZone: string } | null {
  const hours = settings?.settings.openingHours;
  return hours ? { hours, timeZone: kioskTimeZone(aimag ?? '') } : null;
}

/** Every registered kiosk with its derived state and alerts, by kiosk code. */
export async function listFleet(db: Database, now: Date = new Date()): Promise<FleetRow[]> {
  const rows = await db
    .selectFrom('kiosks as k')
    .leftJoin('kiosk_health as h', 'h.kiosk_id', 'k.id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('kiosk_events')
          .select(['kiosk_id', (e) => e.fn.countAll<number>().as('n')])
          .where('closed_at', 'is', null)
          .groupBy('kiosk_id')
          .as('ev'),
      (join) => join.onRef('ev.kiosk_id', '=', 'k.id'),
    )
    .select([
      'k.kiosk_code',
      'k.name',
      'k.aimag_code',
      'k.soum_code',
      'h.received_at',
      'h.drift_ms',
      'h.content_stale',
      'h.outbox_depth',
      'h.outbox_oldest_s',
      'h.used_bytes',
      'h.free_bytes',
      'h.printer',
      'h.sync_failed',
      'ev.n as open_events',
    ])
    .orderBy('k.kiosk_code')
    .execute();
  const settingsOf = await settingsResolver(db);
  return rows.map((r) => {
    const latest: LatestHealth | null =
      r.received_at === null
        ? null
        : {
            received_at: r.received_at,
            drift_ms: Number(r.drift_ms),
            content_stale: Number(r.content_stale),
            outbox_depth: Number(r.outbox_depth),
            outbox_oldest_s: r.outbox_oldest_s === null ? null : Number(r.outbox_oldest_s),
            used_bytes: r.used_bytes === null ? null : Number(r.used_bytes),
            free_bytes: r.free_bytes === null ? null : Number(r.free_bytes),
            printer: r.printer ?? 'unknown',
            sync_failed: Number(r.sync_failed),
          };
    return {
      kioskCode: r.kiosk_code,
      name: mongolianName(r.name),
      aimagCode: r.aimag_code,
      soumCode: r.soum_code,
      state: fleetState(r.received_at, now),
      lastReportAt: r.received_at,
      outboxDepth: latest?.outbox_depth ?? null,
      printer: latest === null ? null : printerState(latest.printer),
      alerts: kioskAlerts(
        latest,
        now,
        openingOf(settingsOf({ kioskCode: r.kiosk_code, aimagCode: r.aimag_code }), r.aimag_code),
      ),
      openEvents: Number(r.open_events ?? 0),
    };
  });
}

/** How long hourly roll-ups and closed events are kept (a year and a bit: last year's same month). */
export const HEALTH_KEEP_DAYS = 400;
/** How often a running server prunes them. */
export const HEALTH_PRUNE_INTERVAL_MS = 24 * 3_600_000;

/**
 * Deletes hourly roll-ups and closed events older than `keepDays` (open events stay, however old:
 * they still say something is wrong). Idempotent; several processes may run it.
 */
export async function pruneKioskHealth(
  db: Database,
  now: Date = new Date(),
  keepDays = HEALTH_KEEP_DAYS,
): Promise<{ hours: number; events: number }> {
  const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
  const hours = await db.deleteFrom('kiosk_health_hourly').where('hour', '<', hourOf(before)).executeTakeFirst();
  const events = await db
    .deleteFrom('kiosk_events')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', before)
    .executeTakeFirst();
  return { hours: Number(hours.numDeletedRows), events: Number(events.numDeletedRows) };
}
