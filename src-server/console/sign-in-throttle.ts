import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema.js';

/**
 * Growing delay, then lock-out, after wrong passwords. Counted per login (guessing one account)
 * and per client address (trying many accounts), in the database so that every server process
 * behind a load balancer, and a restarted one, sees the same count.
 */
export interface ThrottleRule {
  /** Failures allowed before any delay. */
  freeFailures: number;
  /** After that, wait 1 s, 2 s, 4 s… up to this before the next try is even checked. */
  maxDelayMs: number;
  /** At this many failures, refuse every try for `lockMs`. */
  lockAfter: number;
  lockMs: number;
  /** A count this long without a new failure starts again from zero. */
  forgetAfterMs: number;
}

export const LOGIN_RULE: ThrottleRule = {
  freeFailures: 3,
  maxDelayMs: 60_000,
  lockAfter: 10,
  lockMs: 15 * 60_000,
  forgetAfterMs: 3600_000,
};

/** An office shares one address behind NAT, so an address gets more room than one login. */
export const ADDRESS_RULE: ThrottleRule = {
  freeFailures: 10,
  maxDelayMs: 60_000,
  lockAfter: 50,
  lockMs: 15 * 60_000,
  forgetAfterMs: 3600_000,
};

export type ThrottleVerdict = { allowed: true } | { allowed: false; locked: boolean; retryAfterMs: number };

/** The keys one sign-in attempt is counted under, each with its rule. */
export function throttleKeys(login: string, ip: string | null): { key: string; rule: ThrottleRule }[] {
  const keys = [{ key: `login:${login}`, rule: LOGIN_RULE }];
  if (ip !== null) keys.push({ key: `ip:${ip}`, rule: ADDRESS_RULE });
  return keys;
}

/** May this attempt be checked now? The strictest of its keys decides. */
export async function checkThrottle(
  db: Kysely<DatabaseSchema>,
  keys: readonly { key: string; rule: ThrottleRule }[],
  now: Date,
): Promise<ThrottleVerdict> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .selectAll()
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .execute();
  let verdict: ThrottleVerdict = { allowed: true };
  for (const row of rows) {
    const rule = keys.find((k) => k.key === row.key)?.rule;
    if (!rule) continue;
    const wait = waitFor(row, rule, now.getTime());
    if (wait && !wait.allowed && (verdict.allowed || wait.retryAfterMs > verdict.retryAfterMs)) verdict = wait;
  }
  return verdict;
}

function waitFor(
  row: { failures: number; last_failure_at: string; locked_until: string | null },
  rule: ThrottleRule,
  nowMs: number,
): ThrottleVerdict | null {
  if (row.locked_until !== null && Date.parse(row.locked_until) > nowMs) {
    return { allowed: false, locked: true, retryAfterMs: Date.parse(row.locked_until) - nowMs };
  }
  const last = Date.parse(row.last_failure_at);
  if (nowMs - last >= rule.forgetAfterMs || row.failures < rule.freeFailures) return null;
  const delay = Math.min(rule.maxDelayMs, 1000 * 2 ** (row.failures - rule.freeFailures));
  return last + delay > nowMs ? { allowed: false, locked: false, retryAfterMs: last + delay - nowMs } : null;
}

/** A key's row as it was before an attempt was counted (undefined: none). */
export type PreviousCounts = Map<string, SignInFailureRow | undefined>;
type SignInFailureRow = { failures: number; last_failure_at: string; locked_until: string | null };

/** Counts one more failure under each key (inside the attempt's transaction); returns the rows as they were. */
export async function recordFailure(
  db: Kysely<DatabaseSchema>,
  keys: readonly { key: string; rule: ThrottleRule }[],
  now: Date,
): Promise<PreviousCounts> {
  const nowIso = now.toISOString();
  const previous: PreviousCounts = new Map();
  for (const { key, rule } of keys) {
    const row = await db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
    previous.set(key, row);
    const stale = row === undefined || now.getTime() - Date.parse(row.last_failure_at) >= rule.forgetAfterMs;
    const failures = stale ? 1 : row.failures + 1;
    const lockedUntil = failures >= rule.lockAfter ? new Date(now.getTime() + rule.lockMs).toISOString() : null;
    await db
      .insertInto('sign_in_failures')
      .values({ key, failures, last_failure_at: nowIso, locked_until: lockedUntil })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures, last_failure_at: nowIso, locked_until: lockedUntil }),
      )
      .execute();
  }
  return previous;
}

/** A right password clears its login's count (not the address's: one good account must not unlock guessing others). */
export async function clearFailures(db: Kysely<DatabaseSchema>, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}

/**
 * Takes back one attempt that turned out right (it was counted before the password was checked):
 * the row goes back to what it was, unless other failures were counted meanwhile, in which case
 * only this one is subtracted.
 */
export async function undoFailure(
  db: Kysely<DatabaseSchema>,
  key: string,
  before: SignInFailureRow | undefined,
  rule: ThrottleRule,
): Promise<void> {
  const row = await db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return;
  const alone = before === undefined ? row.failures <= 1 : row.failures === before.failures + 1;
  if (alone && before === undefined) {
    await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  } else if (alone && before !== undefined) {
    await db.updateTable('sign_in_failures').set(before).where('key', '=', key).execute();
  } else {
    const failures = row.failures - 1;
    await db
      .updateTable('sign_in_failures')
      .set({ failures, locked_until: failures >= rule.lockAfter ? row.locked_until : null })
      .where('key', '=', key)
      .execute();
  }
}

/** Forgets counts that no longer slow anyone down (run at each successful sign-in), so guessed logins do not pile up. */
export async function sweepStaleFailures(db: Kysely<DatabaseSchema>, now: Date): Promise<void> {
  const forgetAfterMs = Math.max(LOGIN_RULE.forgetAfterMs, ADDRESS_RULE.forgetAfterMs);
  const before = new Date(now.getTime() - forgetAfterMs).toISOString();
  await db
    .deleteFrom('sign_in_failures')
    .where('last_failure_at', '<=', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .execute();
}
