import type { ContentChange, ContentPage, ContentType } from '../../src-shared/protocol.js';
import { contentEntitySchemas } from '../../src-shared/schemas/content-entities.js';
import { assertNever } from '../../src-shared/assert-never.js';
import { ContentRejectedError } from '../sync/verify-page.js';
import type { TsonkhDb } from './db.js';

export const CONTENT_CURSOR_KEY = 'contentCursor';

function tableFor(db: TsonkhDb, type: ContentType) {
  switch (type) {
    case 'category':
      return db.categories;
    case 'service':
      return db.services;
    case 'form':
      return db.forms;
    case 'petition-category':
      return db.petitionCategories;
    case 'place':
      return db.places;
    case 'law':
      return db.laws;
    case 'law-article':
      return db.lawArticles;
    case 'law-comment-counts':
      return db.lawCommentCounts;
    case 'petition-report':
      return db.petitionReports;
    default:
      return assertNever(type, 'content type');
  }
}

export interface AppliedChange {
  type: ContentType;
  id: string;
  op: ContentChange['op'];
  entity?: unknown;
}

/**
 * Applies a verified page: every entity is validated first (one bad entity refuses the whole
 * page), then the changes and the new cursor are written in ONE transaction, so a sync cut at
 * any moment resumes exactly at the cursor. The cursor is re-checked inside the transaction,
 * in case another sync (or a USB import) moved it meanwhile.
 */
export async function applyContentPage(db: TsonkhDb, page: ContentPage): Promise<AppliedChange[]> {
  const applied: AppliedChange[] = page.changes.map((c) => {
    if (c.op === 'delete') return { type: c.type, id: c.id, op: c.op };
    const r = contentEntitySchemas[c.type].safeParse(c.data);
    if (!r.success) {
      throw new ContentRejectedError('invalid_entity', `content change ${c.seq} (${c.type} ${c.id}) is invalid`);
    }
    return { type: c.type, id: c.id, op: c.op, entity: r.data };
  });
  const tables = [...new Set(applied.map((c) => tableFor(db, c.type)))];
  await db.transaction('rw', [...tables, db.meta], async () => {
    const current = await contentCursor(db);
    if (current !== page.after) {
      throw new ContentRejectedError('stale_page', `page after ${page.after} but cursor is ${current}`);
    }
    for (const c of applied) {
      const table = tableFor(db, c.type) as unknown as {
        delete(id: string): Promise<void>;
        put(v: unknown): Promise<unknown>;
      };
      if (c.op === 'delete') await table.delete(c.id);
      else await table.put(c.entity);
    }
    await db.meta.put({ key: CONTENT_CURSOR_KEY, value: page.next });
  });
  return applied;
}

export async function contentCursor(db: TsonkhDb): Promise<number> {
  const row = await db.meta.get(CONTENT_CURSOR_KEY);
  return typeof row?.value === 'number' ? row.value : 0;
}
