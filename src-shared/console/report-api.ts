import { z } from 'zod';
import { aimagCodeSchema } from './console-api.js';

/**
 * The 11-11 report (action plan 3.3.2.6): how petitions received in a date range were answered.
 * The contract of `GET /console/api/report` (and its CSV tables); the server computes every
 * figure in SQL (`src-server/report/`).
 *
 * Definitions, the same on SQLite and PostgreSQL:
 * - A petition is counted when it was received (server time) on a day from `from` to `to`
 *   inclusive, days in Mongolia (UTC+8); `aimag` narrows to the kiosks of one aimag.
 * - Closed: the status is an outcome (resolved, answered, returned); the closing day is the
 *   Mongolian day of that status.
 * - Closed on time: closed on or before the due date. Open overdue: not closed, and the due date
 *   is before `asOf` (today in Mongolia).
 * - On-time rate: closed on time ÷ (closed + open overdue), i.e. of the petitions whose
 *   timeliness is known; null when there are none.
 * - Backlog over 30 days: not closed and received more than 30 days before `asOf`.
 * - Days to close: closing day − receiving day, whole days; median and 90th percentile with
 *   linear interpolation between ranks (PostgreSQL's `percentile_cont`).
 */

export const REPORT_TABLES = [
  'summary',
  'by-category',
  'by-agency',
  'by-aimag',
  'by-soum',
  'by-channel',
  'law-comments',
] as const;
export const reportTableSchema = z.enum(REPORT_TABLES);
export type ReportTable = z.infer<typeof reportTableSchema>;

/** How many days back a report may reach in one request (ten years). */
export const MAX_REPORT_DAYS = 3660;

export const reportQuerySchema = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    aimag: aimagCodeSchema.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    /** With `format=csv`: which table. */
    table: reportTableSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" is before "from"' });
    } else if ((Date.parse(value.to) - Date.parse(value.from)) / 86_400_000 > MAX_REPORT_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
    }
    if (value.format === 'csv' && value.table === undefined) {
      ctx.addIssue({ code: 'custom', path: ['table'], message: `a CSV needs one table: ${REPORT_TABLES.join(', ')}` });
    }
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

const count = z.int().min(0);
/** A share from 0 to 1, or null when nothing could be judged. */
const rate = z.number().min(0).max(1).nullable();

/** The same figures for the whole report and for each group of a table. */
export const reportFiguresSchema = z.object({
  total: count,
  open: count,
  closed: count,
  closedOnTime: count,
  openOverdue: count,
  backlogOver30Days: count,
  onTimeRate: rate,
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

/** One row of a table: the group's code (category id, agency id, aimag or soum code, channel; '' = none). */
export const reportGroupRowSchema = reportFiguresSchema.extend({ key: z.string() });
export type ReportGroupRow = z.infer<typeof reportGroupRowSchema>;

export const reportSoumRowSchema = reportGroupRowSchema.extend({ aimagCode: z.string() });
export type ReportSoumRow = z.infer<typeof reportSoumRowSchema>;

export const reportSummarySchema = reportFiguresSchema.extend({
  /** Whole days from receipt to closing; null when nothing was closed. */
  medianDaysToClose: z.number().nullable(),
  p90DaysToClose: z.number().nullable(),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

/** Comments on a draft law received in the range; `article` null = on the law as a whole. */
export const reportLawCommentRowSchema = z.object({
  lawId: z.string(),
  article: z.int().nullable(),
  total: count,
  for: count,
  against: count,
  neutral: count,
});
export type ReportLawCommentRow = z.infer<typeof reportLawCommentRowSchema>;

export const petitionReportSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  aimag: z.string().nullable(),
  /** "Today" in Mongolia when the report was made: what overdue and backlog are judged against. */
  asOf: z.iso.date(),
  summary: reportSummarySchema,
  byCategory: z.array(reportGroupRowSchema),
  byAgency: z.array(reportGroupRowSchema),
  byAimag: z.array(reportGroupRowSchema),
  bySoum: z.array(reportSoumRowSchema),
  byChannel: z.array(reportGroupRowSchema),
  lawComments: z.array(reportLawCommentRowSchema),
});
export type PetitionReport = z.infer<typeof petitionReportSchema>;

/** `POST /console/api/report/public` takes no body (or an empty object). */
export const publicReportPublishRequestSchema = z.strictObject({}).optional();

/** The answer to `POST /console/api/report/public`: what kiosks were sent. */
export const publicReportPublishResponseSchema = z.object({
  /** False when the public report was already what kiosks have. */
  published: z.boolean(),
  seq: z.int().nullable(),
  from: z.iso.date(),
  to: z.iso.date(),
});
export type PublicReportPublishResponse = z.infer<typeof publicReportPublishResponseSchema>;
