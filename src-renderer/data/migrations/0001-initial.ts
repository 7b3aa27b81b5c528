import type { Dexie } from 'dexie';

/** First schema: content (categories, services, forms), the outbox and a key-value meta table. */
export function migration0001(db: Dexie): void {
  db.version(1).stores({
    categories: '&id, order',
    services: '&id, category',
    forms: '&id',
    outbox: '&idempotencyKey, &trackingNo, status, createdAt',
    meta: '&key',
  });
}
