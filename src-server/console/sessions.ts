import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OperatorRole } from '../../src-shared/console/console-api.js';
import { operatorRoleSchema } from '../../src-shared/console/console-api.js';
import type { Database } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';

/** How long a session lives: at most `absoluteMs` after sign-in, and `idleMs` after its last use. */
export interface SessionLimits {
  absoluteMs: number;
  idleMs: number;
}

/** A working day, and half an hour away from the desk. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { absoluteMs: 12 * 3600_000, idleMs: 30 * 60_000 };

/** `last_seen_at` is written at most this often, so reading a page is not a database write every time. */
const TOUCH_INTERVAL_MS = 60_000;

/** The signed-in operator behind a request. */
export interface ConsoleOperator {
  id: number;
  login: string;
  role: OperatorRole;
  aimagCode: string | null;
  agencyId: string | null;
}

export interface ActiveSession {
  id: number;
  tokenHash: string;
  operator: ConsoleOperator;
  expiresAt: string;
  idleExpiresAt: string;
}

/** The session token is 32 random bytes; only its SHA-256 is stored, so a copy of the table opens nothing. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The session's CSRF token, derived from the session token (which only the cookie holds): the
 * server needs no second secret, a database reader cannot compute it, and the console can ask
 * for it again after a reload (`GET /console/api/session`), which another origin cannot read.
 */
export function csrfTokenFor(token: string): string {
  return createHash('sha256').update(`tsonkh-console-csrf-v1|${token}`, 'utf8').digest('base64url');
}

export interface NewSession {
  token: string;
  csrfToken: string;
  session: ActiveSession;
}

export async function createSession(
  db: Kysely<DatabaseSchema>,
  operator: ConsoleOperator,
  options: { now: Date; ip: string | null; userAgent: string | null; limits: SessionLimits },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashSessionToken(token);
  const now = options.now.toISOString();
  const expiresAt = new Date(options.now.getTime() + options.limits.absoluteMs).toISOString();
  const row = await db
    .insertInto('operator_sessions')
    .values({
      token_hash: tokenHash,
      operator_id: operator.id,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: options.ip,
      user_agent: options.userAgent?.slice(0, 256) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    token,
    csrfToken: csrfTokenFor(token),
    session: {
      id: row.id,
      tokenHash,
      operator,
      expiresAt,
      idleExpiresAt: idleExpiry(options.now.getTime(), expiresAt, options.limits),
    },
  };
}

function idleExpiry(lastSeenMs: number, expiresAt: string, limits: SessionLimits): string {
  const idle = new Date(lastSeenMs + limits.idleMs).toISOString();
  return idle < expiresAt ? idle : expiresAt;
}

/**
 * The live session of a token, or null: unknown, past its absolute or idle expiry (then also
 * deleted), or its operator disabled. Using a session moves its idle expiry on.
 */
export async function resolveSession(
  db: Database,
  token: string,
  now: Date,
  limits: SessionLimits,
): Promise<ActiveSession | null> {
  const tokenHash = hashSessionToken(token);
  const row = await db
    .selectFrom('operator_sessions as s')
    .innerJoin('operators as o', 'o.id', 's.operator_id')
    .select([
      's.id',
      's.last_seen_at',
      's.expires_at',
      'o.id as operator_id',
      'o.login',
      'o.role',
      'o.aimag_code',
      'o.agency_id',
      'o.disabled_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const nowMs = now.getTime();
  const lastSeenMs = Date.parse(row.last_seen_at);
  const role = operatorRoleSchema.safeParse(row.role);
  if (
    nowMs >= Date.parse(row.expires_at) ||
    nowMs >= lastSeenMs + limits.idleMs ||
    row.disabled_at !== null ||
    !role.success
  ) {
    await db.deleteFrom('operator_sessions').where('id', '=', row.id).execute();
    return null;
  }
  let seen = lastSeenMs;
  if (nowMs - lastSeenMs >= TOUCH_INTERVAL_MS) {
    await db
      .updateTable('operator_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
    seen = nowMs;
  }
  return {
    id: row.id,
    tokenHash,
    operator: {
      id: row.operator_id,
      login: row.login,
      role: role.data,
      aimagCode: row.aimag_code,
      agencyId: row.agency_id,
    },
    expiresAt: row.expires_at,
    idleExpiresAt: idleExpiry(seen, row.expires_at, limits),
  };
}

/** Ends one session (sign out). */
export async function deleteSession(db: Kysely<DatabaseSchema>, sessionId: number): Promise<void> {
  await db.deleteFrom('operator_sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of an operator ("sign out everywhere", a disabled account, a new password). Returns how many. */
export async function deleteOperatorSessions(db: Kysely<DatabaseSchema>, operatorId: number): Promise<number> {
  const result = await db.deleteFrom('operator_sessions').where('operator_id', '=', operatorId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes sessions past their absolute or idle expiry. A session is refused once expired anyway;
 * this only keeps the table to the live ones (run at each sign-in).
 */
export async function sweepExpiredSessions(
  db: Kysely<DatabaseSchema>,
  now: Date,
  limits: SessionLimits,
): Promise<void> {
  const idleSince = new Date(now.getTime() - limits.idleMs).toISOString();
  await db
    .deleteFrom('operator_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleSince)]))
    .execute();
}
