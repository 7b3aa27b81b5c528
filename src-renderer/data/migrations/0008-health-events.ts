import type { Dexie } from 'dexie';

/**
 * Problems the kiosk noticed for its health reports (the printer ran out of paper at 10:14,
 * storage ran low), kept with their time until a report carrying them is acknowledged: a kiosk
 * offline for days still tells the centre what happened meanwhile.
 */
export function migration0008(db: Dexie): void {
  db.version(8).stores({
    healthEvents: '&id, at',
  });
}
