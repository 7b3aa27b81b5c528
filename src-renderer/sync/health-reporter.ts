import {
  HEALTH_REPORT_INTERVAL_MS,
  MAX_EVENTS_PER_REPORT,
  printerStateOf,
  type HealthReportDraft,
  type PrinterState,
  type SyncResult,
} from '../../src-shared/schemas/health-report.js';
import type { TsonkhDb } from '../data/db.js';
import { CONTENT_STALE_AFTER_MS, contentCursor, contentSeen } from '../data/content-repo.js';
import { getMeta } from '../data/meta.js';
import { forgetHealthEvents, outboxHealth, pendingHealthEvents, recordHealthEvent } from '../data/health-repo.js';
import { storageEstimate } from '../data/storage.js';
import type { BridgeClient } from '../platform/bridge-client.js';

/** Free storage under this share of the whole is noted as an event (the server alerts on it too). */
const STORAGE_LOW_SHARE = 0.1;

/** The printer is asked at most once a minute (its state changes are kept to the minute). */
export const PRINTER_CHECK_MS = 60_000;

export type SyncKind = 'content' | 'status' | 'push';

/**
 * The kiosk's side of the health reports (src-shared/schemas/health-report.ts). The sync engine
 * tells it how each sync went and calls `watch` on every run, online or not: it asks the host for
 * the printer's state and the browser for storage, and keeps an event (with its time) when the
 * printer's state changes or storage runs low, so what happened while offline is told later. When
 * online, `reportIfDue` sends a report every `intervalMs` (the host adds the printer's state, its
 * uptime and the version); the events it carried are forgotten once the server has them. Nothing
 * here ever fails a sync: a report that does not go is tried again on the next run.
 */
export class HealthReporter {
  private readonly results: Record<SyncKind, SyncResult | null> = { content: null, status: null, push: null };
  private printer: PrinterState | null = null;
  private storageLow = false;
  private lastSentAt = -Infinity;
  private lastPrinterCheck = -Infinity;
  private started = false;

  constructor(
    private readonly db: TsonkhDb,
    private readonly bridge: BridgeClient,
    private readonly options: {
      intervalMs?: number;
      /**
       * How often at most the printer is asked (PRINTER_CHECK_MS). The host asks a network printer
       * over a new connection, queued behind print jobs: asked on every sync run, a citizen's
       * receipt could wait behind a check of a printer that does not answer.
       */
      printerCheckMs?: number;
      now?: () => Date;
      /**
       * Remote settings (./remote-settings.ts): its version is named in each report (the
       * acknowledgement), and a version the answer carries is handed to it.
       */
      settings?: {
        load(): Promise<void>;
        readonly version: number | null;
        receive(delivery: unknown, now?: Date): Promise<unknown>;
      };
    } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  noteSync(kind: SyncKind, ok: boolean): void {
    this.results[kind] = { result: ok ? 'ok' : 'failed', at: this.now().toISOString() };
  }

  /** A result with its own time (the outbox sender's last push). */
  setSync(kind: SyncKind, result: SyncResult | null): void {
    if (result !== null) this.results[kind] = result;
  }

  /** Looks at the printer and storage; keeps an event for each change worth telling. */
  async watch(): Promise<void> {
    try {
      if (!this.started) {
        this.started = true;
        await recordHealthEvent(this.db, 'started', '', this.now());
      }
      const now = this.now().getTime();
      if (now - this.lastPrinterCheck >= (this.options.printerCheckMs ?? PRINTER_CHECK_MS)) {
        this.lastPrinterCheck = now;
        const printer = await this.bridge
          .call('printer.status', {})
          .then(printerStateOf)
          .catch((): PrinterState => 'unknown');
        // The first look is no change; `unknown` (the host could not be asked) is not one either.
        if (this.printer !== null && printer !== this.printer && printer !== 'unknown') {
          await recordHealthEvent(this.db, 'printer', printer, this.now());
        }
        if (printer !== 'unknown' || this.printer === null) this.printer = printer;
      }
      const storage = await storageEstimate();
      if (storage && storage.quota > 0) {
        const low = (storage.quota - storage.usage) / storage.quota < STORAGE_LOW_SHARE;
        if (low && !this.storageLow) {
          await recordHealthEvent(this.db, 'storage_low', `${storage.quota - storage.usage} bytes free`, this.now());
        }
        this.storageLow = low;
      }
    } catch {
      // The health watch never stops a sync.
    }
  }

  /** The renderer's part of a report, as of now. */
  async draft(): Promise<HealthReportDraft> {
    const now = this.now();
    const [cursor, seen, persisted, outbox, storage, events] = await Promise.all([
      contentCursor(this.db),
      getMeta(this.db, 'contentSeen'),
      getMeta(this.db, 'storagePersisted'),
      outboxHealth(this.db),
      storageEstimate(),
      pendingHealthEvents(this.db, MAX_EVENTS_PER_REPORT),
    ]);
    await this.options.settings?.load().catch(() => undefined);
    const { signedAt } = contentSeen(seen);
    return {
      kioskTime: now.toISOString(),
      content: {
        cursor,
        signedAt,
        // The technician screen's rule: nothing newer confirmed by the server for three days.
        stale: signedAt !== null && now.getTime() - Date.parse(signedAt) >= CONTENT_STALE_AFTER_MS,
      },
      settingsVersion: this.options.settings?.version ?? null,
      outbox: {
        depth: outbox.depth,
        oldestAgeS:
          outbox.oldestCreatedAt === null
            ? null
            : Math.max(0, Math.floor((now.getTime() - Date.parse(outbox.oldestCreatedAt)) / 1000)),
        quarantined: outbox.quarantined,
      },
      storage: {
        usedBytes: storage ? storage.usage : null,
        freeBytes: storage && storage.quota > 0 ? Math.max(0, storage.quota - storage.usage) : null,
        persisted: typeof persisted === 'boolean' ? persisted : null,
      },
      sync: { ...this.results },
      events,
    };
  }

  /** Sends a report when one is due (call when online). True when one was sent and acknowledged. */
  async reportIfDue(): Promise<boolean> {
    const now = this.now().getTime();
    if (now - this.lastSentAt < (this.options.intervalMs ?? HEALTH_REPORT_INTERVAL_MS)) return false;
    return this.reportNow();
  }

  /** Sends a report now, due or not (tests; the technician screen may offer it). */
  async reportNow(): Promise<boolean> {
    const now = this.now().getTime();
    try {
      const draft = await this.draft();
      const answer = await this.bridge.call('health.report', draft);
      this.lastSentAt = now;
      await forgetHealthEvents(
        this.db,
        draft.events.map((e) => e.id),
      );
      if (answer.settings && this.options.settings) {
        // A refusal is kept as an event and goes with the next report; nothing here fails the sync.
        await this.options.settings.receive(answer.settings, this.now()).catch(() => undefined);
      }
      return true;
    } catch {
      // Kept, events and all, for the next run.
      return false;
    }
  }
}
