import type { ItemResult } from '../../src-shared/protocol.js';
import type { SignedKioskReturn } from '../../src-shared/usb/kiosk-return.js';
import type { TsonkhDb } from '../data/db.js';
import { applyPushResults } from '../data/outbox-repo.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { getMeta } from '../data/meta.js';
import { applyStatusChanges } from './status-sync.js';
import { ContentRejectedError, verifySignedJson, type PinnedContentKeys } from './verify-page.js';

export interface KioskReturnOutcome {
  /** Outbox items this return showed to have reached the server, now marked delivered. */
  delivered: number;
  statusChanges: number;
}

/**
 * Applies what a USB bundle brought back for this kiosk (issue 17, "Sneakernet both ways"): only
 * when the content key signed it and it is this kiosk's. Each ack marks its outbox item delivered
 * exactly as a push's answer would (the sealed submission is dropped, the receipt's status kept)
 * and releases the host journal's copy; the status changes apply as a status sync, never moving
 * the status cursor back.
 */
export async function applyKioskReturn(
  db: TsonkhDb,
  bridge: BridgeClient,
  signed: SignedKioskReturn,
  pinned: PinnedContentKeys,
  kioskCode: string,
): Promise<KioskReturnOutcome> {
  const ok = await verifySignedJson(signed.body, signed.signature, signed.keyId, pinned);
  if (!ok) throw new ContentRejectedError('bad_signature', 'kiosk return: not signed by a pinned key');
  if (signed.body.kioskCode !== kioskCode)
    throw new ContentRejectedError('invalid_entity', `kiosk return: made for kiosk ${signed.body.kioskCode}`);
  const results: ItemResult[] = signed.body.acks.map((ack) => ({
    idempotencyKey: ack.idempotencyKey,
    result: 'accepted',
    ack,
  }));
  const delivered: string[] = [];
  for (let i = 0; i < results.length; i += 500) {
    delivered.push(...(await applyPushResults(db, results.slice(i, i + 500))));
  }
  for (let i = 0; i < delivered.length; i += 1000) {
    try {
      await bridge.call('journal.ack', { keys: delivered.slice(i, i + 1000) });
    } catch {
      // The journal keeps them as pending; the start-up check acknowledges them later.
    }
  }
  const stored = await getMeta(db, 'statusCursor');
  const cursor = typeof stored === 'number' ? stored : 0;
  await applyStatusChanges(db, signed.body.statusChanges, Math.max(cursor, signed.body.next));
  return { delivered: delivered.length, statusChanges: signed.body.statusChanges.length };
}
