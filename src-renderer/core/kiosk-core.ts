import type { BridgeResponse, PrintAnswerRequest, PrintTextRequest } from '../../src-shared/bridge-contract.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { PrinterProblem } from '../../src-shared/schemas/printer-problem.js';
import { pickText } from '../../src-shared/pick-text.js';
import type { OutboxEntry, TsonkhDb } from '../data/db.js';
import type { NewSubmission } from '../data/outbox-repo.js';
import { getPlace, outboxCounts } from '../data/queries.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { submitToOutbox, type SubmittedEntry } from '../sync/submit.js';
import type { DiskVerdict } from '../../src-shared/rules/disk-room.js';
import { applyKioskReturn, type KioskReturnOutcome } from '../sync/kiosk-return.js';
import { roomForSubmission } from '../sync/room.js';
import { changeTechnicianPin, enrolKiosk, type EnrolCommand } from './enrolment-gate.js';
import type { SyncEngine, SyncState } from '../sync/sync-engine.js';
import { diagnosticsPart, exportOutboxToUsb, type OutboxExportResult } from '../sync/usb-exports.js';
import {
  localReceiptStatus,
  openHeldAnswer,
  remoteReceiptStatus,
  type HeldAnswer,
  type LocalReceiptStatus,
  type OpenAnswerResult,
  type ReceiptStatus,
} from './receipt-status.js';
import type { ReceiptSubject } from './receipt-subject.js';

export type { HeldAnswer, LocalReceiptStatus, OpenAnswerResult, ReceiptStatus, ReceiptSubject, SubmittedEntry };

/** A receipt to print: the queued entry's public part, in the citizen's language. */
export interface ReceiptToPrint {
  entry: Pick<OutboxEntry, 'trackingNo' | 'kind' | 'title' | 'createdAt'>;
  lang: Language;
  /** When the answer is due by law (petitions). */
  dueDate?: string | undefined;
  /** The receipt's secret ('' for none): printed, never stored. */
  secret?: string | undefined;
}

/** Where a receipt's printing is, for the receipt screen. */
export interface ReceiptPrintState {
  state: 'printing' | 'printed' | 'failed';
  /** Why it failed, as the host reports it (paper_out, cover_open, offline, disconnected, timeout…). */
  reason?: PrinterProblem | undefined;
}

export type PrinterStatus = BridgeResponse<'printer.status'>;
export type ContentBundle = BridgeResponse<'content.findBundles'>['bundles'][number];
export type UsbFolder = BridgeResponse<'usb.findFolders'>['folders'][number];
/** A PIN check: `retryAfterSeconds` once too many wrong PINs have locked the pad. */
export interface UnlockResult {
  ok: boolean;
  retryAfterSeconds?: number | undefined;
}
export interface StaffUnlockResult extends UnlockResult {
  staffId?: string | undefined;
  staffName?: string | undefined;
}

/**
 * The kiosk's use cases, without React: what a screen may ask the host and the kiosk's own
 * store to do, by name and type. Screens never hold the bridge; a print or unlock fails with
 * the host's `BridgeCallError` (a printer problem carries its reason), for the screen to word.
 */
export interface KioskCore {
  readonly info: KioskPublicInfo;
  /** Seals and queues a submission (outbox + host journal). Resolves once it is on disk. */
  submit(input: Omit<NewSubmission, 'kioskCode'>, options?: { receiptSecret?: boolean }): Promise<SubmittedEntry>;
  /** Prints a queued submission's receipt, naming where it was printed (the kiosk's aimag and soum). */
  printReceipt(receipt: ReceiptToPrint): Promise<void>;
  /** Technician: prints the last receipt again, marked as a reprint. */
  reprintLastReceipt(): Promise<{ reprinted: boolean; trackingNo?: string | undefined }>;
  /** Library mode: a law article or summary on the roll. */
  printLawText(request: PrintTextRequest): Promise<void>;
  /** "Check my receipt": an opened answer on paper. */
  printAnswer(request: PrintAnswerRequest): Promise<void>;
  /** "Check my receipt", first step: what this kiosk knows by itself, offline. */
  localReceiptStatus(trackingNo: string): Promise<LocalReceiptStatus>;
  /** "Check my receipt", second step: the server's answer, or null (unknown there, or offline). */
  remoteReceiptStatus(trackingNo: string, own: ReceiptSubject | undefined): Promise<ReceiptStatus | null>;
  openAnswer(held: HeldAnswer, typedSecret: string, onOpening?: () => void): Promise<OpenAnswerResult>;
  unlockTechnician(pin: string): Promise<UnlockResult>;
  unlockAssisted(pin: string): Promise<StaffUnlockResult>;
  printerStatus(): Promise<PrinterStatus>;
  printerTestPage(): Promise<void>;
  /** Technician: content bundles on a USB stick the host can see. */
  findContentBundles(): Promise<ContentBundle[]>;
  /**
   * Technician: applies a bundle's pages through the same checks as a download, then what it
   * brings back for this kiosk (its submissions the server holds, and their statuses), if any.
   */
  importContentBundle(
    bundle: Pick<ContentBundle, 'id' | 'pages'> & { forThisKiosk?: unknown },
  ): Promise<{ items: number; returned: KioskReturnOutcome | null }>;
  /** Technician: enrols this kiosk (again) with a one-time code; the page reloads on success. */
  enrol: EnrolCommand;
  /** Technician: a new technician PIN (hashed by the host; must differ from every staff PIN). */
  changeTechnicianPin(pin: string): Promise<BridgeResponse<'technician.changePin'>>;
  /** Whether the kiosk can keep one more submission safely (host disk and browser quota). */
  roomForSubmission(): Promise<DiskVerdict>;
  /** Technician: folders on USB sticks the host may write to. */
  findUsbFolders(): Promise<UsbFolder[]>;
  /** Technician: the outbox, sealed, to a USB stick for `npm run import-outbox`. */
  exportOutboxToUsb(folderId: string): Promise<OutboxExportResult>;
  /** Technician: the diagnostics file (no personal data, keys or PINs) to a USB stick. */
  exportDiagnosticsToUsb(folderId: string, state: SyncState): Promise<BridgeResponse<'diagnostics.exportToUsb'>>;
  /** Technician: a new version of the kiosk from a USB folder, verified by the host (issue 18). */
  installReleaseFromUsb(folderId: string): Promise<BridgeResponse<'update.installFromUsb'>>;
  syncNow(): Promise<void>;
  /** Sends a health report now (test hooks; the sync engine reports every few minutes by itself); true when acknowledged. */
  reportHealth(): Promise<boolean>;
  /** Outbox entries by state (test hooks). */
  outboxCounts(): Promise<Record<string, number>>;
}

export interface KioskCoreDeps {
  db: TsonkhDb;
  bridge: BridgeClient;
  sync: Pick<SyncEngine, 'syncNow' | 'importFrom' | 'health'>;
  info: KioskPublicInfo;
}

export function createKioskCore({ db, bridge, sync, info }: KioskCoreDeps): KioskCore {
  return {
    info,
    submit: (input, options) => submitToOutbox({ db, bridge, info }, input, options),
    async printReceipt({ entry, lang, dueDate, secret }) {
      // Where it was printed, by name in the citizen's language (from the published places).
      const aimag = await getPlace(db, info.place.aimag).catch(() => undefined);
      const soum = aimag?.soums.find((x) => x.id === info.place.soum);
      await bridge.call('printer.printReceipt', {
        ...(aimag && soum ? { place: { aimag: pickText(aimag.name, lang), soum: pickText(soum.name, lang) } } : {}),
        trackingNo: entry.trackingNo,
        kind: entry.kind,
        title: entry.title,
        lang,
        createdAt: entry.createdAt,
        ...(dueDate ? { dueDate } : {}),
        ...(secret ? { secret } : {}),
      });
    },
    async reprintLastReceipt() {
      const r = await bridge.call('printer.reprintLast', {});
      return { reprinted: r.reprinted, trackingNo: r.trackingNo };
    },
    async printLawText(request) {
      await bridge.call('printer.printText', request);
    },
    async printAnswer(request) {
      await bridge.call('printer.printAnswer', request);
    },
    localReceiptStatus: (trackingNo) => localReceiptStatus(db, trackingNo),
    remoteReceiptStatus: (trackingNo, own) => remoteReceiptStatus(db, bridge, trackingNo, own),
    openAnswer: (held, typedSecret, onOpening) => openHeldAnswer(db, held, typedSecret, onOpening),
    unlockTechnician: (pin) => bridge.call('technician.unlock', { pin }),
    unlockAssisted: (pin) => bridge.call('assisted.unlock', { pin }),
    printerStatus: () => bridge.call('printer.status', {}),
    async printerTestPage() {
      await bridge.call('printer.testPage', {});
    },
    findContentBundles: async () => (await bridge.call('content.findBundles', {})).bundles,
    async importContentBundle(bundle) {
      const done =
        bundle.pages > 0
          ? await sync.importFrom((after) =>
              bridge
                .call('content.bundlePage', { bundleId: bundle.id, after })
                .then((r) => (r.signed ? { signed: r.signed, bytes: r.bytes } : null)),
            )
          : { items: 0 };
      const { signed } = bundle.forThisKiosk
        ? await bridge.call('content.bundleKioskReturn', { bundleId: bundle.id })
        : { signed: null };
      if (!signed) return { items: done.items, returned: null };
      const pinned = [info.contentPublicKey, ...(info.nextContentPublicKey ? [info.nextContentPublicKey] : [])];
      return { items: done.items, returned: await applyKioskReturn(db, bridge, signed, pinned, info.kioskCode) };
    },
    enrol: (serverUrl, code) => enrolKiosk(bridge, serverUrl, code),
    changeTechnicianPin: (pin) => changeTechnicianPin(bridge, pin),
    roomForSubmission: () => roomForSubmission(bridge),
    findUsbFolders: () => bridge.call('usb.findFolders', {}).then((r) => r.folders),
    exportOutboxToUsb: (folderId) => exportOutboxToUsb(db, bridge, folderId),
    installReleaseFromUsb: (folderId) => bridge.call('update.installFromUsb', { folderId }),
    exportDiagnosticsToUsb: async (folderId, state) =>
      bridge.call('diagnostics.exportToUsb', { folderId, kiosk: await diagnosticsPart(db, state) }),
    syncNow: () => sync.syncNow(),
    reportHealth: () => sync.health.reportNow(),
    outboxCounts: () => outboxCounts(db),
  };
}
