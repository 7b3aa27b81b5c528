import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import type { ContentPage } from '../../src-shared/protocol.js';
import type { OpenDataset } from '../../src-shared/schemas/open-data.js';
import type { Database } from '../db/database.js';
import { lockSequence } from '../db/locks.js';
import type { ImportFile, ImportResult } from './import-report.js';

/** The aimag code of records for the whole nation (national summaries), sent to every kiosk. */
export const NATIONAL = '00';

/** The content type an open-data record travels as, in a signed page (`open-contract`, …). */
export const openDataType = (dataset: OpenDataset): string => `open-${dataset}`;

export interface PublishOutcome {
  /** False when a file was unreadable: nothing was written. */
  published: boolean;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  /** The import's id when it changed anything. */
  importId: number | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Publishes an import's records: new and changed records get the next sequence numbers, records
 * identical to what is published are left alone (a re-import of the same file changes nothing and
 * writes nothing), and records of this dataset in the aimags the import covers that it no longer
 * carries become tombstones, so kiosks delete them. When any file was unreadable nothing is
 * published. One transaction, holding the open-data sequence lock so that sequence order is
 * commit order (kiosks page by `seq > cursor`, see `lockSequence`).
 */
export async function publishOpenData<D extends OpenDataset>(
  db: Database,
  result: ImportResult<D>,
  files: readonly ImportFile[],
  context: { source: { url: string; takenOn: string }; now?: Date },
): Promise<PublishOutcome> {
  if (result.unreadable.length > 0) {
    return { published: false, added: 0, changed: 0, unchanged: 0, removed: 0, importId: null };
  }
  return db.transaction().execute(async (trx) => {
    await lockSequence(trx, 'openDataSequence');
    const aimags = [...new Set(result.records.map((r) => r.aimag))];
    const existing =
      aimags.length === 0
        ? []
        : await trx
            .selectFrom('open_data_records')
            .select(['id', 'aimag', 'soum', 'hash', 'data'])
            .where('dataset', '=', result.dataset)
            .where('aimag', 'in', aimags)
            .execute();
    const before = new Map(existing.map((row) => [row.id, row]));
    const writes: { id: string; aimag: string; soum: string | null; hash: string; data: string | null }[] = [];
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    const seen = new Set<string>();
    for (const record of result.records) {
      seen.add(record.id);
      const data = canonicalJson(record);
      // The day the data was taken is not part of what changed: a weekly re-import of the same
      // records must not send every record to every kiosk again.
      const hash = sha256(canonicalJson({ ...record, source: { url: record.source.url } }));
      const old = before.get(record.id);
      if (old && old.data !== null && old.hash === hash) {
        unchanged += 1;
        continue;
      }
      if (old && old.data !== null) changed += 1;
      else added += 1;
      writes.push({ id: record.id, aimag: record.aimag, soum: record.soum, hash, data });
    }
    let removed = 0;
    for (const old of existing) {
      if (seen.has(old.id) || old.data === null) continue;
      removed += 1;
      writes.push({ id: old.id, aimag: old.aimag, soum: old.soum, hash: sha256('null'), data: null });
    }
    if (writes.length === 0) return { published: true, added, changed, unchanged, removed, importId: null };

    const { id: importId } = await trx
      .insertInto('open_data_imports')
      .values({
        dataset: result.dataset,
        imported_at: (context.now ?? new Date()).toISOString(),
        files: JSON.stringify(files.map((f) => ({ name: f.name, sha256: sha256(f.text) }))),
        source_url: context.source.url,
        taken_on: context.source.takenOn,
        added,
        changed,
        unchanged,
        removed,
        report: JSON.stringify({
          problems: result.problems,
          leftOut: result.leftOut,
          droppedFields: result.droppedFields,
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const top = await trx
      .selectFrom('open_data_records')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    let seq = Number(top?.seq ?? 0);
    for (const write of writes) {
      seq += 1;
      await trx
        .insertInto('open_data_records')
        .values({ dataset: result.dataset, ...write, seq, import_id: importId })
        .onConflict((oc) =>
          oc.columns(['dataset', 'id']).doUpdateSet({
            aimag: write.aimag,
            soum: write.soum,
            hash: write.hash,
            data: write.data,
            seq,
            import_id: importId,
          }),
        )
        .execute();
    }
    return { published: true, added, changed, unchanged, removed, importId };
  });
}

/**
 * One page of open-data changes for a set of aimags (a kiosk's own, the nation's and any it was
 * set to carry), after the kiosk's cursor, in the shape of a content page so that it is signed
 * and verified the same way. Only the latest version of each record is kept, so a page holds a
 * record once, at the number of its last change.
 */
export async function readOpenDataPage(
  db: Database,
  query: { aimags: readonly string[]; after: number; limit: number; maxBytes: number; latest?: number },
): Promise<ContentPage> {
  const aimags = [...new Set([NATIONAL, ...query.aimags])];
  const latest = query.latest ?? (await latestOpenDataSeq(db, aimags));
  const rows = await db
    .selectFrom('open_data_records')
    .select(['seq', 'dataset', 'id', 'data'])
    .where('aimag', 'in', aimags)
    .where('seq', '>', query.after)
    .where('seq', '<=', latest)
    .orderBy('seq')
    .limit(query.limit + 1)
    .execute();
  const changes: ContentPage['changes'] = [];
  let bytes = 512;
  for (const row of rows.slice(0, query.limit)) {
    const base = { seq: Number(row.seq), type: openDataType(row.dataset as OpenDataset), id: row.id };
    const change =
      row.data === null
        ? { ...base, op: 'delete' as const }
        : { ...base, op: 'put' as const, data: JSON.parse(row.data) as unknown };
    const size = Buffer.byteLength(JSON.stringify(change)) + 1;
    if (changes.length > 0 && bytes + size > query.maxBytes) break;
    changes.push(change);
    bytes += size;
  }
  return {
    after: query.after,
    changes,
    next: changes.at(-1)?.seq ?? query.after,
    more: rows.length > changes.length,
    latest,
  };
}

/** The newest change number among the aimags (and the nation's): a page up to it never changes, so it can be cached. */
export async function latestOpenDataSeq(db: Database, aimags: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('open_data_records')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('aimag', 'in', [...new Set([NATIONAL, ...aimags])])
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
