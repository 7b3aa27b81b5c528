import { PIN_MAX_DIGITS, PIN_MIN_DIGITS } from '../../src-shared/schemas/kiosk-config.js';
import { hashPassword, type ScryptParams } from '../console/passwords.js';
import type { NewKioskPins } from './kiosk-enrolment.js';

/**
 * How kiosk PINs are hashed: scrypt, N = 2^15 (32 MiB, about a tenth of a second on a kiosk-class
 * CPU), the same `scrypt$…` format as operator passwords so the kiosk host checks it with its own
 * copy of the check. Lighter than an operator password's because the host checks every staff PIN
 * at each try, and wrong tries are locked out for longer and longer anyway.
 */
export const KIOSK_PIN_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };

export class KioskPinError extends Error {
  override readonly name = 'KioskPinError';
}

export interface PlainKioskPins {
  technicianPin?: string;
  staff?: { id: string; name: string; pin: string }[];
}

const PIN = new RegExp(`^\\d{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);

/** Checks PINs typed at the centre (digits, all different) and hashes them; the plain PINs go no further. */
export async function hashKioskPins(
  pins: PlainKioskPins,
  params: ScryptParams = KIOSK_PIN_SCRYPT,
): Promise<NewKioskPins> {
  const all = [
    ...(pins.technicianPin !== undefined ? [pins.technicianPin] : []),
    ...(pins.staff ?? []).map((s) => s.pin),
  ];
  if (!all.every((pin) => PIN.test(pin)))
    throw new KioskPinError(`every PIN must be ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits`);
  if (new Set(all).size !== all.length)
    throw new KioskPinError('the technician PIN and every staff PIN must differ from each other');
  for (const s of pins.staff ?? []) {
    if (!/^[A-Za-z0-9-]{1,32}$/.test(s.id))
      throw new KioskPinError(`staff id ${s.id}: Latin letters, digits and dashes, at most 32`);
    if (s.name.trim().length === 0 || s.name.length > 100)
      throw new KioskPinError(`staff ${s.id}: a name of 1 to 100 characters`);
  }
  return {
    ...(pins.technicianPin !== undefined ? { technicianPinHash: await hashPassword(pins.technicianPin, params) } : {}),
    staff: await Promise.all(
      (pins.staff ?? []).map(async (s) => ({
        id: s.id,
        name: s.name.trim(),
        pinHash: await hashPassword(s.pin, params),
      })),
    ),
  };
}
