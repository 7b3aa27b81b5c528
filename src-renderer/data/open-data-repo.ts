import type { OpenDataset } from '../../src-shared/schemas/open-data.js';
import { ContentRejectedError } from './content-rejected.js';
import type { OpenDataEntry, TsonkhDb } from './db.js';
import { getMeta, putMeta } from './meta.js';

/** One checked change of an open-data page: a record to keep, or one the server withdrew. */
export type OpenDataOp = { op: 'put'; entry: OpenDataEntry } | { op: 'delete'; type: OpenDataset; id: string };

/**
 * The open-data cursor for the aimags this kiosk carries (`scope`, e.g. "83"). When the kiosk
 * carried another set before (it was moved and enrolled again), what it kept is forgotten and
 * the pull starts again from 0, in one transaction: another aimag's records are never shown.
 */
export async function openDataCursorFor(db: TsonkhDb, scope: string): Promise<number> {
  return db.transaction('rw', [db.openData, db.meta], async () => {
    if ((await getMeta(db, 'openDataScope')) !== scope) {
      await db.openData.clear();
      await putMeta(db, 'openDataScope', scope);
      await putMeta(db, 'openDataCursor', 0);
      await putMeta(db, 'openDataSeen', 0);
      return 0;
    }
    const cursor = await getMeta(db, 'openDataCursor');
    return typeof cursor === 'number' ? cursor : 0;
  });
}

/**
 * Applies one verified page's changes and moves the cursor to `next`, all in one transaction:
 * a page either lands whole or not at all. Refused when the cursor moved meanwhile.
 */
export async function applyOpenDataPage(
  db: TsonkhDb,
  page: { after: number; next: number; latest?: number | undefined },
  ops: readonly OpenDataOp[],
): Promise<void> {
  await db.transaction('rw', [db.openData, db.meta], async () => {
    const current = await getMeta(db, 'openDataCursor');
    if ((typeof current === 'number' ? current : 0) !== page.after) {
      throw new ContentRejectedError('stale_page', `open-data page after ${page.after} but cursor is ${current}`);
    }
    // A genuine page made before one already applied is an old page replayed (to keep this kiosk
    // from hearing of newer records): refused, as for content.
    const seen = (await getMeta(db, 'openDataSeen')) ?? 0;
    if (page.latest !== undefined && page.latest < seen) {
      throw new ContentRejectedError(
        'stale_page',
        `open-data page made when the server was at ${page.latest}, but this kiosk has seen ${seen}`,
      );
    }
    await putMeta(db, 'openDataSeen', Math.max(seen, page.latest ?? 0));
    // A key that comes twice in one page (put, then withdrawn) is applied in order, so the later
    // change wins; otherwise all at once, which is much faster for pages of a thousand records.
    const keyOf = (o: OpenDataOp) => (o.op === 'put' ? `${o.entry.type}/${o.entry.id}` : `${o.type}/${o.id}`);
    if (new Set(ops.map(keyOf)).size < ops.length) {
      for (const o of ops) {
        if (o.op === 'put') await db.openData.put(o.entry);
        else await db.openData.delete([o.type, o.id]);
      }
    } else {
      const deletes = ops.flatMap((o): [string, string][] => (o.op === 'delete' ? [[o.type, o.id]] : []));
      const puts = ops.flatMap((o) => (o.op === 'put' ? [o.entry] : []));
      if (deletes.length > 0) await db.openData.bulkDelete(deletes);
      if (puts.length > 0) await db.openData.bulkPut(puts);
    }
    await putMeta(db, 'openDataCursor', page.next);
  });
}

/** The records of one dataset kept for a place (an aimag code, or a soum code), for the screens. */
export async function openDataFor<D extends OpenDataset>(
  db: TsonkhDb,
  type: D,
  place: { aimag: string } | { soum: string },
): Promise<OpenDataEntry<D>[]> {
  const rows =
    'soum' in place
      ? await db.openData.where('[type+soum]').equals([type, place.soum]).toArray()
      : await db.openData.where('[type+aimag]').equals([type, place.aimag]).toArray();
  return rows as OpenDataEntry<D>[];
}

export async function countOpenData(db: TsonkhDb): Promise<number> {
  return db.openData.count();
}
