import type { ContentPage, SignedContentPage } from '../../src-shared/protocol.js';
import { OPEN_DATASETS, openDataSchemas, type OpenDataset } from '../../src-shared/schemas/open-data.js';
import type { OpenDataEntry, TsonkhDb } from '../data/db.js';
import { applyOpenDataPage, openDataCursorFor, type OpenDataOp } from '../data/open-data-repo.js';
import { verifySignedPage, type PinnedContentKeys } from './verify-page.js';

/** The nation's records (aimag `00`) come with every aimag's. */
export const NATIONAL_AIMAG = '00';
/** Records are small: a page may hold many (the server allows up to 5,000). */
export const OPEN_DATA_PAGE_LIMIT = 1000;

/** Where signed open-data pages come from: the server, through the host's `openData.changes`. */
export type OpenDataSource = (
  aimags: readonly string[],
  after: number,
) => Promise<{ signed: SignedContentPage; bytes: number }>;

export interface OpenDataProgress {
  /** Changes applied (puts and deletes). */
  applied: number;
  /** Changes left out: an unknown dataset, or a record its dataset's schema refuses. */
  skipped: number;
  bytes: number;
  pages: number;
}

const DATASETS = new Set<string>(OPEN_DATASETS);

function datasetOf(type: string): OpenDataset | null {
  if (!type.startsWith('open-')) return null;
  const name = type.slice('open-'.length);
  return DATASETS.has(name) ? (name as OpenDataset) : null;
}

/**
 * The changes of a verified page this build can keep: each record checked by its dataset's
 * schema, of the aimags asked for or the nation's, under the id the change names. A change that
 * fails is left out and counted (the rest of the page is still good); it is never shown.
 */
export function checkOpenDataPage(
  page: ContentPage,
  aimags: readonly string[],
): { ops: OpenDataOp[]; skipped: number } {
  const places = new Set([NATIONAL_AIMAG, ...aimags]);
  const ops: OpenDataOp[] = [];
  let skipped = 0;
  for (const change of page.changes) {
    const type = datasetOf(change.type);
    if (type === null) {
      skipped++;
      continue;
    }
    if (change.op === 'delete') {
      ops.push({ op: 'delete', type, id: change.id });
      continue;
    }
    const parsed = openDataSchemas[type].safeParse(change.data);
    if (!parsed.success || parsed.data.id !== change.id || !places.has(parsed.data.aimag)) {
      skipped++;
      continue;
    }
    const record = parsed.data;
    ops.push({
      op: 'put',
      entry: {
        type,
        id: record.id,
        aimag: record.aimag,
        soum: record.soum,
        seq: change.seq,
        data: record,
      } as OpenDataEntry,
    });
  }
  return { ops, skipped };
}

/**
 * Pulls the open data of the kiosk's aimag (the nation's, and any more it is set to carry) after
 * its cursor, page by page: each page verified with the pinned content keys and its cursor before
 * anything of it is written, then applied in one transaction. Nothing is asked when the kiosk has no place.
 * A refused page (signature, cursor) stops the pull with a ContentRejectedError; the cursor
 * stays, so the next run asks for the same page.
 */
export async function pullOpenData(
  db: TsonkhDb,
  source: OpenDataSource,
  pinned: PinnedContentKeys,
  aimag: string | undefined,
  /** Aimags the centre set this kiosk to carry as well (remote settings `openDataAimags`). */
  extraAimags: readonly string[] = [],
): Promise<OpenDataProgress> {
  const progress: OpenDataProgress = { applied: 0, skipped: 0, bytes: 0, pages: 0 };
  if (aimag === undefined || !/^\d{2}$/.test(aimag)) return progress;
  // Sorted and once each, so the same set is the same scope (another set starts the pull again).
  const aimags = [...new Set([aimag, ...extraAimags.filter((a) => /^\d{2}$/.test(a) && a !== NATIONAL_AIMAG)])].sort();
  let cursor = await openDataCursorFor(db, aimags.join(','));
  for (;;) {
    const got = await source(aimags, cursor);
    const page = await verifySignedPage(got.signed, pinned, cursor);
    const { ops, skipped } = checkOpenDataPage(page, aimags);
    await applyOpenDataPage(db, page, ops);
    cursor = page.next;
    progress.applied += ops.length;
    progress.skipped += skipped;
    progress.bytes += got.bytes;
    progress.pages++;
    if (!page.more || page.changes.length === 0) return progress;
  }
}
