import { z } from 'zod';
import { isAimagCode } from '../rules/aimag-codes.js';

/**
 * The operator console's API contract (`/console/api/…`), shared by the server that enforces it
 * and the console web app that will call it. Separate from the kiosk protocol (`/api/v1`): kiosks
 * authenticate with a device credential, people with a session cookie.
 */
export const CONSOLE_API_PREFIX = '/console/api';
/** The session cookie: httpOnly, SameSite=Strict, Secure over HTTPS; its value is never stored on the server. */
export const SESSION_COOKIE = 'tsonkh_console_session';
/** Every state-changing request carries the session's CSRF token in this header. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Who an operator is. Each role is enforced by the server (`src-server/console/policy.ts`):
 * `admin` is the national administrator; `aimag_operator` works on one aimag; `agency_handler`
 * on the cases forwarded to one agency; `publisher` on content; `auditor` reads everything,
 * changes nothing and reads the audit log.
 */
export const OPERATOR_ROLES = ['admin', 'aimag_operator', 'agency_handler', 'publisher', 'auditor'] as const;
export const operatorRoleSchema = z.enum(OPERATOR_ROLES);
export type OperatorRole = z.infer<typeof operatorRoleSchema>;

/** Lower-case letters, digits, dot, dash, underscore: easy to type, no look-alike Cyrillic. */
export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'a login is 3 to 64 Latin letters, digits, ".", "_" or "-"');

/** Long enough to resist guessing; capped so nobody can make the server hash a megabyte. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `a password has at most ${MAX_PASSWORD_LENGTH} characters`);

/** An agency (e.g. `state-registration`): the id it has in the content catalogue. */
export const agencyIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'an agency id is 2 to 64 lower-case Latin letters, digits or "-"');

export const aimagCodeSchema = z
  .string()
  .refine(isAimagCode, 'not the code of an aimag or the capital (National Statistics Office, e.g. 65)');

/** What each role is scoped to: an aimag operator needs an aimag, an agency handler an agency, no one else either. */
export const operatorScopeSchema = z
  .object({
    role: operatorRoleSchema,
    aimagCode: aimagCodeSchema.nullable().default(null),
    agencyId: agencyIdSchema.nullable().default(null),
  })
  .superRefine((value, ctx) => {
    const needsAimag = value.role === 'aimag_operator';
    const needsAgency = value.role === 'agency_handler';
    if (needsAimag !== (value.aimagCode !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['aimagCode'],
        message: needsAimag ? 'an aimag operator needs an aimag code' : `a ${value.role} has no aimag`,
      });
    }
    if (needsAgency !== (value.agencyId !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['agencyId'],
        message: needsAgency ? 'an agency handler needs an agency id' : `a ${value.role} has no agency`,
      });
    }
  });
export type OperatorScope = z.infer<typeof operatorScopeSchema>;

export const signInRequestSchema = z.strictObject({
  login: z.string().min(1).max(64),
  // Not the new-password rule: an old, shorter password must still be able to sign in and be told why not.
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const operatorSummarySchema = z.object({
  id: z.int(),
  login: z.string(),
  role: operatorRoleSchema,
  aimagCode: z.string().nullable(),
  agencyId: z.string().nullable(),
});
export type OperatorSummary = z.infer<typeof operatorSummarySchema>;

/** The answer to sign-in and to `GET /console/api/session`. */
export const sessionResponseSchema = z.object({
  operator: operatorSummarySchema,
  /** Send back in the `x-csrf-token` header with every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
  /** The session ends at this time whatever happens. */
  expiresAt: z.iso.datetime(),
  /** The session ends at this time unless it is used before. */
  idleExpiresAt: z.iso.datetime(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const newOperatorRequestSchema = z
  .strictObject({
    login: loginSchema,
    password: newPasswordSchema,
    role: operatorRoleSchema,
    aimagCode: aimagCodeSchema.nullable().default(null),
    agencyId: agencyIdSchema.nullable().default(null),
  })
  .superRefine((value, ctx) => {
    const scope = operatorScopeSchema.safeParse(value);
    if (!scope.success) for (const issue of scope.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
  });
export type NewOperatorRequest = z.infer<typeof newOperatorRequestSchema>;

/** An operator as the account list shows it (never with its password hash). */
export const operatorAccountSchema = operatorSummarySchema.extend({
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type OperatorAccount = z.infer<typeof operatorAccountSchema>;

/** `POST /console/api/operators/:login/password`: a new password (the account is enabled again, its sessions end). */
export const resetPasswordRequestSchema = z.strictObject({ password: newPasswordSchema });
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

/** The answer to disabling an account or resetting its password: how many of its sessions ended. */
export const operatorChangeResponseSchema = z.object({ login: z.string(), sessionsEnded: z.int() });
export type OperatorChangeResponse = z.infer<typeof operatorChangeResponseSchema>;

const isoDateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Filters of the audit log: a date range (inclusive days, Mongolia time, or exact times), actor and action. */
export const auditQuerySchema = z.strictObject({
  from: isoDateOrTime.optional(),
  to: isoDateOrTime.optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Paging: only rows older than this sequence number (the last `seq` of the page before). */
  before: z.coerce.number().int().min(1).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  seq: z.int(),
  at: z.string(),
  actorId: z.int().nullable(),
  actorLogin: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
