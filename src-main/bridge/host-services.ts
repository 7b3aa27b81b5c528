import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { releaseRefusalSchema, type BridgeHandlers } from '../../src-shared/bridge-contract.js';
import type { KioskConfig, KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { SubmissionJournal } from '../journal/submission-journal.js';
import type { ReceiptPrinter } from '../printer/printer.js';
import { createBundleReader } from '../content/content-bundles.js';
import { createStaffLock, createTechnicianLock, fileLockStore, memoryLockStore } from '../security/technician-lock.js';
import type { ServerTransport } from '../transport/server-transport.js';
import { printerStateOf, type HealthReportDraft } from '../../src-shared/schemas/health-report.js';
import { createDiskWatch, kioskDiskLimitsFromEnv, type DiskWatch } from '../storage/disk-watch.js';
import { createUsbFolders } from '../usb/usb-folders.js';
import { writeOutboxExport } from '../usb/outbox-export.js';
import { writeDiagnostics } from '../usb/diagnostics.js';
import { recentLogLines } from '../logger.js';
import type { BridgeResponse } from '../../src-shared/bridge-contract.js';
import { BridgeError } from './bridge-error.js';
import type { PinStore } from '../enrolment/kiosk-pins.js';
import type { KioskKey } from '../enrolment/kiosk-key.js';
import type { DownloadResult } from '../update/download-release.js';
import type { Updater } from '../update/updater.js';
import { createFolderReleaseSource } from '../update/release-source.js';
import { USB_RELEASE_FOLDER } from '../../src-shared/schemas/release.js';
import { UpdateError } from '../update/update-error.js';

/** Enrolment as the host implements it (`kiosk-host.ts`); absent: a kiosk set up the old way only. */
export interface EnrolmentHandlers {
  state(): NonNullable<KioskPublicInfo['enrolment']>;
  status(): Promise<BridgeResponse<'enrolment.status'>>;
  enrol(request: { serverUrl: string; code: string }): Promise<BridgeResponse<'enrolment.enrol'>>;
  /** The highest tracking sequence the server had seen when the kiosk was enrolled (0: none). */
  sequenceFloor(): number;
}

/** The app's version as reports name it: npm's (npm run kiosk / start) or the one the host is given. */
const DEFAULT_APP_VERSION = process.env.npm_package_version?.trim() || '0.0.0-unknown';

export interface HostServicesOptions {
  config: KioskConfig;
  transport: ServerTransport;
  printer: ReceiptPrinter;
  /** The host's durable second copy of queued submissions. */
  journal: SubmissionJournal;
  mode: KioskPublicInfo['mode'];
  /** The host's private folder (the journal's): wrong PIN tries are counted there across restarts. */
  stateDir?: string;
  /** The app's version for health reports (Electron passes `app.getVersion()`). */
  appVersion?: string;
  /** Seconds since the host started, for health reports. */
  uptimeS?: () => number;
  /** Watches the journal's disk (default: `stateDir`'s, or the working folder's, by statfs). */
  diskWatch?: DiskWatch;
  /** Versions for the diagnostics bundle beside the app's (Electron passes its own and Chromium's). */
  versions?: Record<string, string>;
  /** Enrolment (issue 17); without it the kiosk is one set up the old way. */
  enrolment?: EnrolmentHandlers;
  /** The PINs as hashes (`enrolment/kiosk-pins.ts`); without them the config's plain PINs (tests). */
  pins?: Promise<PinStore>;
  /**
   * An enrolled kiosk's own key (`enrolment/kiosk-key.ts`): it signs the USB outbox export, since
   * such a kiosk has no shared credential. Absent: the export is MACed with `config.server.credential`.
   */
  kioskKey?: KioskKey;
  /** The kiosk's updater (issue 18): its state goes in each health report, and it takes the offers. */
  updater?: Updater;
}

/** What the renderer may know about its kiosk: built field by field, so the credential can never slip in. */
export function kioskPublicInfo(config: KioskConfig, mode: KioskPublicInfo['mode']): KioskPublicInfo {
  return {
    kioskCode: config.kioskCode,
    name: config.name,
    place: config.place,
    languages: config.languages,
    defaultLanguage: config.defaultLanguage,
    syncIntervalSeconds: config.sync.intervalSeconds,
    contentPublicKey: config.contentPublicKey,
    ...(config.nextContentPublicKey ? { nextContentPublicKey: config.nextContentPublicKey } : {}),
    submissionPublicKey: config.submissionPublicKey,
    testHooks: config.testHooks,
    mode,
    idle: config.idle,
    publicSite: config.publicSite,
    presentation: config.presentation,
    assistedMode: config.staff.length > 0 && config.presentation === 'kiosk',
  };
}

/**
 * The host's implementation of the bridge contract, the same for Electron and browser mode.
 * Requests arrive already validated by `dispatchBridgeCall`; these handlers only connect each
 * call to the service that owns it (server transport, printer, journal, config).
 */
export function createHostServices({
  config,
  transport,
  printer,
  journal,
  mode,
  stateDir,
  appVersion = DEFAULT_APP_VERSION,
  uptimeS = () => Math.floor(process.uptime()),
  diskWatch = createDiskWatch({ dir: stateDir ?? process.cwd(), limits: kioskDiskLimitsFromEnv() }),
  versions = {},
  enrolment,
  pins,
  kioskKey,
  updater,
}: HostServicesOptions): BridgeHandlers {
  const info = kioskPublicInfo(config, mode);
  const bundles = createBundleReader(config.importDirs, config.kioskCode);
  const usbFolders = createUsbFolders(config.importDirs);
  const locks = stateDir === undefined ? memoryLockStore() : fileLockStore(stateDir);
  // With a PIN store the config's plain PINs are not used (they were hashed into it on first start).
  const technician = pins ? null : createTechnicianLock(config.technicianPin, Date.now, locks);
  const staff = pins
    ? null
    : createStaffLock(
        config.staff.flatMap((s) => (s.pin === undefined ? [] : [{ ...s, pin: s.pin }])),
        Date.now,
        locks,
      );
  // The page's last health report: an out-of-service alert is that report again with its event.
  let lastDraft: HealthReportDraft | null = null;
  const sendHealthReport = async (draft: HealthReportDraft) => {
    // A printer that cannot be asked is reported as unknown; the report still goes.
    const status = await printer.status().catch(() => null);
    const state = status === null ? 'unknown' : printerStateOf(status);
    const update = updater?.report();
    return transport.healthReport({
      ...draft,
      printer: state,
      uptimeS: uptimeS(),
      appVersion,
      ...(update ? { update } : {}),
    });
  };
  return {
    'kiosk.info': async () => ({
      ...info,
      ...(pins ? { assistedMode: (await pins).staffNames().length > 0 && config.presentation === 'kiosk' } : {}),
      enrolment: enrolment?.state() ?? 'legacy',
    }),
    'enrolment.status': async () =>
      enrolment ? enrolment.status() : { state: 'legacy', kioskCode: config.kioskCode, serverUrl: config.server.url },
    'enrolment.enrol': async (request) => {
      if (!enrolment) throw new BridgeError('invalid_request', 'this host cannot enrol');
      return enrolment.enrol(request);
    },
    'technician.changePin': async ({ who, pin }) => {
      if (!pins) return { ok: false, reason: 'invalid' };
      const changed = await (await pins).change(who, pin);
      return changed.ok ? { ok: true } : { ok: false, reason: changed.reason };
    },
    'server.health': () => transport.health(),
    'content.changes': ({ after, limit, maxBytes }) => transport.contentChanges(after, limit, maxBytes),
    'openData.changes': ({ aimags, after, limit, maxBytes }) =>
      transport.openDataChanges(aimags, after, limit, maxBytes),
    'content.findBundles': async () => ({ bundles: await bundles.find() }),
    'content.bundlePage': ({ bundleId, after }) => bundles.page(bundleId, after),
    'content.bundleKioskReturn': async ({ bundleId }) => ({ signed: await bundles.kioskReturn(bundleId) }),
    'storage.status': () => diskWatch.state(),
    'usb.findFolders': async () => ({ folders: await usbFolders.find() }),
    'outbox.exportToUsb': async ({ folderId, skip }) => {
      const dir = await usbFolders.resolve(folderId);
      const skipped = new Set(skip);
      const { entries } = await journal.pending();
      return writeOutboxExport({
        dir,
        kioskCode: config.kioskCode,
        ...(kioskKey ? { key: kioskKey } : { credential: config.server.credential }),
        items: entries.filter((e) => !skipped.has(e.idempotencyKey)).map((e) => e.submission),
      });
    },
    'update.installFromUsb': async ({ folderId }) => {
      if (!updater) return { ok: false, refused: 'no_release_key' };
      const dir = await usbFolders.resolve(folderId);
      // The folder itself, or the stick that holds `tsonkh-release/`.
      const releaseDir = path.basename(dir) === USB_RELEASE_FOLDER ? dir : path.join(dir, USB_RELEASE_FOLDER);
      let staged: DownloadResult;
      try {
        staged = await updater.takeFrom(createFolderReleaseSource(releaseDir));
      } catch (error) {
        // The release itself refused: why, for the technician. A stick that cannot be read, a full disk: the call fails.
        const refused = releaseRefusalSchema.safeParse(error instanceof UpdateError ? error.problem : null);
        if (refused.success) return { ok: false, refused: refused.data };
        throw error;
      }
      // The technician chose it and is at the kiosk: no visitor to wait for.
      const installed = await updater.installIfIdle({ force: true });
      return {
        ok: true,
        version: staged.version,
        fetchedFiles: staged.fetchedFiles,
        reusedFiles: staged.reusedFiles,
        installed,
      };
    },
    'diagnostics.exportToUsb': async ({ folderId, kiosk }) => {
      const dir = await usbFolders.resolve(folderId);
      const status = await printer.status().catch(() => null);
      const journalState = await journal
        .pending()
        .then(({ entries, maxSequence }) => ({ pending: entries.length, maxSequence }))
        .catch((error: Error) => ({ error: error.message }));
      return writeDiagnostics(dir, {
        config,
        renderer: kiosk,
        versions: {
          app: appVersion,
          node: process.versions.node,
          // Under Electron the host's process knows its Electron and Chromium too.
          ...(process.versions.electron ? { electron: process.versions.electron } : {}),
          ...(process.versions.chrome ? { chromium: process.versions.chrome } : {}),
          platform: process.platform,
          arch: process.arch,
          ...versions,
        },
        uptimeS: uptimeS(),
        journal: journalState,
        disk: await diskWatch.state(),
        printer: status === null ? null : { state: status.state, ...(status.reason ? { reason: status.reason } : {}) },
        logs: recentLogLines(),
      });
    },
    'technician.unlock': async ({ pin }) => (technician ? technician.unlock(pin) : (await pins!).unlockTechnician(pin)),
    'assisted.unlock': async ({ pin }) => (staff ? staff.unlock(pin) : (await pins!).unlockStaff(pin)),
    'status.changes': ({ after, limit }) => transport.statusChanges(after, limit),
    'status.track': ({ trackingNo }) => transport.track(trackingNo),
    'journal.append': ({ entries }) => journal.append(entries),
    'journal.ack': ({ keys }) => journal.ack(keys),
    'journal.pending': async () => {
      // A kiosk enrolled again (perhaps wiped) numbers on from above what the server has seen.
      const pending = await journal.pending();
      const floor = enrolment?.sequenceFloor() ?? 0;
      return floor > pending.maxSequence ? { ...pending, maxSequence: floor } : pending;
    },
    'submissions.push': (batch) => transport.pushSubmissions(batch),
    'health.report': async (draft) => {
      lastDraft = draft;
      const answer = await sendHealthReport(draft);
      if (updater) {
        // The page reached the server through this host: the running version works.
        void updater.confirmRunning();
        if (answer.openNow !== undefined) updater.noteOpenNow(answer.openNow);
        if (answer.release) updater.offer(answer.release);
      }
      return answer;
    },
    'health.outOfService': async ({ reason }) => {
      if (lastDraft === null) return { alerted: false };
      const at = new Date().toISOString();
      const event = { id: `oos-${randomUUID()}`, at, kind: 'out_of_service', details: reason.slice(0, 500) };
      try {
        await sendHealthReport({ ...lastDraft, kioskTime: at, events: [...(lastDraft.events ?? []), event] });
        return { alerted: true };
      } catch {
        return { alerted: false };
      }
    },
    'printer.printReceipt': (job) => printer.print(job),
    'printer.status': () => printer.status(),
    'printer.testPage': () => printer.testPage(),
    'printer.reprintLast': () => printer.reprintLast(),
    'printer.printText': (request) => printer.printText(request),
    'printer.printAnswer': (request) => printer.printAnswer(request),
    'printer.configure': async (change) => {
      if (!printer.configure) throw new BridgeError('printer_error', 'this printer cannot change its settings');
      try {
        return await printer.configure(change);
      } catch (error) {
        throw new BridgeError('printer_error', error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }
    },
  };
}
