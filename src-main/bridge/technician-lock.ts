import { timingSafeEqual } from 'node:crypto';

const MAX_FAILURES = 5;
const LOCKOUT_MS = 5 * 60_000;

/**
 * The technician PIN stays in the host: the renderer only learns yes or no. Five wrong tries
 * lock it for five minutes, so a passer-by cannot find it by tapping through every number.
 */
export function createTechnicianLock(pin: string | undefined, now: () => number = Date.now) {
  const lock = createPinLock(pin ? [{ pin }] : [], now);
  return {
    unlock(attempt: string): { ok: boolean; retryAfterSeconds?: number } {
      const { ok, retryAfterSeconds } = lock.unlock(attempt);
      return retryAfterSeconds === undefined ? { ok } : { ok, retryAfterSeconds };
    },
  };
}

/** Assisted mode: a Citizens' Chamber staff member's PIN opens it, and tells the kiosk who they are. */
export function createStaffLock(
  staff: readonly { id: string; name: string; pin: string }[],
  now: () => number = Date.now,
) {
  const lock = createPinLock(staff, now);
  return {
    unlock(attempt: string): { ok: boolean; staffId?: string; staffName?: string; retryAfterSeconds?: number } {
      const { ok, match, retryAfterSeconds } = lock.unlock(attempt);
      if (ok && match) return { ok, staffId: match.id, staffName: match.name };
      return retryAfterSeconds === undefined ? { ok: false } : { ok: false, retryAfterSeconds };
    },
  };
}

function samePin(attempt: string, pin: string): boolean {
  const a = Buffer.from(attempt.padEnd(16, '\0'));
  const b = Buffer.from(pin.padEnd(16, '\0'));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One lock-out counter shared by every PIN it knows; compares against all of them in constant time. */
function createPinLock<T extends { pin: string }>(entries: readonly T[], now: () => number) {
  let failures = 0;
  let lockedUntil = 0;
  return {
    unlock(attempt: string): { ok: boolean; match?: T; retryAfterSeconds?: number } {
      if (entries.length === 0) return { ok: false };
      if (now() < lockedUntil) return { ok: false, retryAfterSeconds: Math.ceil((lockedUntil - now()) / 1000) };
      let match: T | undefined;
      for (const entry of entries) if (samePin(attempt, entry.pin) && !match) match = entry;
      if (match) {
        failures = 0;
        return { ok: true, match };
      }
      failures += 1;
      if (failures >= MAX_FAILURES) {
        failures = 0;
        lockedUntil = now() + LOCKOUT_MS;
        return { ok: false, retryAfterSeconds: LOCKOUT_MS / 1000 };
      }
      return { ok: false };
    },
  };
}
