import type { Dexie } from 'dexie';

/** Draft laws (metadata and articles apart), petition categories and the places list. */
export function migration0002(db: Dexie): void {
  db.version(2).stores({
    petitionCategories: '&id, order',
    places: '&id, order',
    laws: '&id',
    lawArticles: '&id, lawId, [lawId+number]',
  });
}
