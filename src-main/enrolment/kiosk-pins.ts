import path from 'node:path';
import { z } from 'zod';
import { kioskPinsSchema, type KioskPins } from '../../src-shared/schemas/enrolment.js';
import { PIN_PATTERN } from '../../src-shared/schemas/kiosk-config.js';
import { createLockout, type PinLockStore } from '../security/technician-lock.js';
import { createLogger } from '../logger.js';
import { hashPin, verifyPin, type PinHashParams, KIOSK_PIN_PARAMS } from '../security/pin-hash.js';
import { readIfExists, writePrivateFile } from './private-file.js';

const log = createLogger('pins');

export const PINS_FILE = 'pins.json';

const storedPinsSchema = kioskPinsSchema.omit({ version: true }).extend({
  /** The version of the centre's PINs last applied (0: none yet). */
  centreVersion: z.int().min(0),
});
export type StoredPins = z.infer<typeof storedPinsSchema>;

/**
 * The technician and staff PINs of this kiosk, as scrypt hashes only, in `<dir>/pins.json`
 * (0600). On first start the plain PINs of an old config are hashed into it; from then on the
 * config's PINs are not read again. The centre's PINs (a higher version) replace them; the
 * technician can change a PIN on the kiosk. Wrong tries are locked out for longer and longer
 * (`createLockout`, kept across restarts).
 */
export async function createPinStore(options: {
  dir: string;
  /** PINs in plain text from an old config, hashed the first time only. */
  plain: { technicianPin?: string; staff: readonly { id: string; name: string; pin?: string }[] };
  locks: PinLockStore;
  /** Warn that plain PINs should leave the config (not for a demonstration's public ones). */
  warnPlain?: boolean;
  now?: () => number;
  params?: PinHashParams;
}) {
  const { dir, locks, now = Date.now, params = KIOSK_PIN_PARAMS } = options;
  const file = path.join(dir, PINS_FILE);
  const text = readIfExists(file);
  let pins: StoredPins;
  /** Whether this start hashed the config's plain PINs (so they can be taken out of it). */
  let hashedPlain = false;
  if (text !== undefined) {
    pins = storedPinsSchema.parse(JSON.parse(text));
  } else {
    pins = {
      centreVersion: 0,
      ...(options.plain.technicianPin !== undefined
        ? { technicianPinHash: await hashPin(options.plain.technicianPin, params) }
        : {}),
      staff: await Promise.all(
        options.plain.staff.flatMap((s) =>
          s.pin === undefined ? [] : [hashPin(s.pin, params).then((pinHash) => ({ id: s.id, name: s.name, pinHash }))],
        ),
      ),
    };
    writePrivateFile(file, JSON.stringify(pins));
    hashedPlain = true;
    if (options.warnPlain !== false && (options.plain.technicianPin !== undefined || options.plain.staff.length > 0)) {
      log.info({ file }, 'the PINs of the kiosk config are now kept hashed');
    }
  }
  const save = (next: StoredPins) => {
    writePrivateFile(file, JSON.stringify(next));
    pins = next;
  };
  const technicianLock = createLockout('technician', now, locks);
  const staffLock = createLockout('staff', now, locks);

  /** Whether `pin` is already any PIN of this kiosk other than `except`'s. */
  async function inUse(pin: string, except: 'technician' | string): Promise<boolean> {
    if (except !== 'technician' && pins.technicianPinHash && (await verifyPin(pin, pins.technicianPinHash)))
      return true;
    for (const s of pins.staff) if (s.id !== except && (await verifyPin(pin, s.pinHash))) return true;
    return false;
  }

  return {
    hashedPlain,
    hasTechnicianPin: () => pins.technicianPinHash !== undefined,
    staffNames: () => pins.staff.map((s) => ({ id: s.id, name: s.name })),
    async unlockTechnician(attempt: string): Promise<{ ok: boolean; retryAfterSeconds?: number }> {
      if (!pins.technicianPinHash) return { ok: false };
      const locked = technicianLock.lockedFor();
      if (locked !== undefined) return { ok: false, retryAfterSeconds: locked };
      if (await verifyPin(attempt, pins.technicianPinHash)) {
        technicianLock.succeeded();
        return { ok: true };
      }
      return { ok: false, ...technicianLock.failed() };
    },
    async unlockStaff(
      attempt: string,
    ): Promise<{ ok: boolean; staffId?: string; staffName?: string; retryAfterSeconds?: number }> {
      if (pins.staff.length === 0) return { ok: false };
      const locked = staffLock.lockedFor();
      if (locked !== undefined) return { ok: false, retryAfterSeconds: locked };
      // Every hash is checked, so the time taken does not tell which staff member's PIN was near.
      let match: { id: string; name: string } | undefined;
      for (const s of pins.staff) if ((await verifyPin(attempt, s.pinHash)) && !match) match = s;
      if (match) {
        staffLock.succeeded();
        return { ok: true, staffId: match.id, staffName: match.name };
      }
      return { ok: false, ...staffLock.failed() };
    },
    /** A new PIN typed on the technician screen: digits, and unlike every other PIN of the kiosk. */
    async change(
      who: 'technician' | string,
      pin: string,
    ): Promise<{ ok: true } | { ok: false; reason: 'invalid' | 'in_use' | 'unknown_staff' }> {
      if (!PIN_PATTERN.test(pin)) return { ok: false, reason: 'invalid' };
      if (who !== 'technician' && !pins.staff.some((s) => s.id === who)) return { ok: false, reason: 'unknown_staff' };
      if (await inUse(pin, who)) return { ok: false, reason: 'in_use' };
      const hash = await hashPin(pin, params);
      save(
        who === 'technician'
          ? { ...pins, technicianPinHash: hash }
          : { ...pins, staff: pins.staff.map((s) => (s.id === who ? { ...s, pinHash: hash } : s)) },
      );
      log.info({ who }, 'PIN changed on the kiosk');
      return { ok: true };
    },
    /** PINs from the centre (already hashed), applied once per version. */
    applyCentre(centre: KioskPins): boolean {
      if (centre.version <= pins.centreVersion) return false;
      save({
        centreVersion: centre.version,
        ...(centre.technicianPinHash !== undefined
          ? { technicianPinHash: centre.technicianPinHash }
          : pins.technicianPinHash !== undefined
            ? { technicianPinHash: pins.technicianPinHash }
            : {}),
        staff: centre.staff,
      });
      log.info({ version: centre.version }, 'PINs from the centre applied');
      return true;
    },
  };
}
export type PinStore = Awaited<ReturnType<typeof createPinStore>>;
