import type { ContentPage } from '../../src-shared/protocol.js';
import { categorySchema, formSchema, serviceSchema } from '../../src-shared/schemas/content.js';
import { assertNever } from '../../src-shared/assert-never.js';
import type { TsonkhDb } from './db.js';

export const CONTENT_CURSOR_KEY = 'contentCursor';

export class ContentPageError extends Error {
  override name = 'ContentPageError';
}

/** Validates the whole page first, then applies it and moves the cursor in one transaction. */
export async function applyContentPage(db: TsonkhDb, page: ContentPage): Promise<void> {
  const parsed = page.changes.map((c) => {
    if (c.op === 'delete') return { ...c, entity: undefined };
    const schema = c.type === 'category' ? categorySchema : c.type === 'service' ? serviceSchema : formSchema;
    const r = schema.safeParse(c.data);
    if (!r.success) throw new ContentPageError(`content change ${c.seq} (${c.type} ${c.id}) is invalid`);
    return { ...c, entity: r.data };
  });
  await db.transaction('rw', [db.categories, db.services, db.forms, db.meta], async () => {
    for (const c of parsed) {
      const table = tableFor(db, c.type);
      if (c.op === 'delete') await table.delete(c.id);
      else await (table as typeof db.services).put(c.entity as never);
    }
    await db.meta.put({ key: CONTENT_CURSOR_KEY, value: page.next });
  });
}

function tableFor(db: TsonkhDb, type: ContentPage['changes'][number]['type']) {
  switch (type) {
    case 'category':
      return db.categories;
    case 'service':
      return db.services;
    case 'form':
      return db.forms;
    default:
      return assertNever(type, 'content type');
  }
}

export async function contentCursor(db: TsonkhDb): Promise<number> {
  const row = await db.meta.get(CONTENT_CURSOR_KEY);
  return typeof row?.value === 'number' ? row.value : 0;
}
