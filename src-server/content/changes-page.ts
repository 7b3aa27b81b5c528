import type { ContentChange, ContentPage, ContentType } from '../../src-shared/protocol.js';
import type { Database } from '../db/database.js';

/**
 * One page of the content change log after a kiosk's cursor. Reads one row beyond `limit`
 * to learn whether more exist without a second COUNT query.
 */
export async function readChangesPage(db: Database, after: number, limit: number): Promise<ContentPage> {
  const rows = await db
    .selectFrom('content_changes')
    .select(['seq', 'type', 'entity_id', 'op', 'data'])
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const changes = page.map((row): ContentChange => {
    const base = { seq: row.seq, type: row.type as ContentType, id: row.entity_id };
    return row.op === 'put' && row.data !== null
      ? { ...base, op: 'put', data: JSON.parse(row.data) as unknown }
      : { ...base, op: 'delete' };
  });
  return { changes, next: page.at(-1)?.seq ?? after, more: rows.length > limit };
}
