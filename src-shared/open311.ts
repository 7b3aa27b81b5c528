import { z } from 'zod';

/**
 * A read-only Open311 GeoReport v2 interface for petitions (http://wiki.open311.org/GeoReport_v2),
 * so existing civic tools can follow the 11-11 flow. No personal data: a request carries its
 * category, status, dates and place (aimag and soum names only), never what the citizen wrote,
 * their name or contact.
 */
export const OPEN311_PREFIX = '/open311/v2';

/** At most this many requests in one answer (GeoReport v2 suggests 1000). */
export const OPEN311_MAX_REQUESTS = 1000;
/** Without a start date, the last 90 days (GeoReport v2's default). */
export const OPEN311_DEFAULT_DAYS = 90;

export const open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.literal(false),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});
export type Open311Service = z.infer<typeof open311ServiceSchema>;

export const open311RequestSchema = z.object({
  /** The petition's tracking number (what its receipt says; the public tracker takes it too). */
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  /** Where the petition stands, in Mongolian with the English after it. */
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.string(),
  /** The agency the petition is forwarded to (catalogue id), or empty. */
  agency_responsible: z.string(),
  requested_datetime: z.iso.datetime({ offset: true }),
  updated_datetime: z.iso.datetime({ offset: true }),
  /** The due date: the end of that day in Mongolia. */
  expected_datetime: z.iso.datetime({ offset: true }).nullable(),
  /** Aimag and soum names only. */
  address: z.string(),
  /** The national statistics code of the soum (or aimag) where the kiosk stands. */
  address_id: z.string(),
});
export type Open311Request = z.infer<typeof open311RequestSchema>;

const dateTime = z.iso.datetime({ offset: true });

export const open311RequestsQuerySchema = z
  .strictObject({
    start_date: dateTime.optional(),
    end_date: dateTime.optional(),
    status: z.enum(['open', 'closed']).optional(),
    /** One or more category codes, comma-separated. */
    service_code: z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'service_code is one or more codes separated by commas')
      .optional(),
    /** One or more tracking numbers, comma-separated (then dates are ignored, as the spec says). */
    service_request_id: z
      .string()
      .regex(/^[0-9-]+(,[0-9-]+){0,99}$/, 'service_request_id is up to 100 tracking numbers separated by commas')
      .optional(),
    jurisdiction_id: z.string().max(64).optional(),
  })
  .refine(
    (q) => q.start_date === undefined || q.end_date === undefined || Date.parse(q.start_date) <= Date.parse(q.end_date),
    {
      path: ['end_date'],
      message: 'end_date is before start_date',
    },
  );
export type Open311RequestsQuery = z.infer<typeof open311RequestsQuerySchema>;

export const open311ServicesQuerySchema = z.strictObject({ jurisdiction_id: z.string().max(64).optional() });
export const open311RequestParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9-]{1,32}$/) });

/** GeoReport v2's error answer: a list of codes and descriptions. */
export const open311ErrorSchema = z.array(z.object({ code: z.int(), description: z.string() }));
