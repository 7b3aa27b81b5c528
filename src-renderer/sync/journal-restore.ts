import type { BridgeClient } from '../platform/bridge-client.js';
import { emitAppEvent } from '../platform/app-events.js';
import type { TsonkhDb } from '../data/db.js';
import { currentSequence } from '../data/outbox-repo.js';
import { putMeta } from '../data/meta.js';

/**
 * At start-up, compares the browser's outbox with the host's journal. Entries the browser lost
 * (storage cleared, corrupted, full) are queued again from the journal, and the tracking
 * sequence never goes back, so no number a citizen holds is ever given out twice. Entries the
 * browser already saw accepted are acknowledged in the journal.
 */
export async function restoreFromJournal(
  db: TsonkhDb,
  bridge: BridgeClient,
): Promise<{ restored: number; acked: number }> {
  const { entries, maxSequence } = await bridge.call('journal.pending', {});
  const restored: string[] = [];
  const alreadyAccepted: string[] = [];
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    if ((await currentSequence(db)) < maxSequence) await putMeta(db, 'trackingSequence', maxSequence);
    for (const j of entries) {
      const known = await db.outbox.get(j.idempotencyKey);
      if (known?.status === 'accepted') {
        alreadyAccepted.push(j.idempotencyKey);
        continue;
      }
      if (known) continue;
      await db.outbox.add({
        idempotencyKey: j.idempotencyKey,
        trackingNo: j.trackingNo,
        sequence: j.sequence,
        kind: j.kind,
        title: j.title,
        status: 'queued',
        createdAt: j.createdAt,
        updatedAt: new Date().toISOString(),
        attempts: 0,
        journaled: 1,
        submission: j.submission,
      });
      restored.push(j.trackingNo);
    }
  });
  if (alreadyAccepted.length > 0) await bridge.call('journal.ack', { keys: alreadyAccepted });
  if (restored.length > 0) emitAppEvent('journal-restored', { count: restored.length });
  return { restored: restored.length, acked: alreadyAccepted.length };
}
