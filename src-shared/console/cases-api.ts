import { z } from 'zod';
import { ANSWER_TEXT_MAX } from '../answers/receipt-secret.js';
import { PETITION_EXTENSION_DAYS } from '../rules/petition-law.js';
import { KIOSK_CODE_PATTERN } from '../rules/tracking-number.js';
import {
  petitionCategoryIdSchema,
  SUBMISSION_KINDS,
  SUBMISSION_STATUSES,
  submissionKindSchema,
  submissionStatusSchema,
} from '../schemas/submission.js';
import { knownAgencyIdSchema } from './agencies.js';
import { aimagCodeSchema } from './console-api.js';

/**
 * The console's cases and kiosks API (`/console/api/cases…`, `/console/api/kiosks…`), shared by
 * the server that enforces it (src-server/cases) and the console app that calls it.
 *
 * Routes (every one in src-server/console/policy.ts):
 * - `GET  /console/api/cases?…caseListQuery` → `CaseListPage` (JSON)
 * - `GET  /console/api/cases/export?…caseListQuery` → CSV of every row matching the same filters
 *   (page and pageSize ignored), UTF-8 with BOM, RFC 4180
 * - `GET  /console/api/cases/:id` → `CaseDetail` (what the citizen wrote, opened in memory)
 * - `POST /console/api/cases/:id/forward` `{ agencyId, text? }` → `CaseDetail`
 * - `POST /console/api/cases/:id/take` `{}` → `CaseDetail` (status in_progress)
 * - `POST /console/api/cases/:id/extend` `{ days 1..30, reason }` → `CaseDetail` (once, petitions)
 * - `POST /console/api/cases/:id/answer` `{ text }` → `CaseDetail` (status answered)
 * - `POST /console/api/cases/:id/return` `{ responsible, text? }` → `CaseDetail` (status returned)
 * - `POST /console/api/cases/:id/notes` `{ text }` → `CaseDetail` (internal, never sent to a kiosk)
 * - `GET  /console/api/kiosks?…kioskListQuery` → `KioskListPage`; `GET /console/api/kiosks/export` → CSV
 *
 * Refusals are `{ error, message }` with a worded reason: 400 bad input, 403 outside the role or
 * scope (also by URL: another aimag's case id), 404 unknown case, 409 a move the status rules
 * forbid (e.g. a second extension, a decided case), never 5xx.
 *
 * Free text (`q`): what citizens write is sealed at rest, and the server does not keep an opened
 * copy, so the database cannot search it. `q` matches, in the database: the tracking number
 * (a whole number, or the beginning of one: digits and dashes) or else the text of draft-law
 * comments (stored opened for the drafting body), in any letter case. The subject and text of a
 * petition and the answers of a service application are not searchable: they are shown only on
 * the case page, opened in memory.
 */

export const CASE_CHANNELS = ['kiosk', 'assisted', 'library'] as const;
export const caseChannelSchema = z.enum(CASE_CHANNELS);
export type CaseChannel = z.infer<typeof caseChannelSchema>;

/**
 * The columns the case table sorts by: each one an index reads in order, so a page of a million
 * rows is found without sorting them (status and kind then by receipt; rows without a due date
 * come last in a due-date sort). Ties are broken by id in the same direction.
 */
export const CASE_SORTS = ['receivedAt', 'dueDate', 'status', 'kind', 'trackingNo'] as const;
export const caseSortSchema = z.enum(CASE_SORTS);
export type CaseSort = z.infer<typeof caseSortSchema>;

export const MAX_CASE_PAGE_SIZE = 200;
/** The longest "due within N days" the filter takes. */
export const MAX_DUE_WITHIN_DAYS = 366;
/** The law's one extension is at most this many days. */
export const MAX_EXTENSION_DAYS = PETITION_EXTENSION_DAYS;

/** `a,b` or repeated `?x=a&x=b` → `['a','b']`, for multi-value filters. */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value === undefined || value === '') return undefined;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
    const trimmed = parts.map((p) => p.trim()).filter((p) => p !== '');
    return trimmed.length === 0 ? undefined : trimmed;
  }, z.array(item).min(1).max(20).optional());
}

/** `true`/`1` → true, `false`/`0` → false (query strings carry text). */
const queryFlag = z.preprocess(
  (value) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value),
  z.boolean().optional(),
);

/** A calendar day (YYYY-MM-DD), read as a whole day in Mongolia time. */
const isoDay = z.iso.date();

/**
 * The case table's query (all optional): filters are combined with AND; a list filter matches
 * any of its values. `from`/`to` are inclusive days of receipt by the server (Mongolia time).
 * `overdue`: due date before today (Ulaanbaatar) and not decided. `dueWithinDays`: not decided
 * and due from today to today + N. An aimag operator's list is always held to its aimag, an
 * agency handler's to the cases forwarded to its agency (whatever the query says).
 */
export const caseListQuerySchema = z.strictObject({
  kind: listOf(submissionKindSchema),
  status: listOf(submissionStatusSchema),
  category: listOf(petitionCategoryIdSchema),
  service: z.string().trim().min(1).max(64).optional(),
  aimag: aimagCodeSchema.optional(),
  soum: z
    .string()
    .regex(/^\d{4}$/, 'a soum code is 4 digits')
    .optional(),
  kiosk: z.string().regex(KIOSK_CODE_PATTERN, 'a kiosk code is 4 digits').optional(),
  channel: listOf(caseChannelSchema),
  agency: knownAgencyIdSchema.optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  overdue: queryFlag,
  dueWithinDays: z.coerce.number().int().min(0).max(MAX_DUE_WITHIN_DAYS).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: caseSortSchema.default('receivedAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_CASE_PAGE_SIZE).default(50),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
/** What a client may send (defaults filled in by the server). */
export type CaseListQueryInput = z.input<typeof caseListQuerySchema>;

/** One row of the case table: no personal data, nothing the citizen wrote. */
export const caseRowSchema = z.object({
  id: z.int(),
  trackingNo: z.string(),
  kind: submissionKindSchema,
  status: submissionStatusSchema,
  channel: caseChannelSchema,
  petitionCategory: z.string().nullable(),
  serviceId: z.string().nullable(),
  lawId: z.string().nullable(),
  articleNumber: z.int().nullable(),
  /** hearing_signup: the open-data hearing's id. */
  hearingId: z.string().nullable(),
  kioskCode: z.string(),
  aimagCode: z.string().nullable(),
  soumCode: z.string().nullable(),
  agencyId: z.string().nullable(),
  staffId: z.string().nullable(),
  /** By the kiosk's clock. */
  createdAt: z.string(),
  receivedAt: z.string(),
  statusAt: z.string(),
  /** YYYY-MM-DD in Mongolia; petitions only. */
  dueDate: z.string().nullable(),
  /** Due date before today (Ulaanbaatar) and not decided: the table shows it in red. */
  overdue: z.boolean(),
});
export type CaseRow = z.infer<typeof caseRowSchema>;

export const caseListPageSchema = z.object({
  rows: z.array(caseRowSchema),
  /** The database's count of every row matching the same filters (and the operator's scope). */
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
});
export type CaseListPage = z.infer<typeof caseListPageSchema>;

/** One form answer with its Mongolian label (from the form version the citizen filled in). */
export const caseAnswerSchema = z.object({
  fieldId: z.string(),
  label: z.object({ mn: z.string(), en: z.string().optional() }),
  value: z.string(),
});

/**
 * What the citizen wrote, opened from the sealed envelope in memory for this request only.
 * `opened: false` when the envelope cannot be opened (with the reason, never any content).
 */
export const caseCitizenSchema = z.discriminatedUnion('opened', [
  z.object({
    opened: z.literal(true),
    subject: z.string().nullable(),
    text: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    /** Service applications: each answer with its field's label. */
    answers: z.array(caseAnswerSchema),
    /** Other fields of the envelope as given (e.g. a feedback comment), by key. */
    other: z.record(z.string(), z.string()),
  }),
  z.object({ opened: z.literal(false), reason: z.string() }),
]);
export type CaseCitizen = z.infer<typeof caseCitizenSchema>;

export const CASE_EVENT_KINDS = ['forwarded', 'taken', 'extended', 'answered', 'returned', 'note'] as const;

/** One entry of a case's timeline: a status change or an operator's action, with who and when. */
export const caseTimelineEntrySchema = z.object({
  at: z.string(),
  /** `status`: from the status history (the kiosk sees these); `event`: an operator action. */
  source: z.enum(['status', 'event']),
  /** The status set (source status) or the action (source event). */
  kind: z.union([submissionStatusSchema, z.enum(CASE_EVENT_KINDS)]),
  /** Who: the operator's login; null for the server itself (receipt) or the command line. */
  actor: z.string().nullable(),
  agencyId: z.string().nullable(),
  /** The reason, answer, responsible party or note; status notes of the command line. */
  text: z.string().nullable(),
  dueDate: z.string().nullable(),
});
export type CaseTimelineEntry = z.infer<typeof caseTimelineEntrySchema>;

export const caseDetailSchema = z.object({
  row: caseRowSchema,
  lang: z.string(),
  place: z.object({
    aimagCode: z.string().nullable(),
    aimagName: z.object({ mn: z.string(), en: z.string() }).nullable(),
    soumCode: z.string().nullable(),
    soumName: z.string().nullable(),
    kioskName: z.record(z.string(), z.string()),
  }),
  service: z.object({ id: z.string(), name: z.record(z.string(), z.string()).nullable() }).nullable(),
  form: z.object({ id: z.string(), version: z.int() }).nullable(),
  initialDueDate: z.string().nullable(),
  /** Why the kiosk's time of writing cannot be right (migration 0010), or null. */
  clockDoubt: z.enum(['ahead', 'before_kiosk']).nullable(),
  stance: z.string().nullable(),
  rating: z.int().nullable(),
  citizen: caseCitizenSchema,
  /** The answer as written in the console (kind answered), when there is one. */
  answer: z.object({ text: z.string(), at: z.string(), actor: z.string().nullable() }).nullable(),
  /** Whether this petition has used its one extension. */
  extended: z.boolean(),
  /** The statuses this case may move to now (the server's rules), for the buttons. */
  allowedStatuses: z.array(submissionStatusSchema),
  timeline: z.array(caseTimelineEntrySchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

const text = (max: number, what: string) =>
  z.string().trim().min(1, `${what} is empty`).max(max, `${what} has at most ${max} characters`);

export const forwardCaseRequestSchema = z.strictObject({
  agencyId: knownAgencyIdSchema,
  text: text(2000, 'the note').optional(),
});
export const takeCaseRequestSchema = z.strictObject({});
export const extendCaseRequestSchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(MAX_EXTENSION_DAYS, `the law allows at most ${MAX_EXTENSION_DAYS} days`),
  reason: text(2000, 'the reason'),
});
export const answerCaseRequestSchema = z.strictObject({ text: text(ANSWER_TEXT_MAX, 'the answer') });
export const returnCaseRequestSchema = z.strictObject({
  /** Who is responsible instead (an organisation, in words). */
  responsible: text(500, 'who is responsible'),
  text: text(2000, 'the note').optional(),
});
export const noteCaseRequestSchema = z.strictObject({ text: text(5000, 'the note') });
export type ForwardCaseRequest = z.infer<typeof forwardCaseRequestSchema>;
export type ExtendCaseRequest = z.infer<typeof extendCaseRequestSchema>;
export type AnswerCaseRequest = z.infer<typeof answerCaseRequestSchema>;
export type ReturnCaseRequest = z.infer<typeof returnCaseRequestSchema>;
export type NoteCaseRequest = z.infer<typeof noteCaseRequestSchema>;

export const CASE_ACTIONS = ['forward', 'take', 'extend', 'answer', 'return', 'notes'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Kiosk state on the kiosks page: `silent` = no contact for more than SILENT_AFTER_DAYS (or never). */
export const KIOSK_STATES = ['active', 'silent', 'never'] as const;
export const SILENT_AFTER_DAYS = 7;

export const kioskListQuerySchema = z.strictObject({
  aimag: aimagCodeSchema.optional(),
  state: z.enum(KIOSK_STATES).optional(),
});
export type KioskListQuery = z.infer<typeof kioskListQuerySchema>;

export const kioskRowSchema = z.object({
  kioskCode: z.string(),
  name: z.record(z.string(), z.string()),
  aimagCode: z.string().nullable(),
  aimagName: z.object({ mn: z.string(), en: z.string() }).nullable(),
  soumCode: z.string().nullable(),
  registeredAt: z.string(),
  /** Any authenticated request; null: none recorded. */
  lastContactAt: z.string().nullable(),
  /** The last batch of submissions it sent. */
  lastPushAt: z.string().nullable(),
  /** The content sequence it last asked after; null: none recorded. */
  contentCursor: z.int().nullable(),
  /** How many content changes it is behind the latest (null when its cursor is unknown). */
  contentBehind: z.int().nullable(),
  /** Submissions received from it in the last 7 days. */
  submissionsThisWeek: z.int(),
  state: z.enum(KIOSK_STATES),
});
export type KioskRow = z.infer<typeof kioskRowSchema>;
export const kioskListPageSchema = z.object({ rows: z.array(kioskRowSchema), latestContentSeq: z.int() });
export type KioskListPage = z.infer<typeof kioskListPageSchema>;

export { SUBMISSION_KINDS, SUBMISSION_STATUSES };
