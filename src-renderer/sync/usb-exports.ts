import type { BridgeResponse } from '../../src-shared/bridge-contract.js';
import type { DiagnosticsRendererPart } from '../../src-shared/usb/diagnostics.js';
import type { TsonkhDb } from '../data/db.js';
import { getMeta } from '../data/meta.js';
import { storageEstimate } from '../data/storage.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { journalEntries } from './outbox-sender.js';
import type { SyncState } from './sync-state.js';

export type OutboxExportResult = BridgeResponse<'outbox.exportToUsb'> & {
  /** Waiting items the host's journal did not hold even after a fresh copy (none, normally). */
  missing: number;
};

/**
 * The technician's "outbox to USB" (issue 17): first every waiting item is copied to the host's
 * journal (the host writes the file from it, sealed as it is), then the host writes the file;
 * quarantined items are left out (the server refused them once already).
 */
export async function exportOutboxToUsb(
  db: TsonkhDb,
  bridge: BridgeClient,
  folderId: string,
): Promise<OutboxExportResult> {
  const waiting = await db.outbox.where('status').anyOf('queued', 'sending').toArray();
  for (let i = 0; i < waiting.length; i += 20) {
    const chunk = waiting.slice(i, i + 20).filter((e) => e.journaled === 0);
    if (chunk.length > 0) await journalEntries(db, bridge, chunk);
  }
  const quarantined = await db.outbox.where('status').equals('quarantined').primaryKeys();
  const result = await bridge.call('outbox.exportToUsb', { folderId, skip: quarantined.slice(0, 10_000) });
  return { ...result, missing: Math.max(0, waiting.length - result.items) };
}

/** What the renderer adds to a diagnostics bundle: counts, cursors, storage and the health history. */
export async function diagnosticsPart(db: TsonkhDb, state: SyncState): Promise<DiagnosticsRendererPart> {
  const count = (status: string) => db.outbox.where('status').equals(status).count();
  const [queued, sending, quarantined, accepted] = await Promise.all(
    ['queued', 'sending', 'quarantined', 'accepted'].map(count),
  );
  const oldest = await db.outbox
    .where('status')
    .anyOf('queued', 'sending')
    .toArray()
    .then((rows) =>
      rows.reduce<string | null>((min, e) => (min === null || e.createdAt < min ? e.createdAt : min), null),
    );
  const number = (v: unknown) => (typeof v === 'number' && v >= 0 ? Math.floor(v) : 0);
  const estimate = await storageEstimate();
  const events = await db.healthEvents.orderBy('at').reverse().limit(500).toArray();
  return {
    outbox: {
      queued: queued!,
      sending: sending!,
      quarantined: quarantined!,
      accepted: accepted!,
      oldestWaitingAt: oldest,
    },
    contentCursor: number(await getMeta(db, 'contentCursor')),
    statusCursor: number(await getMeta(db, 'statusCursor')),
    lastSyncAt: state.lastSyncAt,
    online: state.online,
    storage: estimate ? { ...estimate, persisted: (await getMeta(db, 'storagePersisted')) === true } : null,
    healthEvents: events.reverse().map(({ id, at, kind, details }) => ({ id, at, kind, details })),
    userAgent: navigator.userAgent.slice(0, 400),
  };
}
