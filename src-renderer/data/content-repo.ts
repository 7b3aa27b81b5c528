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

/**
 * A change kept aside (Dexie `deferredContent`, migration 0006): as it arrived, plus why. A change
 * of an unknown type has neither mark; `unreadable` when its entity does not pass this build's
 * schema of its type (made by a newer server's); `unknown` names the members this build's schema
 * dropped from an entity it could apply (the rest is shown meanwhile).
 */
export type KeptChange = ReceivedContentChange & { unreadable?: true; unknown?: string[] };

type Outcome = { applied: AppliedChange | null; kept: KeptChange | null };

/** Paths of members in `raw` that parsing dropped (`fields.2.hint`): what this build does not know. */
export function droppedMembers(raw: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(raw)) {
    if (!Array.isArray(parsed)) return [];
    return raw.flatMap((item, i) => droppedMembers(item, parsed[i], `${at}${i}.`));
  }
  if (raw === null || typeof raw !== 'object' || parsed === null || typeof parsed !== 'object') return [];
  const out: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(parsed, key)) out.push(`${at}${key}`);
    else
      out.push(
        ...droppedMembers((raw as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key], `${at}${key}.`),
      );
  }
  return out;
}

function asReceived(c: ReceivedContentChange): ReceivedContentChange {
  return c.op === 'put'
    ? { seq: c.seq, type: c.type, id: c.id, op: c.op, data: c.data }
    : { seq: c.seq, type: c.type, id: c.id, op: c.op };
}

/** What this build does with one change: apply it, keep it aside, or both (it shows what it knows). */
function outcome(c: ReceivedContentChange): Outcome {
  const change = known(c);
  if (!change) return { applied: null, kept: asReceived(c) };
  if (change.op === 'delete') return { applied: { type: change.type, id: change.id, op: 'delete' }, kept: null };
  const r = contentEntitySchemas[change.type].safeParse(change.data);
  if (!r.success) return { applied: null, kept: { ...asReceived(c), unreadable: true } };
  const applied: AppliedChange = { type: change.type, id: change.id, op: 'put', entity: r.data };
  const unknown = droppedMembers(change.data, r.data);
  return { applied, kept: unknown.length > 0 ? { ...asReceived(c), unknown } : null };
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
 * Applies a verified page: the changes, what is kept aside and the new cursor are written in ONE
 * transaction, so a sync cut at any moment resumes exactly at the cursor. The cursor is re-checked
 * inside the transaction, in case another sync (or a USB import) moved it meanwhile.
 *
 * A newer server may send what this build cannot fully read; refusing the page would stop every
 * sync after it (as `law-comment-counts` once stopped older kiosks). So, the newest per entity,
 * a change of an unknown type or whose entity fails this build's schema is kept aside (the
 * entity as this build had it stays), and one whose entity has members this build does not know
 * is applied with what it knows and kept aside whole; an update that knows them applies them
 * (`applyDeferredContent`). A change this build reads whole clears what was kept of its entity.
 * Pages are verified before this, over every member, so nothing kept aside is unsigned.
 */
export async function applyContentPage(db: TsonkhDb, page: ContentPage): Promise<AppliedChange[]> {
  const applied: AppliedChange[] = [];
  const newest = new Map<string, { key: [string, string]; kept: KeptChange | null }>();
  for (const c of page.changes) {
    const o = outcome(c);
    if (o.applied) applied.push(o.applied);
    newest.set(`${c.type}\u0000${c.id}`, { key: [c.type, c.id], kept: o.kept });
  }
  const kept = [...newest.values()].flatMap((e) => (e.kept ? [e.kept] : []));
  const cleared = [...newest.values()].flatMap((e) => (e.kept ? [] : [e.key]));
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
    if (cleared.length > 0) await db.deferredContent.bulkDelete(cleared);
    if (kept.length > 0) await db.deferredContent.bulkPut(kept);
    await putMeta(db, 'contentCursor', page.next);
  });
  return applied;
}

const sameMembers = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * At start: applies, in their order, the changes kept aside that this build reads better than
 * the build that kept them (a type it now knows, an entity it can now read, fewer unknown
 * members), and forgets those it now reads whole. The rest stays aside, untouched, for a later
 * update; nothing is applied twice by the same build.
 */
export async function applyDeferredContent(db: TsonkhDb): Promise<AppliedChange[]> {
  if ((await db.deferredContent.count()) === 0) return [];
  const waiting = (await db.deferredContent.orderBy('seq').toArray()) as KeptChange[];
  const applied: AppliedChange[] = [];
  const done: [string, string][] = [];
  const still: KeptChange[] = [];
  for (const c of waiting) {
    const o = outcome(c);
    if (!o.applied) continue;
    if (c.unknown !== undefined && o.kept?.unknown !== undefined && sameMembers(c.unknown, o.kept.unknown)) continue;
    applied.push(o.applied);
    if (o.kept) still.push(o.kept);
    else done.push([c.type, c.id]);
  }
  if (applied.length === 0) return [];
  const tables = [...new Set(applied.map((c) => tableFor(db, c.type)))];
  await db.transaction('rw', [...tables, db.deferredContent], async () => {
    await write(db, applied);
    await db.deferredContent.bulkDelete(done);
    if (still.length > 0) await db.deferredContent.bulkPut(still);
  });
  return applied;
}

export async function contentCursor(db: TsonkhDb): Promise<number> {
  const value = await getMeta(db, 'contentCursor');
  return typeof value === 'number' ? value : 0;
}
