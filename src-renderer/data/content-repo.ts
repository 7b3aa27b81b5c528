import {
  contentTypeSchema,
  type ContentChange,
  type ContentPage,
  type ContentType,
  type ReceivedContentChange,
} from '../../src-shared/protocol.js';
import { contentEntitySchemas } from '../../src-shared/schemas/content-entities.js';
import { assertNever } from '../../src-shared/assert-never.js';
import { ContentRejectedError } from './content-rejected.js';
import type { TsonkhDb } from './db.js';
import { getMeta, putMeta } from './meta.js';

/** How fresh the newest page this kiosk applied was: the server's sequence then, and its signed time. */
export interface ContentSeen {
  latest: number;
  signedAt: string | null;
}

/** A kiosk that has seen no page signed within this long tells its technician its content may be stale. */
export const CONTENT_STALE_AFTER_MS = 3 * 24 * 3600_000;

export function contentSeen(value: unknown): ContentSeen {
  const v = value as Partial<ContentSeen> | undefined;
  return {
    latest: typeof v?.latest === 'number' ? v.latest : 0,
    signedAt: typeof v?.signedAt === 'string' ? v.signedAt : null,
  };
}

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

function known(c: ReceivedContentChange): ContentChange | null {
  const type = contentTypeSchema.safeParse(c.type);
  return type.success ? { seq: c.seq, type: type.data, id: c.id, op: c.op, data: c.data } : null;
}

function validated(c: ContentChange): AppliedChange {
  if (c.op === 'delete') return { type: c.type, id: c.id, op: c.op };
  const r = contentEntitySchemas[c.type].safeParse(c.data);
  if (!r.success) {
    throw new ContentRejectedError('invalid_entity', `content change ${c.seq} (${c.type} ${c.id}) is invalid`);
  }
  return { type: c.type, id: c.id, op: c.op, entity: r.data };
}

async function write(db: TsonkhDb, applied: readonly AppliedChange[]): Promise<void> {
  for (const c of applied) {
    const table = tableFor(db, c.type) as unknown as {
      delete(id: string): Promise<void>;
      put(v: unknown): Promise<unknown>;
    };
    if (c.op === 'delete') await table.delete(c.id);
    else await table.put(c.entity);
  }
}

/**
 * Applies a verified page: every entity is validated first (one bad entity refuses the whole
 * page), then the changes and the new cursor are written in ONE transaction, so a sync cut at
 * any moment resumes exactly at the cursor. The cursor is re-checked inside the transaction,
 * in case another sync (or a USB import) moved it meanwhile. Changes of a type this build does
 * not know (made by a newer server) are kept aside, the newest per entity, for the update that
 * knows them (`applyDeferredContent`).
 */
export async function applyContentPage(db: TsonkhDb, page: ContentPage): Promise<AppliedChange[]> {
  const applied: AppliedChange[] = [];
  const deferred: ReceivedContentChange[] = [];
  for (const c of page.changes) {
    const change = known(c);
    if (change) applied.push(validated(change));
    else deferred.push({ seq: c.seq, type: c.type, id: c.id, op: c.op, data: c.data });
  }
  const tables = [...new Set(applied.map((c) => tableFor(db, c.type)))];
  await db.transaction('rw', [...tables, db.meta, db.deferredContent], async () => {
    const current = await contentCursor(db);
    if (current !== page.after) {
      throw new ContentRejectedError('stale_page', `page after ${page.after} but cursor is ${current}`);
    }
    // A genuine page made before one already applied is an old page replayed (to keep this
    // kiosk from hearing of newer changes): refused, whatever its cursor.
    const seen = contentSeen(await getMeta(db, 'contentSeen'));
    if (page.latest !== undefined && page.latest < seen.latest) {
      throw new ContentRejectedError(
        'stale_page',
        `page made when the server was at ${page.latest}, but this kiosk has seen ${seen.latest}`,
      );
    }
    await putMeta(db, 'contentSeen', {
        latest: Math.max(seen.latest, page.latest ?? 0),
        signedAt:
          page.signedAt !== undefined && (seen.signedAt === null || Date.parse(page.signedAt) > Date.parse(seen.signedAt))
            ? page.signedAt
            : seen.signedAt,
    } satisfies ContentSeen);
    await write(db, applied);
    if (deferred.length > 0) await db.deferredContent.bulkPut(deferred);
    await putMeta(db, 'contentCursor', page.next);
  });
  return applied;
}

/**
 * After an update: applies, in their order, the changes kept aside whose type this build now
 * knows, and forgets them. A kept change that is not valid for its type is dropped (it was never
 * shown); the next publication of that entity brings it again.
 */
export async function applyDeferredContent(db: TsonkhDb): Promise<AppliedChange[]> {
  if ((await db.deferredContent.count()) === 0) return [];
  const waiting = await db.deferredContent.orderBy('seq').toArray();
  const ready: { key: [string, string]; change: AppliedChange | null }[] = [];
  for (const c of waiting) {
    const change = known(c);
    if (!change) continue;
    let applied: AppliedChange | null;
    try {
      applied = validated(change);
    } catch {
      applied = null;
    }
    ready.push({ key: [c.type, c.id], change: applied });
  }
  if (ready.length === 0) return [];
  const applied = ready.flatMap((r) => (r.change ? [r.change] : []));
  const tables = [...new Set(applied.map((c) => tableFor(db, c.type)))];
  await db.transaction('rw', [...tables, db.deferredContent], async () => {
    await write(db, applied);
    await db.deferredContent.bulkDelete(ready.map((r) => r.key));
  });
  return applied;
}

export async function contentCursor(db: TsonkhDb): Promise<number> {
  const value = await getMeta(db, 'contentCursor');
  return typeof value === 'number' ? value : 0;
}
