import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../src-shared/bridge-contract.js';
import { kioskConfigSchema, type KioskConfigInput } from '../../src-shared/schemas/kiosk-config.js';
import { dispatchBridgeCall } from '../../src-main/bridge/dispatch.js';
import { createHostServices } from '../../src-main/bridge/host-services.js';
import { createCapturePrinter } from './capture-printer.js';
import { createSubmissionJournal } from '../../src-main/journal/submission-journal.js';
import { createServerTransport } from '../../src-main/transport/server-transport.js';
import { openDatabase, type TsonkhDb } from '../../src-renderer/data/db.js';
import { BridgeCallError, type BridgeClient } from '../../src-renderer/platform/bridge-client.js';
import { SyncEngine } from '../../src-renderer/sync/sync-engine.js';

export const DEMO_CREDENTIAL = 'demo-kiosk-0421-credential-change-me';
const example = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../kiosk-config/example.json'), 'utf8'),
) as {
  submissionPublicKey: string;
};
export const DEMO_SUBMISSION_PUBLIC_KEY = example.submissionPublicKey;

/**
 * The whole kiosk without a browser: the renderer's Dexie layer and sync engine (on
 * fake-indexeddb), the real host services and transport, joined by the real bridge dispatcher.
 * For fault and load tests that need many runs quickly; e2e tests use real Chromium.
 */
export function createNodeKiosk(opts: {
  serverUrl: string;
  contentPublicKey: string;
  timeoutMs?: number;
  kioskCode?: string;
  credential?: string;
  maxPageBytes?: number;
  importDirs?: string[];
  submissionPublicKey?: string;
  /** Share a journal folder between kiosk instances to simulate a wiped browser on the same host. */
  journalDir?: string;
  /** Pull this aimag's open data in each sync round (issue 19); none when left out. */
  openDataAimag?: string;
}): { db: TsonkhDb; sync: SyncEngine; bridge: BridgeClient; close(): Promise<void> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-node-kiosk-'));
  const input: KioskConfigInput = {
    kioskCode: opts.kioskCode ?? '0421',
    name: { mn: 'Туршилтын ТҮЦ машин' },
    place: { aimag: '83', soum: '8301', location: { mn: 'Өлгий сум' } },
    server: { url: opts.serverUrl, credential: opts.credential ?? DEMO_CREDENTIAL, timeoutMs: opts.timeoutMs ?? 5000 },
    contentPublicKey: opts.contentPublicKey,
    submissionPublicKey: opts.submissionPublicKey ?? DEMO_SUBMISSION_PUBLIC_KEY,
    printer: { kind: 'capture', captureDir: path.join(dir, 'receipts'), width: 48 },
    importDirs: opts.importDirs ?? [],
  };
  const config = kioskConfigSchema.parse(input);
  const transport = createServerTransport({
    url: config.server.url,
    credential: config.server.credential,
    timeoutMs: config.server.timeoutMs,
  });
  const printer = createCapturePrinter({
    dir: path.join(dir, 'receipts'),
    width: config.printer.width,
    fail: false,
    kiosk: config,
  });
  const journal = createSubmissionJournal({ dir: opts.journalDir ?? path.join(dir, 'journal') });
  const handlers = createHostServices({ config, transport, printer, journal, mode: 'browser' });
  const bridge: BridgeClient = {
    async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
      const reply = await dispatchBridgeCall(handlers, method, request);
      if (!reply.ok) throw new BridgeCallError(reply.error.code, reply.error.message, reply.error.reason);
      return reply.value as BridgeResponse<M>;
    },
  };
  const db = openDatabase(path.basename(dir));
  const sync = new SyncEngine(db, bridge, opts.contentPublicKey, {
    maxPageBytes: opts.maxPageBytes,
    ...(opts.openDataAimag ? { aimag: opts.openDataAimag } : {}),
  });
  return {
    db,
    sync,
    bridge,
    async close() {
      sync.stop();
      await journal.close();
      db.close();
      await db.delete();
    },
  };
}
