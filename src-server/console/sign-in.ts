import { auditedTransaction, lockAuditChain } from '../db/audit-chain-lock.js';
import type { Kysely } from 'kysely';
import { loginSchema, operatorRoleSchema } from '../../src-shared/console/console-api.js';
import { appendAudit, recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/database.js';
import { findOperator } from './operators.js';
import { dummyHash, STRONG_SCRYPT, verifyPassword, type ScryptParams } from './passwords.js';
import { createSession, sweepExpiredSessions, type NewSession, type SessionLimits } from './sessions.js';
import {
  ADDRESS_RULE,
  checkThrottle,
  clearFailures,
  recordFailure,
  sweepStaleFailures,
  throttleKeys,
  undoFailure,
  type PreviousCounts,
} from './sign-in-throttle.js';

export type SignInResult =
  | { ok: true; session: NewSession }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'too_many_attempts'; retryAfterMs: number; locked: boolean };

export interface SignInOptions {
  now: Date;
  ip: string | null;
  userAgent: string | null;
  limits: SessionLimits;
  /** The cost of the dummy hash an unknown login is checked against: that of real accounts. */
  params?: ScryptParams;
}

/**
 * Checks a login and password and opens a session. Every attempt, ok or not, is in the audit log.
 *
 * - Throttled first: a login or address with too many recent failures is refused without
 *   checking the password (so guessing gets no answer at all, right or wrong). The attempt is
 *   counted as a failure in the same serialised transaction as the check, before the slow hash,
 *   and taken back on success: a burst of parallel guesses cannot all pass the check together.
 * - An unknown login is checked against a dummy hash, and a disabled account's password is
 *   checked too, so the time taken does not tell which logins exist; all three get the same answer.
 */
export async function signIn(
  db: Database,
  login: string,
  password: string,
  options: SignInOptions,
): Promise<SignInResult> {
  const parsedLogin = loginSchema.safeParse(login);
  // A login that cannot exist is still counted and audited under a bounded form of itself.
  const name = parsedLogin.success ? parsedLogin.data : login.trim().toLowerCase().slice(0, 64);
  const keys = throttleKeys(name, options.ip);
  const audit = { action: 'session.sign_in', actor: null, target: name, ip: options.ip } as const;

  let counted: PreviousCounts = new Map();
  const verdict = await auditedTransaction(db, async (trx) => {
    // On PostgreSQL the chain's lock doubles as the throttle's: check and count are one step.
    await lockAuditChain(trx as unknown as Kysely<unknown>);
    const found = await checkThrottle(trx, keys, options.now);
    if (found.allowed) {
      counted = await recordFailure(trx, keys, options.now);
    } else {
      const reason = found.locked ? 'locked_out' : 'too_soon';
      await appendAudit(trx, { ...audit, outcome: 'denied', details: { reason } }, options.now);
    }
    return found;
  });
  if (!verdict.allowed) {
    return { ok: false, code: 'too_many_attempts', retryAfterMs: verdict.retryAfterMs, locked: verdict.locked };
  }

  const operator = parsedLogin.success ? await findOperator(db, name) : undefined;
  const hash = operator?.password_hash ?? (await dummyHash(options.params ?? STRONG_SCRYPT));
  const passwordOk = await verifyPassword(password, hash);
  const role = operatorRoleSchema.safeParse(operator?.role);

  if (operator && passwordOk && operator.disabled_at === null && role.success) {
    const session = await auditedTransaction(db, async (trx) => {
      await clearFailures(trx, `login:${name}`);
      await sweepStaleFailures(trx, options.now);
      await sweepExpiredSessions(trx, options.now, options.limits);
      // The address's count keeps other people's failures; only this attempt is taken back.
      if (options.ip !== null) {
        const key = `ip:${options.ip}`;
        await undoFailure(trx, key, counted.get(key), ADDRESS_RULE);
      }
      const created = await createSession(
        trx,
        {
          id: operator.id,
          login: operator.login,
          role: role.data,
          aimagCode: operator.aimag_code,
          agencyId: operator.agency_id,
        },
        options,
      );
      await appendAudit(
        trx,
        {
          ...audit,
          actor: { id: operator.id, login: operator.login },
          outcome: 'ok',
          details: { sessionId: created.session.id },
        },
        options.now,
      );
      return created;
    });
    return { ok: true, session };
  }

  const reason = !operator ? 'unknown_login' : !passwordOk ? 'wrong_password' : 'disabled';
  // Already counted when the attempt was let through.
  await recordAudit(db, { ...audit, outcome: 'failed', details: { reason } }, options.now);
  return { ok: false, code: 'invalid_credentials' };
}
