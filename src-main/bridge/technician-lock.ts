import { timingSafeEqual } from 'node:crypto';

const MAX_FAILURES = 5;
const LOCKOUT_MS = 5 * 60_000;

/**
 * The technician PIN stays in the host: the renderer only learns yes or no. Five wrong tries
 * lock it for five minutes, so a passer-by cannot find it by tapping through every number.
 */
export function createTechnicianLock(pin: string | undefined, now: () => number = Date.now) {
  let failures = 0;
  let lockedUntil = 0;
  return {
    unlock(attempt: string): { ok: boolean; retryAfterSeconds?: number } {
      if (!pin) return { ok: false };
      if (now() < lockedUntil) return { ok: false, retryAfterSeconds: Math.ceil((lockedUntil - now()) / 1000) };
      const a = Buffer.from(attempt.padEnd(16, '\0'));
      const b = Buffer.from(pin.padEnd(16, '\0'));
      const ok = a.length === b.length && timingSafeEqual(a, b);
      if (ok) {
        failures = 0;
        return { ok: true };
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
