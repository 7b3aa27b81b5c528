import type { Law } from '../../src-shared/schemas/law.js';
import type { Place, Service } from '../../src-shared/schemas/content.js';
import type { OutboxEntry, StatusEntry, TsonkhDb } from './db.js';

/**
 * One-off reads for the use cases in `core/` (the screens use the live hooks in `hooks.ts`).
 * Named questions, so nothing outside `data/` needs to know the tables or their indexes.
 */
export function getService(db: TsonkhDb, id: string): Promise<Service | undefined> {
  return db.services.get(id);
}

export function getLaw(db: TsonkhDb, id: string): Promise<Law | undefined> {
  return db.laws.get(id);
}

export function getPlace(db: TsonkhDb, id: string): Promise<Place | undefined> {
  return db.places.get(id);
}

/** The last status the server sent for one of this kiosk's submissions. */
export function getStatus(db: TsonkhDb, trackingNo: string): Promise<StatusEntry | undefined> {
  return db.statuses.get(trackingNo);
}

/** This kiosk's own outbox entry for a tracking number (kept, without the sealed part, after acceptance). */
export function getOutboxEntry(db: TsonkhDb, trackingNo: string): Promise<OutboxEntry | undefined> {
  return db.outbox.get({ trackingNo });
}

/** How many entries are in each outbox state (for load and fault tests). */
export async function outboxCounts(db: TsonkhDb): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await db.outbox.toArray()) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
