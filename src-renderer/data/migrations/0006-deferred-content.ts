import type { Dexie } from 'dexie';

/**
 * Content changes of types this build does not know yet (a newer server's), kept aside by type and
 * id so the cursor can move on; applied once an update of the kiosk knows their type.
 */
export function migration0006(db: Dexie): void {
  db.version(6).stores({
    deferredContent: '[type+id], seq',
  });
}
