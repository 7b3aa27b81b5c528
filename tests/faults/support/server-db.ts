import type { Database } from '../../../src-server/db/database.js';

export interface SubmissionStats {
  rows: number;
  distinctTrackingNumbers: number;
  distinctIdempotencyKeys: number;
  /** Tracking numbers held by more than one row, with their row count. */
  duplicates: { trackingNo: string; n: number }[];
  /** Every tracking number on the server. */
  trackingNumbers: Set<string>;
}

/** What the central server stored, read from its database (SQLite or PostgreSQL alike). */
export async function serverSubmissionStats(db: Database): Promise<SubmissionStats> {
  const all = await db.selectFrom('submissions').select(['tracking_no', 'idempotency_key']).execute();
  const perNumber = new Map<string, number>();
  for (const r of all) perNumber.set(r.tracking_no, (perNumber.get(r.tracking_no) ?? 0) + 1);
  return {
    rows: all.length,
    distinctTrackingNumbers: perNumber.size,
    distinctIdempotencyKeys: new Set(all.map((r) => r.idempotency_key)).size,
    duplicates: [...perNumber].filter(([, n]) => n > 1).map(([trackingNo, n]) => ({ trackingNo, n })),
    trackingNumbers: new Set(perNumber.keys()),
  };
}
