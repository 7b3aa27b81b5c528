import type { StatusChange } from '../../src-shared/protocol.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import type { TsonkhDb } from '../data/db.js';
import { getMeta, putMeta } from '../data/meta.js';

/** Applies status changes in order; an older change never overwrites a newer one. */
export async function applyStatusChanges(db: TsonkhDb, changes: StatusChange[], next: number): Promise<void> {
  await db.transaction('rw', [db.statuses, db.meta], async () => {
    for (const c of changes) {
      const known = await db.statuses.get(c.trackingNo);
      if (known && known.seq > c.seq) continue;
      await db.statuses.put({
        trackingNo: c.trackingNo,
        kind: c.kind,
        status: c.status,
        ...(c.dueDate ? { dueDate: c.dueDate } : {}),
        updatedAt: c.at,
        seq: c.seq,
        // Kept sealed: the kiosk cannot read it without the secret printed on the receipt.
        ...(c.answer ? { answer: c.answer } : {}),
      });
    }
    await putMeta(db, 'statusCursor', next);
  });
}

/** Brings this kiosk's submissions' statuses up to date, so a citizen can check one offline later. */
export async function pullStatuses(db: TsonkhDb, bridge: BridgeClient): Promise<number> {
  let applied = 0;
  for (;;) {
    const cursor = await getMeta(db, 'statusCursor');
    const after = typeof cursor === 'number' ? cursor : 0;
    const page = await bridge.call('status.changes', { after, limit: 500 });
    await applyStatusChanges(db, page.changes, page.next);
    applied += page.changes.length;
    if (!page.more || page.changes.length === 0) return applied;
  }
}
