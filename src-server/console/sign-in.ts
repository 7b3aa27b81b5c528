import { auditedTransaction } from '../db/audit-chain-lock.js';
import { loginSchema, operatorRoleSchema } from '../../src-shared/console/console-api.js';
import { appendAudit, recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/database.js';
import { findOperator } from './operators.js';
import { dummyHash, STRONG_SCRYPT, verifyPassword, type ScryptParams } from './passwords.js';
import { createSession, type NewSession, type SessionLimits } from './sessions.js';
import { checkThrottle, clearFailures, recordFailure, throttleKeys } from './sign-in-throttle.js';

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
 *   checking the password (so guessing gets no answer at all, right or wrong).
 * - An unknown login is checked against a dummy hash, and a disabled account's password is
 *   checked too, so the time taken does not tell which logins exist; all three get the same answer.
 * - A failure counts against the login and the address, in the same transaction as its audit row.
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

  const verdict = await checkThrottle(db, keys, options.now);
  if (!verdict.allowed) {
    await recordAudit(
      db,
      { ...audit, outcome: 'denied', details: { reason: verdict.locked ? 'locked_out' : 'too_soon' } },
      options.now,
    );
    return { ok: false, code: 'too_many_attempts', retryAfterMs: verdict.retryAfterMs, locked: verdict.locked };
  }

  const operator = parsedLogin.success ? await findOperator(db, name) : undefined;
  const hash = operator?.password_hash ?? (await dummyHash(options.params ?? STRONG_SCRYPT));
  const passwordOk = await verifyPassword(password, hash);
  const role = operatorRoleSchema.safeParse(operator?.role);

  if (operator && passwordOk && operator.disabled_at === null && role.success) {
    const session = await auditedTransaction(db, async (trx) => {
      await clearFailures(trx, `login:${name}`);
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
  await auditedTransaction(db, async (trx) => {
    await recordFailure(trx, keys, options.now);
    await appendAudit(trx, { ...audit, outcome: 'failed', details: { reason } }, options.now);
  });
  return { ok: false, code: 'invalid_credentials' };
}
