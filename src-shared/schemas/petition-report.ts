import { z } from 'zod';

/**
 * The public part of the 11-11 report, published by the server to kiosks as signed content
 * (content type `petition-report`, one entity, id `national`): how many petitions each aimag
 * received in the last year and how many were answered on time. Counts and rates only: no
 * text, no names, no tracking numbers. Derived from stored submissions by SQL
 * (`src-server/report/public-report.ts`), never part of a content folder.
 */
export const PUBLIC_REPORT_ID = 'national';
/** The public report covers this many days, ending "today" (Mongolia) when it is made. */
export const PUBLIC_REPORT_DAYS = 365;

const count = z.int().min(0);

export const publicReportFiguresSchema = z.object({
  /** Petitions received. */
  total: count,
  /** Decided (resolved, answered or returned). */
  closed: count,
  /** Decided on or before the due date. */
  closedOnTime: count,
  /** Not decided, and past the due date. */
  openOverdue: count,
  /** closedOnTime ÷ (closed + openOverdue); null when nothing could be judged yet. */
  onTimeRate: z.number().min(0).max(1).nullable(),
});
export type PublicReportFigures = z.infer<typeof publicReportFiguresSchema>;

export const publicReportAimagSchema = publicReportFiguresSchema.extend({
  /** National statistics code of the aimag or the capital (`11`); names come from places content. */
  aimagCode: z.string().regex(/^\d{2}$/),
});
export type PublicReportAimag = z.infer<typeof publicReportAimagSchema>;

export const publicPetitionReportSchema = z.object({
  id: z.literal(PUBLIC_REPORT_ID),
  /** First and last day covered (Mongolia), inclusive. */
  from: z.iso.date(),
  to: z.iso.date(),
  national: publicReportFiguresSchema,
  /** Only aimags that received petitions, by code. */
  aimags: z.array(publicReportAimagSchema),
});
export type PublicPetitionReport = z.infer<typeof publicPetitionReportSchema>;
