import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BridgeHandlers } from '../src-shared/bridge-contract.js';
import type { KioskConfig, KioskPublicInfo } from '../src-shared/schemas/kiosk-config.js';
import { createHostServices } from './bridge/host-services.js';
import { createSubmissionJournal } from './journal/submission-journal.js';
import { createLogger } from './logger.js';
import { createPrinter } from './printer/create-printer.js';
import { createServerTransport } from './transport/server-transport.js';

/** Env var naming the folder of the host's submission journal. */
export const JOURNAL_DIR_ENV = 'TSONKH_JOURNAL_DIR';
/** Where the journal goes when nothing else says: `data/journal` under the working folder. */
export const DEFAULT_JOURNAL_DIR = path.join('data', 'journal');

export interface KioskHostOptions {
  /** Folder for `submissions.jsonl`, the host's durable copy of queued submissions; created when missing. */
  journalDir: string;
  /** The app's version for health reports (Electron: `app.getVersion()`); npm's version otherwise. */
  appVersion?: string;
}

/**
 * The journal folder for this process: `TSONKH_JOURNAL_DIR` when set, else `fallback`
 * (browser mode: `<cwd>/data/journal`; Electron passes its per-user data folder).
 */
export function journalDirFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fallback: string = path.resolve(DEFAULT_JOURNAL_DIR),
): string {
  return path.resolve(env[JOURNAL_DIR_ENV] || fallback);
}

const log = createLogger('kiosk-host');

export type KioskHandlers = BridgeHandlers & {
  close(): Promise<void>;
  /**
   * The renderer supervisor gave up on the page (src-main/session/renderer-supervisor.ts): the
   * host sends a health report itself, the page's last one with an `out_of_service` event, since
   * the page that normally sends them is gone. Never throws; an offline kiosk only logs it.
   */
  alertOutOfService(reason: string): void;
};

/**
 * Wires one kiosk's services from its config: transport (holding the credential), printer,
 * journal, then the bridge handlers. Electron and browser mode both start here, so they cannot drift.
 */
export function createKioskHandlers(
  config: KioskConfig,
  mode: KioskPublicInfo['mode'],
  options: KioskHostOptions,
): KioskHandlers {
  const transport = createServerTransport({
    url: config.server.url,
    credential: config.server.credential,
    timeoutMs: config.server.timeoutMs,
  });
  const journal = createSubmissionJournal({ dir: options.journalDir });
  const handlers = createHostServices({
    config,
    transport,
    printer: createPrinter(config),
    journal,
    mode,
    stateDir: options.journalDir,
    ...(options.appVersion !== undefined ? { appVersion: options.appVersion } : {}),
  });
  let lastDraft: Parameters<BridgeHandlers['health.report']>[0] | null = null;
  const report = handlers['health.report'];
  handlers['health.report'] = (draft) => {
    lastDraft = draft;
    return report(draft);
  };
  const alertOutOfService = (reason: string) => {
    log.fatal({ reason }, 'kiosk out of service: alerting the central office');
    if (lastDraft === null) return;
    const at = new Date().toISOString();
    const event = { id: `oos-${randomUUID()}`, at, kind: 'out_of_service', details: reason.slice(0, 500) };
    report({ ...lastDraft, kioskTime: at, events: [...(lastDraft.events ?? []), event] }).catch((err: unknown) =>
      log.error({ err }, 'out-of-service health report not sent'),
    );
  };
  // Not bridge methods (the contract's keys are the only ones dispatched).
  return Object.assign(handlers, { close: () => journal.close(), alertOutOfService });
}
