import { z } from 'zod';
import { aimagCodeSchema } from './console-api.js';

/**
 * The organiser's view of public-hearing sign-ups (issue 19): `GET /console/api/hearings`, one row
 * per published hearing of the operator's aimag (or `?aimag=`) with how many citizens asked at a
 * kiosk to take part. No personal data: the names and phones are on each sign-up's case page.
 */
export const hearingSignupsQuerySchema = z.strictObject({ aimag: aimagCodeSchema.optional() });

export const hearingSignupRowSchema = z.object({
  hearingId: z.string(),
  aimag: z.string(),
  soum: z.string().nullable(),
  organiser: z.string(),
  topic: z.string(),
  /** Local date and time as the organiser announced it. */
  startsAt: z.string(),
  place: z.string(),
  signups: z.int().min(0),
});
export type HearingSignupRow = z.infer<typeof hearingSignupRowSchema>;

export const hearingSignupsSchema = z.object({ hearings: z.array(hearingSignupRowSchema) });
export type HearingSignups = z.infer<typeof hearingSignupsSchema>;
