import type { Dexie } from 'dexie';

/**
 * The statuses of this kiosk's submissions as synced back from the server; the outbox gains an
 * index on `journaled` (entries the host journal has not confirmed) and on [status+createdAt],
 * so the oldest queued entries are read directly even with thousands waiting.
 * (Drafts — what a citizen is typing — are never stored: they live in memory only, apart from
 * the outbox, and vanish when the visitor leaves.)
 */
export function migration0003(db: Dexie): void {
  db.version(3).stores({
    statuses: '&trackingNo, seq',
    outbox: '&idempotencyKey, &trackingNo, status, createdAt, journaled, [status+createdAt]',
  });
}
