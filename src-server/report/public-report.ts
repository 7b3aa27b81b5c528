import type { ContentChange } from '../../src-shared/protocol.js';
import { addDays, isoDateInMongolia } from '../../src-shared/format.js';
import {
  PUBLIC_REPORT_DAYS,
  PUBLIC_REPORT_ID,
  type PublicPetitionReport,
  type PublicReportFigures,
} from '../../src-shared/schemas/petition-report.js';
import type { ReportFigures } from '../../src-shared/console/report-api.js';
import { publishDerivedChanges } from '../content/publish.js';
import type { Database } from '../db/database.js';
import { lockSequence } from '../db/locks.js';
import { computeReport } from './report-query.js';
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';

function publicFigures(f: ReportFigures): PublicReportFigures {
  return {
    total: f.total,
    closed: f.closed,
    closedOnTime: f.closedOnTime,
    openOverdue: f.openOverdue,
    onTimeRate: f.onTimeRate,
  };
}

/**
 * The public report as of `now`: the last `PUBLIC_REPORT_DAYS` days up to today (Mongolia),
 * nationally and by aimag, from the same SQL as the console's report. Only counts and rates;
 * petitions from kiosks with no aimag count nationally but in no aimag row.
 */
export async function derivePublicReport(db: Kysely<DatabaseSchema>, now: Date): Promise<PublicPetitionReport> {
  const to = isoDateInMongolia(now);
  const from = addDays(to, -(PUBLIC_REPORT_DAYS - 1));
  const report = await computeReport(db, { from, to, aimagCode: null }, now);
  return {
    id: PUBLIC_REPORT_ID,
    from,
    to,
    national: publicFigures(report.summary),
    aimags: report.byAimag
      .filter((row) => /^\d{2}$/.test(row.key))
      .map((row) => ({ aimagCode: row.key, ...publicFigures(row) }))
      .sort((a, b) => (a.aimagCode < b.aimagCode ? -1 : 1)),
  };
}

/**
 * Derives the public report and publishes it as signed content (`petition-report/national`)
 * inside the caller's transaction, under the content-sequence lock. Publishes nothing when the
 * report is what kiosks already have; earlier copies leave the change log (derived content).
 */
export async function publishPublicReportIn(
  trx: Kysely<DatabaseSchema>,
  now: Date,
): Promise<{ report: PublicPetitionReport; change: ContentChange | null }> {
  await lockSequence(trx, 'contentSequence');
  const report = await derivePublicReport(trx, now);
  // Always a transaction: `db.transaction()` here, or the connection inside `auditedTransaction`'s
  // BEGIN IMMEDIATE on SQLite, which Kysely types as a plain Kysely.
  const result = await publishDerivedChanges(
    trx as Transaction<DatabaseSchema>,
    [{ op: 'put', type: 'petition-report', data: report }],
    now,
  );
  return { report, change: result.published[0] ?? null };
}

/** The same in a transaction of its own: at start-up, daily, and from `npm run publish-report`. */
export function publishPublicReport(
  db: Database,
  now: Date = new Date(),
): Promise<{ report: PublicPetitionReport; change: ContentChange | null }> {
  return db.transaction().execute((trx) => publishPublicReportIn(trx, now));
}

/** One day: how often a running server refreshes the public report by itself. */
export const PUBLIC_REPORT_REFRESH_MS = 24 * 3_600_000;
