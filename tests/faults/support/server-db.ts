import path from 'node:path';
import Database from 'better-sqlite3';

export interface SubmissionStats {
  rows: number;
  distinctTrackingNumbers: number;
  distinctIdempotencyKeys: number;
  /** Tracking numbers held by more than one row, with their row count. */
  duplicates: { trackingNo: string; n: number }[];
  /** Every tracking number on the server. */
  trackingNumbers: Set<string>;
}

/** What the central server stored, read straight from its SQLite file (read-only). */
export function serverSubmissionStats(dataDir: string): SubmissionStats {
  const db = new Database(path.join(dataDir, 'tsonkh.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const totals = db
      .prepare(
        'select count(*) as rows_, count(distinct tracking_no) as tracking, count(distinct idempotency_key) as keys_ from submissions',
      )
      .get() as { rows_: number; tracking: number; keys_: number };
    const duplicates = db
      .prepare(
        'select tracking_no as trackingNo, count(*) as n from submissions group by tracking_no having count(*) > 1',
      )
      .all() as { trackingNo: string; n: number }[];
    const all = db.prepare('select tracking_no as trackingNo from submissions').all() as { trackingNo: string }[];
    return {
      rows: totals.rows_,
      distinctTrackingNumbers: totals.tracking,
      distinctIdempotencyKeys: totals.keys_,
      duplicates,
      trackingNumbers: new Set(all.map((r) => r.trackingNo)),
    };
  } finally {
    db.close();
  }
}
