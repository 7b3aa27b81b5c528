import { Dexie } from 'dexie';
import type { HealthEvent } from '../../src-shared/schemas/health-report.js';
import type { HealthEventEntry, TsonkhDb } from './db.js';

/** Keeps a problem for the next health report, with the time it happened. */
export async function recordHealthEvent(
  db: TsonkhDb,
  kind: string,
  details = '',
  at: Date = new Date(),
): Promise<HealthEventEntry> {
  const entry = { id: crypto.randomUUID(), at: at.toISOString(), kind, details: details.slice(0, 500) };
  await db.healthEvents.put(entry);
  return entry;
}

/** The oldest kept events, at most `limit`, as a report carries them. */
export async function pendingHealthEvents(db: TsonkhDb, limit: number): Promise<HealthEvent[]> {
  const rows = await db.healthEvents.orderBy('at').limit(limit).toArray();
  return rows.map(({ id, at, kind, details }) => ({ id, at, kind, details }));
}

/** The server has them: forget them. */
export async function forgetHealthEvents(db: TsonkhDb, ids: readonly string[]): Promise<void> {
  await db.healthEvents.bulkDelete([...ids]);
}

/** The queue for a health report: items waiting, the oldest one's creation time, the quarantined. */
export async function outboxHealth(
  db: TsonkhDb,
): Promise<{ depth: number; oldestCreatedAt: string | null; quarantined: number }> {
  const oldest = async (status: 'queued' | 'sending') =>
    (
      await db.outbox
        .where('[status+createdAt]')
        .between([status, Dexie.minKey], [status, Dexie.maxKey])
        .first()
    )?.createdAt ?? null;
  const [queued, sending, quarantined, oldestQueued, oldestSending] = await Promise.all([
    db.outbox.where('status').equals('queued').count(),
    db.outbox.where('status').equals('sending').count(),
    db.outbox.where('status').equals('quarantined').count(),
    oldest('queued'),
    oldest('sending'),
  ]);
  const times = [oldestQueued, oldestSending].filter((t): t is string => t !== null).sort();
  return { depth: queued + sending, oldestCreatedAt: times[0] ?? null, quarantined };
}
