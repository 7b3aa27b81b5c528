import path from 'node:path';
import { bridgeContract, type BridgeHandlers, type BridgeMethod } from '../src-shared/bridge-contract.js';
import type { KioskConfig, KioskPublicInfo } from '../src-shared/schemas/kiosk-config.js';
import { createHostServices, type EnrolmentHandlers } from './bridge/host-services.js';
import { fileLockStore } from './security/technician-lock.js';
import { isUnenrolledConfig } from './config/load-kiosk-config.js';
import { createEnrolmentStore, type EnrolmentRecord } from './enrolment/enrolment-store.js';
import { createKeyAuth, EnrolError, requestEnrolment } from './enrolment/key-auth.js';
import { loadOrCreateKioskKey } from './enrolment/kiosk-key.js';
import { createPinStore } from './enrolment/kiosk-pins.js';
import { stripPlainPins } from './enrolment/strip-plain-pins.js';
import { createLogger } from './logger.js';
import { createSubmissionJournal } from './journal/submission-journal.js';
import { createPrinter } from './printer/create-printer.js';
import { createServerTransport } from './transport/server-transport.js';
import { RELEASE_ROOT_ENV, RELEASE_VERSION_ENV } from './update/launcher.js';
import { createHttpReleaseSource } from './update/release-source.js';
import { ELECTRON_RELEASE_FILES } from './update/release-loader.js';
import { releaseRoot } from './update/release-root.js';
import { createUpdater, type Updater } from './update/updater.js';

const log = createLogger('host');

export { DEFAULT_JOURNAL_DIR, JOURNAL_DIR_ENV, journalDirFromEnv } from './journal/journal-dir.js';

export interface KioskHostOptions {
  /** Folder for `submissions.jsonl`, the host's durable copy of queued submissions; created when missing. */
  journalDir: string;
  /** The app's version for health reports (Electron: `app.getVersion()`); npm's version otherwise. */
  appVersion?: string;
  /** The config file: its plain PINs are taken out once hashed (not a demonstration's). */
  configPath?: string;
  /**
   * Where releases are kept: default `TSONKH_RELEASE_ROOT` (set by the launcher), else
   * `<journalDir>/releases`; Electron passes the folder its release loader reads.
   */
  releaseRoot?: string;
  /** Folders of the files this host runs from (the renderer, the host bundle): an update does not fetch them again. */
  runningFiles?: readonly string[];
}

/**
 * Bridge calls only a visitor causes (printing, looking up a receipt, unlocking, queuing a
 * submission). The background syncs call the others all day; an update is installed only after
 * none of these for a while (src-main/update/updater.ts).
 */
const VISIT_METHODS: ReadonlySet<string> = new Set([
  'printer.printReceipt',
  'printer.printText',
  'printer.printAnswer',
  'printer.reprintLast',
  'status.track',
  'journal.append',
  'technician.unlock',
  'assisted.unlock',
]);

/** The config of an enrolled kiosk: its identity, server and pinned keys from enrolment. */
export function enrolledConfig(config: KioskConfig, record: EnrolmentRecord): KioskConfig {
  const { nextContentPublicKey: _old, ...rest } = config;
  return {
    ...rest,
    kioskCode: record.kioskCode,
    name: record.name,
    place: record.place,
    presentation: record.mode === 'library' ? 'library' : 'kiosk',
    contentPublicKey: record.contentPublicKey,
    submissionPublicKey: record.submissionPublicKey,
    server: { ...config.server, url: record.serverUrl },
  };
}

export type KioskHandlers = BridgeHandlers & {
  close(): Promise<void>;
  /**
   * The renderer supervisor gave up on the page (src-main/session/renderer-supervisor.ts): the
   * host sends a health report itself, the page's last one with an `out_of_service` event, since
   * the page that normally sends them is gone. Never throws; an offline kiosk only logs it.
   */
  alertOutOfService(reason: string): void;
  /** The kiosk's updater (issue 18): releases from the server's offers or a USB stick. */
  updater: Updater;
};

/**
 * Wires one kiosk's services from its config: transport (holding the credential or the kiosk's
 * key), printer, journal, PINs, enrolment, then the bridge handlers. Electron and browser mode
 * both start here, so they cannot drift. After an enrolment the services are wired again from
 * the enrolled identity (the renderer reloads); the journal and the printer stay the same.
 */
export function createKioskHandlers(
  config: KioskConfig,
  mode: KioskPublicInfo['mode'],
  options: KioskHostOptions,
): KioskHandlers {
  const stateDir = options.journalDir;
  const journal = createSubmissionJournal({ dir: options.journalDir });
  const printer = createPrinter(config);
  const key = loadOrCreateKioskKey(stateDir);
  const enrolment = createEnrolmentStore(stateDir);
  const pins = createPinStore({
    dir: stateDir,
    plain: {
      ...(config.technicianPin !== undefined ? { technicianPin: config.technicianPin } : {}),
      staff: config.staff,
    },
    locks: fileLockStore(stateDir),
    // A demonstration's config holds the public demo PINs; nothing to warn about.
    warnPlain: !config.demo,
  });
  pins.then(
    async (store) => {
      if (store.hashedPlain && options.configPath !== undefined && !config.demo)
        await stripPlainPins(options.configPath);
    },
    (err: unknown) => log.error({ err }, 'the PINs could not be read'),
  );
  const fresh = isUnenrolledConfig(config);
  let lastVisitAt: number | null = null;
  // The release running (set by the launcher or the Electron release loader), else the build's own.
  const reportedVersion = process.env[RELEASE_VERSION_ENV]?.trim() || options.appVersion;
  const runningVersion = reportedVersion || '0.0.0-unknown';
  // Under a supervisor that starts the installed version (the launcher, or systemd over the Electron release loader).
  const underLauncher = Boolean(process.env[RELEASE_ROOT_ENV]?.trim());
  let transportAuth: (() => Promise<string>) | null = null;
  const updater: Updater = createUpdater({
    root: releaseRoot(options.releaseRoot ?? process.env[RELEASE_ROOT_ENV]?.trim() ?? path.join(stateDir, 'releases')),
    releasePublicKey: config.releasePublicKey ?? null,
    runningVersion,
    serverSource: (offer) =>
      createHttpReleaseSource({
        baseUrl: enrolment.get()?.serverUrl ?? config.server.url,
        manifestPath: offer.manifestPath,
        authorization: () => (transportAuth ? transportAuth() : Promise.resolve(`Bearer ${config.server.credential}`)),
      }),
    lastVisitAt: () => lastVisitAt,
    ...(options.runningFiles ? { localDirs: options.runningFiles } : {}),
    // An Electron kiosk runs a release's main, preload and renderer (the release loader): one without is refused.
    ...(mode === 'electron' ? { requiredFiles: ELECTRON_RELEASE_FILES } : {}),
    onInstalled: (version) => {
      if (!underLauncher) return;
      // The launcher starts the new version (and rolls it back if it does not come up).
      log.info({ version }, 'restarting into the new version');
      setTimeout(() => process.exit(0), 1000).unref();
    },
  });
  const installTimer = setInterval(() => void updater.installIfIdle(), 60_000);
  installTimer.unref();
  /** A kiosk set up the old way that the centre refused as revoked (it has no enrolment file to mark). */
  let legacyRevoked = false;

  const state = (): NonNullable<KioskPublicInfo['enrolment']> => {
    const record = enrolment.get();
    if (record) return record.revokedAt === null ? 'enrolled' : 'revoked';
    if (fresh) return 'unenrolled';
    return legacyRevoked ? 'revoked' : 'legacy';
  };
  const onRevoked = () => {
    if (state() === 'revoked') return;
    if (enrolment.get()) enrolment.markRevoked(new Date().toISOString());
    else legacyRevoked = true;
    log.warn('the centre has taken this kiosk out of service: enrol it again');
  };

  const enrolmentHandlers: EnrolmentHandlers = {
    state,
    sequenceFloor: () => enrolment.get()?.sequenceFloor ?? 0,
    status: async () => {
      const record = enrolment.get();
      return {
        state: state(),
        kioskCode: record?.kioskCode ?? config.kioskCode,
        ...(record ? { serverUrl: record.serverUrl } : fresh ? {} : { serverUrl: config.server.url }),
      };
    },
    enrol: async ({ serverUrl, code }) => {
      // An old-way kiosk proves who it was with its credential once, so it keeps its kiosk code.
      const legacy =
        !enrolment.get() && !fresh ? { kioskCode: config.kioskCode, credential: config.server.credential } : undefined;
      try {
        const { pins: centrePins, ...answer } = await requestEnrolment({
          serverUrl,
          code,
          key,
          timeoutMs: config.server.timeoutMs,
          ...(legacy ? { legacy } : {}),
        });
        enrolment.save({ ...answer, serverUrl, enrolledAt: new Date().toISOString(), revokedAt: null });
        if (centrePins) (await pins).applyCentre(centrePins);
        legacyRevoked = false;
        current = build();
        log.info({ kioskCode: answer.kioskCode, mode: answer.mode }, 'kiosk enrolled');
        return { ok: true, kioskCode: answer.kioskCode, sequenceFloor: answer.sequenceFloor };
      } catch (error) {
        if (!(error instanceof EnrolError)) throw error;
        log.warn({ reason: error.reason }, 'enrolment refused');
        return { ok: false, reason: error.reason };
      }
    },
  };

  function build(): BridgeHandlers {
    const record = enrolment.get();
    const effective = record ? enrolledConfig(config, record) : config;
    const auth = record
      ? createKeyAuth({
          serverUrl: record.serverUrl,
          key,
          timeoutMs: config.server.timeoutMs,
          onPins: (centre) => void pins.then((store) => store.applyCentre(centre)),
          onRevoked,
        })
      : undefined;
    transportAuth = auth ? () => auth.authorization() : null;
    const transport = createServerTransport({
      url: effective.server.url,
      credential: effective.server.credential,
      timeoutMs: effective.server.timeoutMs,
      onRevoked,
      ...(auth ? { auth } : {}),
    });
    return createHostServices({
      config: effective,
      transport,
      printer,
      journal,
      mode,
      stateDir,
      enrolment: enrolmentHandlers,
      pins,
      // An enrolled kiosk signs its USB outbox with its own key; one set up the old way MACs it with its credential.
      ...(record ? { kioskKey: key } : {}),
      // The version health reports name is the one confirmed healthy: the release running, if any.
      ...(reportedVersion !== undefined ? { appVersion: reportedVersion } : {}),
      updater,
    });
  }
  let current = build();
  // Every call goes to the services of the moment, so an enrolment takes effect without a restart.
  const handlers = Object.fromEntries(
    Object.keys(bridgeContract).map((method) => [
      method,
      (request: unknown) => (current[method as BridgeMethod] as (r: unknown) => Promise<unknown>)(request),
    ]),
  ) as BridgeHandlers;
  for (const method of VISIT_METHODS) {
    const handler = handlers[method as BridgeMethod] as (r: unknown) => Promise<unknown>;
    (handlers as Record<string, (r: unknown) => Promise<unknown>>)[method] = (request) => {
      lastVisitAt = Date.now();
      return handler(request);
    };
  }
  const alertOutOfService = (reason: string) => {
    log.fatal({ reason }, 'kiosk out of service: alerting the central office');
    handlers['health.outOfService']({ reason: reason.slice(0, 500) || 'out of service' }).then(
      ({ alerted }) => alerted || log.error('out-of-service health report not sent (offline, or no report yet)'),
      (err: unknown) => log.error({ err }, 'out-of-service health report not sent'),
    );
  };
  // Not bridge methods (the contract's keys are the only ones dispatched).
  const close = () => {
    clearInterval(installTimer);
    return journal.close();
  };
  return Object.assign(handlers, { close, alertOutOfService, updater });
}
