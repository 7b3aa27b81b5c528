import type { Dexie } from 'dexie';

/**
 * The public part of the 11-11 petition report (how the government answered petitions, by
 * aimag), synced from the server as content: one row, id `national`.
 */
export function migration0005(db: Dexie): void {
  db.version(5).stores({
    petitionReports: '&id',
  });
}
