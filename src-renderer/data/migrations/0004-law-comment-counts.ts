import type { Dexie } from 'dexie';

/**
 * Comment counts per law (by stance, for the whole law and each article), synced from the
 * server as content: one row per law, keyed by the law's id.
 */
export function migration0004(db: Dexie): void {
  db.version(4).stores({
    lawCommentCounts: '&id',
  });
}
