import { timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MAX_FAILURES = 5;
/** The first lock-out; each one after it (without a right PIN in between) lasts twice as long. */
const FIRST_LOCKOUT_MS = 5 * 60_000;
const LONGEST_LOCKOUT_MS = 24 * 60 * 60_000;

/** What a lock remembers between tries, and between restarts of the host. */
export interface PinLockState {
  /** Wrong tries since the last lock-out or right PIN. */
  failures: number;
  /** Lock-outs since the last right PIN: the next one lasts 5 min × 2^lockouts. */
  lockouts: number;
  /** Epoch ms until which every try is refused. */
  lockedUntil: number;
}

/** Where locks keep their state: a file in the host's private folder, or memory in tests. */
export interface PinLockStore {
  load(name: string): PinLockState | undefined;
  save(name: string, state: PinLockState): void;
}

export function memoryLockStore(): PinLockStore {
  const states = new Map<string, PinLockState>();
  return { load: (name) => states.get(name), save: (name, state) => void states.set(name, { ...state }) };
}

/**
 * The locks' state in `<dir>/pin-locks.json`, readable by the host only (0600 in a 0700 folder),
 * written whole and renamed into place, so restarting the host (or pulling its plug) mid-guess
 * does not clear the count. An unreadable file counts as a lock-out already earned: losing the
 * file must not be a way to reset the count.
 */
export function fileLockStore(dir: string, now: () => number = Date.now): PinLockStore {
  const file = path.join(dir, 'pin-locks.json');
  let all: Record<string, PinLockState> | undefined;
  const read = (): Record<string, PinLockState> => {
    if (all) return all;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      all = isStateMap(parsed) ? parsed : damaged(now());
    } catch (error) {
      all = (error as NodeJS.ErrnoException).code === 'ENOENT' ? {} : damaged(now());
    }
    return all;
  };
  return {
    load: (name) => read()[name] ?? read()['*'],
    save(name, state) {
      const next = { ...read(), [name]: { ...state } };
      delete next['*'];
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(next), { mode: 0o600 });
      renameSync(temp, file);
      all = next;
    },
  };
}

/** A damaged or foreign file: every lock starts locked for the first lock-out's time. */
function damaged(now: number): Record<string, PinLockState> {
  return { '*': { failures: 0, lockouts: 1, lockedUntil: now + FIRST_LOCKOUT_MS } };
}

function isStateMap(value: unknown): value is Record<string, PinLockState> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (s: unknown) =>
      typeof s === 'object' &&
      s !== null &&
      ['failures', 'lockouts', 'lockedUntil'].every((k) => Number.isFinite((s as Record<string, unknown>)[k])),
  );
}

/**
 * The technician PIN stays in the host: the renderer only learns yes or no. Five wrong tries
 * lock it for five minutes, the next five for ten, then twenty… up to a day, and the count
 * survives a restart, so a passer-by cannot find it by tapping through every number.
 */
export function createTechnicianLock(
  pin: string | undefined,
  now: () => number = Date.now,
  store: PinLockStore = memoryLockStore(),
) {
  const lock = createPinLock('technician', pin ? [{ pin }] : [], now, store);
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
  store: PinLockStore = memoryLockStore(),
) {
  const lock = createPinLock('staff', staff, now, store);
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

/**
 * One lock-out counter shared by every PIN it knows (a guess at any staff PIN counts against all
 * of them); compares against all of them in constant time.
 */
function createPinLock<T extends { pin: string }>(
  name: string,
  entries: readonly T[],
  now: () => number,
  store: PinLockStore,
) {
  const lockout = createLockout(name, now, store);
  return {
    unlock(attempt: string): { ok: boolean; match?: T; retryAfterSeconds?: number } {
      if (entries.length === 0) return { ok: false };
      const locked = lockout.lockedFor();
      if (locked !== undefined) return { ok: false, retryAfterSeconds: locked };
      let match: T | undefined;
      for (const entry of entries) if (samePin(attempt, entry.pin) && !match) match = entry;
      if (match) {
        lockout.succeeded();
        return { ok: true, match };
      }
      return { ok: false, ...lockout.failed() };
    },
  };
}

/**
 * The lock-out bookkeeping alone: five wrong tries lock for 5 min × 2^(earlier lock-outs), up to
 * a day, kept in `store` across restarts. Used by the plain locks above and by the hashed ones
 * (`security/kiosk-pins.ts`), which check PINs against scrypt hashes their own way.
 */
export function createLockout(name: string, now: () => number, store: PinLockStore) {
  let state: PinLockState = store.load(name) ?? { failures: 0, lockouts: 0, lockedUntil: 0 };
  const save = (next: PinLockState) => {
    state = next;
    store.save(name, next);
  };
  const secondsLeft = () => Math.ceil((state.lockedUntil - now()) / 1000);
  return {
    /** Seconds until tries are heard again, or undefined when they are heard now. */
    lockedFor(): number | undefined {
      return now() < state.lockedUntil ? secondsLeft() : undefined;
    },
    succeeded(): void {
      if (state.failures > 0 || state.lockouts > 0) save({ failures: 0, lockouts: 0, lockedUntil: 0 });
    },
    failed(): { retryAfterSeconds?: number } {
      const failures = state.failures + 1;
      if (failures < MAX_FAILURES) {
        save({ ...state, failures });
        return {};
      }
      const lockoutMs = Math.min(FIRST_LOCKOUT_MS * 2 ** state.lockouts, LONGEST_LOCKOUT_MS);
      save({ failures: 0, lockouts: state.lockouts + 1, lockedUntil: now() + lockoutMs });
      return { retryAfterSeconds: secondsLeft() };
    },
  };
}
