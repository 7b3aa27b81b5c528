import type { Transaction } from 'kysely';
import type { ContentChange, ContentType } from '../../src-shared/protocol.js';
import { formSchema, serviceSchema } from '../../src-shared/schemas/content.js';
import type { Database } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import { canonicalJson } from '../util/canonical-json.js';
import { formatZodIssues } from '../util/zod-issues.js';
import { entitySchemas } from './entity-schemas.js';

/** One change an operator (or the demo seed) wants published. A `put` carries its id in `data.id`. */
export type ContentChangeInput =
  { op: 'put'; type: ContentType; data: unknown } | { op: 'delete'; type: ContentType; id: string };

export interface PublishResult {
  /** The changes written, with the sequence numbers they were given. */
  published: ContentChange[];
  /** Puts identical to the current entity, and deletes of entities that do not exist. */
  skipped: number;
}

/** The batch was refused as a whole; nothing was published. Each problem names the change. */
export class ContentRejectedError extends Error {
  override readonly name = 'ContentRejectedError';
  constructor(readonly problems: readonly string[]) {
    super(`Content refused, nothing published: ${problems.join('; ')}`);
  }
}

type Trx = Transaction<DatabaseSchema>;
type Parsed =
  | { op: 'put'; type: ContentType; id: string; data: string; formVersion?: number }
  | { op: 'delete'; type: ContentType; id: string };

/**
 * Publishes a batch of content changes atomically: every entity is validated against the
 * shared schema of its type, then, in one transaction, each real change gets the next global
 * sequence number (kiosks page by it), the current-state table is updated, and form versions
 * are recorded forever so late submissions can be checked against the version they used.
 * A put equal to the current entity is skipped, so re-running a seed publishes nothing.
 * Afterwards every service must point at an existing category and form; otherwise the whole
 * batch is rolled back and `ContentRejectedError` lists why.
 *
 * On SQLite writers are serialised, so sequence order equals commit order. PostgreSQL will need
 * publishes serialised too (an advisory lock), or a kiosk could page past a later-committing seq.
 */
export async function publishChanges(
  db: Database,
  changes: readonly ContentChangeInput[],
  now: Date = new Date(),
): Promise<PublishResult> {
  const parsed = parseChanges(changes);
  return db.transaction().execute(async (trx) => {
    const published: ContentChange[] = [];
    const problems: string[] = [];
    let skipped = 0;
    for (const [index, change] of parsed.entries()) {
      const current = await trx
        .selectFrom('content_current')
        .select('data')
        .where('type', '=', change.type)
        .where('entity_id', '=', change.id)
        .executeTakeFirst();
      if (change.op === 'put' ? current?.data === change.data : current === undefined) {
        skipped++;
        continue;
      }
      if (change.op === 'put' && change.formVersion !== undefined) {
        const problem = await recordFormVersion(trx, change.id, change.formVersion, change.data);
        if (problem) problems.push(`changes.${index} (form "${change.id}"): ${problem}`);
      }
      published.push(await appendChange(trx, change, now));
    }
    if (published.length > 0) problems.push(...(await referenceProblems(trx)));
    if (problems.length > 0) throw new ContentRejectedError(problems);
    return { published, skipped };
  });
}

function parseChanges(changes: readonly ContentChangeInput[]): Parsed[] {
  const problems: string[] = [];
  const parsed: Parsed[] = [];
  for (const [index, change] of changes.entries()) {
    if (change.op === 'delete') {
      parsed.push(change);
      continue;
    }
    const result = entitySchemas[change.type].safeParse(change.data);
    if (!result.success) {
      const id = readId(change.data);
      problems.push(`changes.${index} (${change.type}${id ? ` "${id}"` : ''}): ${formatZodIssues(result.error)}`);
      continue;
    }
    const entity = result.data;
    const formVersion = change.type === 'form' ? formSchema.parse(entity).version : undefined;
    parsed.push({ op: 'put', type: change.type, id: entity.id, data: canonicalJson(entity), formVersion });
  }
  if (problems.length > 0) throw new ContentRejectedError(problems);
  return parsed;
}

function readId(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object' || !('id' in data)) return undefined;
  return typeof data.id === 'string' ? data.id : undefined;
}

/** A form version is immutable once published: submissions made with it are judged by it. */
async function recordFormVersion(trx: Trx, formId: string, version: number, data: string): Promise<string | null> {
  const existing = await trx
    .selectFrom('form_versions')
    .select('data')
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (existing === undefined) {
    await trx.insertInto('form_versions').values({ form_id: formId, version, data }).execute();
    return null;
  }
  return existing.data === data
    ? null
    : `version ${version} was already published with different content; publish the change as a new version`;
}

async function appendChange(trx: Trx, change: Parsed, now: Date): Promise<ContentChange> {
  const data = change.op === 'put' ? change.data : null;
  const { seq } = await trx
    .insertInto('content_changes')
    .values({ type: change.type, entity_id: change.id, op: change.op, data, created_at: now.toISOString() })
    .returning('seq')
    .executeTakeFirstOrThrow();
  if (change.op === 'put') {
    await trx
      .insertInto('content_current')
      .values({ type: change.type, entity_id: change.id, data: change.data, seq })
      .onConflict((oc) =>
        oc
          .columns(['type', 'entity_id'])
          .doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), seq: eb.ref('excluded.seq') })),
      )
      .execute();
    return { seq, type: change.type, id: change.id, op: 'put', data: JSON.parse(change.data) as unknown };
  }
  await trx.deleteFrom('content_current').where('type', '=', change.type).where('entity_id', '=', change.id).execute();
  return { seq, type: change.type, id: change.id, op: 'delete' };
}

/**
 * Every current service must name an existing category and (if it has one) form, so a kiosk
 * never shows a service it cannot list or an application it cannot open. Checked over the
 * whole current state so deletes are covered too; the catalogue is small.
 */
async function referenceProblems(trx: Trx): Promise<string[]> {
  const rows = await trx.selectFrom('content_current').select(['type', 'entity_id', 'data']).execute();
  const ids = (type: ContentType) => new Set(rows.filter((r) => r.type === type).map((r) => r.entity_id));
  const categories = ids('category');
  const forms = ids('form');
  const problems: string[] = [];
  for (const row of rows.filter((r) => r.type === 'service')) {
    const service = serviceSchema.parse(JSON.parse(row.data));
    if (!categories.has(service.category)) {
      problems.push(`service "${service.id}": category "${service.category}" does not exist`);
    }
    if (service.formId !== undefined && !forms.has(service.formId)) {
      problems.push(`service "${service.id}": form "${service.formId}" does not exist`);
    }
  }
  return problems;
}
