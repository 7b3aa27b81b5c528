import type { Dexie } from 'dexie';

/**
 * The search index kept with the content (MiniSearch serialized as JSON, one row), tagged with
 * the version of the index definition and the content cursor it covers, so a start loads it
 * instead of rebuilding it from every service and law article.
 */
export function migration0007(db: Dexie): void {
  db.version(7).stores({
    searchIndex: '&key',
  });
}
