import type { Kysely } from 'kysely';
import type { ContentChange, ContentType } from '../../src-shared/protocol.js';
import { formSchema, serviceSchema } from '../../src-shared/schemas/content.js';
import { lawArticleSchema, lawSchema } from '../../src-shared/schemas/law.js';
import type { Database } from '../db/database.js';
import { lockSequence } from '../db/locks.js';
import type { DatabaseSchema } from '../db/schema.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { serviceReachProblem } from '../../src-shared/rules/service-reach.js';
import type { ContentEntity } from './content-folder.js';
import { CONTENT_TYPE_ORDER, entitySchemas, isFolderContentType } from './entity-schemas.js';
import { articleTextKey } from './law-markdown.js';
// (comment-counts imports this module too; both use each other only inside functions)
import { publishLawCommentCounts } from '../laws/comment-counts.js';

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

/** A transaction (or, on SQLite, a connection inside `begin immediate`: see `auditedTransaction`). */
type Trx = Kysely<DatabaseSchema>;
type Parsed =
  | { op: 'put'; type: ContentType; id: string; data: string; formVersion?: number }
  | { op: 'delete'; type: ContentType; id: string };

/**
 * Publishes a batch of content changes atomically: every entity is validated against the
 * shared schema of its type, then, in one transaction, each real change gets the next global
 * sequence number (kiosks page by it), the current-state table is updated, and form versions
 * are recorded forever so late submissions can be checked against the version they used.
 * A put equal to the current entity is skipped, so re-running a seed publishes nothing.
 * Afterwards every service must point at an existing category and form, and every law and its
 * articles must agree; otherwise the whole batch is rolled back and `ContentRejectedError` lists why.
 *
 * Sequence order is commit order on both databases (SQLite's single writer; on PostgreSQL the
 * content-sequence lock, see `lockSequence`), so a kiosk never pages past a change that commits late.
 */
export async function publishChanges(
  db: Database,
  changes: readonly ContentChangeInput[],
  now: Date = new Date(),
): Promise<PublishResult> {
  const parsed = parseChanges(changes);
  return db.transaction().execute((trx) => applyChanges(trx, parsed, now));
}

/**
 * Publishes content the server derives itself (comment counts) inside the caller's transaction,
 * so the derived entity commits together with what it is derived from. Validated like any
 * change; puts equal to the current entity are skipped, so re-deriving is idempotent. The
 * cross-entity checks of operator content are not run: derived content points at nothing.
 */
export async function publishDerivedChanges(
  trx: Trx,
  changes: readonly ContentChangeInput[],
  now: Date,
): Promise<PublishResult> {
  const result = await applyChanges(trx, parseChanges(changes), now, undefined, false);
  // A derived entity is re-published whole at every change (counts, after each batch of
  // comments): the earlier copies in the log are dropped, so a new kiosk downloads one per
  // law, not one per batch. Kiosks page by `seq > cursor`, so the gaps are harmless.
  for (const change of result.published) {
    await trx
      .deleteFrom('content_changes')
      .where('type', '=', change.type)
      .where('entity_id', '=', change.id)
      .where('seq', '<', change.seq)
      .execute();
  }
  return result;
}

/** What publishing a whole content folder did. */
export interface FolderPublishResult extends PublishResult {
  /** Entities written because they are new or changed. */
  put: number;
  /** Entities withdrawn (tombstoned) because the folder no longer has them. */
  withdrawn: number;
  /** Entities identical to what is published: no change, no new sequence number. */
  unchanged: number;
}

/**
 * Publishes a content folder (see `loadContentFolder`) as the whole truth, in one transaction:
 * every entity is put (unchanged ones are skipped), and every published entity the folder no
 * longer has is withdrawn with a tombstone. A law article keeps the `changedInVersion` it was
 * published with while its Mongolian text stays the same; a changed text gets the law's
 * current version. Throws `ContentRejectedError` (nothing published) on any problem.
 */
export async function publishContentFolder(
  db: Database,
  entities: readonly ContentEntity[],
  now: Date = new Date(),
): Promise<FolderPublishResult> {
  return db.transaction().execute(async (trx) => (await publishContentFolderIn(trx, entities, now)).result);
}

/** How a folder is planned against what is published. */
export interface FolderPlanOptions {
  /**
   * Keep the `changedInVersion` an article was published with while its text stays (see
   * `keepArticleVersion`); default true. False when putting back a snapshot exactly as it was.
   */
  keepArticleVersions?: boolean;
}

/** One entity a folder would put (new or changed) or withdraw, with its canonical JSON before and after. */
export interface PlannedChange {
  op: 'put' | 'delete';
  type: ContentType;
  id: string;
  before: string | null;
  after: string | null;
}

/** What publishing a folder would do to the current state, computed without writing. */
export interface FolderPlan {
  /** The real changes, in publishing order (derived comment counts of withdrawn laws included). */
  changes: PlannedChange[];
  /** Entities equal to what is published. */
  unchanged: number;
  /** SHA-256 over the real changes: equal plans have equal hashes, so a stale preview is found. */
  changesHash: string;
  /** The folder's entities as they will be published (canonical JSON), for "publish again as it was". */
  snapshot: Array<{ type: ContentType; id: string; data: string }>;
  /** Every change to apply (equal puts are skipped as they are applied). */
  parsed: Parsed[];
}

/** The preview was made against content that has changed since; nothing was published. */
export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
}

type CurrentRow = { type: string; entity_id: string; data: string };

function planFolder(
  rows: readonly CurrentRow[],
  entities: readonly ContentEntity[],
  options: FolderPlanOptions = {},
): FolderPlan {
  const current = new Map(rows.map((r) => [entityKey(r.type, r.entity_id), r.data]));
  const order = (type: ContentType) => CONTENT_TYPE_ORDER.indexOf(type);
  const keep = options.keepArticleVersions ?? true;
  const puts = [...entities]
    .sort((a, b) => order(a.type) - order(b.type))
    .map((e): ContentChangeInput => ({
      op: 'put',
      type: e.type,
      data: keep ? keepArticleVersion(e, entities, current) : e.data,
    }));
  const wanted = new Set(entities.map((e) => entityKey(e.type, e.id)));
  const withdrawals = rows
    .filter((r) => isFolderContentType(r.type) && !wanted.has(entityKey(r.type, r.entity_id)))
    .map((r): ContentChangeInput => ({ op: 'delete', type: r.type as ContentType, id: r.entity_id }))
    .sort((a, b) => order(b.type) - order(a.type));
  // Comment counts are the server's, not the folder's: they go only with their law.
  const orphanCounts = rows
    .filter((r) => r.type === 'law-comment-counts' && !wanted.has(entityKey('law', r.entity_id)))
    .map((r): ContentChangeInput => ({ op: 'delete', type: 'law-comment-counts', id: r.entity_id }));
  withdrawals.unshift(...orphanCounts);
  const parsed = parseChanges([...puts, ...withdrawals]);
  const changes: PlannedChange[] = [];
  let unchanged = 0;
  for (const change of parsed) {
    const before = current.get(entityKey(change.type, change.id)) ?? null;
    if (change.op === 'put') {
      if (before === change.data) unchanged++;
      else changes.push({ op: 'put', type: change.type, id: change.id, before, after: change.data });
    } else if (before !== null) {
      changes.push({ op: 'delete', type: change.type, id: change.id, before, after: null });
    }
  }
  const snapshot = parsed.flatMap((c) => (c.op === 'put' ? [{ type: c.type, id: c.id, data: c.data }] : []));
  // Before and after: the preview showed both, so either changing makes it stale.
  const changesHash = sha256Hex(canonicalJson(changes.map((c) => [c.op, c.type, c.id, c.before, c.after])));
  return { changes, unchanged, changesHash, snapshot, parsed };
}

/**
 * What publishing `entities` as the whole truth would change now, without writing anything:
 * the same plan `publishContentFolderIn` applies, and the problems its final checks would
 * find in a form version that was published before with other content.
 */
export async function previewContentFolder(
  db: Database,
  entities: readonly ContentEntity[],
  options: FolderPlanOptions = {},
): Promise<FolderPlan & { problems: string[] }> {
  const rows = await db.selectFrom('content_current').select(['type', 'entity_id', 'data']).execute();
  const plan = planFolder(rows, entities, options);
  const problems: string[] = [];
  for (const change of plan.parsed) {
    if (change.op !== 'put' || change.formVersion === undefined) continue;
    const existing = await db
      .selectFrom('form_versions')
      .select('data')
      .where('form_id', '=', change.id)
      .where('version', '=', change.formVersion)
      .executeTakeFirst();
    if (existing !== undefined && existing.data !== change.data) {
      problems.push(
        `form "${change.id}": version ${change.formVersion} was already published with different content; ` +
          'publish the change as a new version',
      );
    }
  }
  return { ...plan, problems };
}

/**
 * `publishContentFolder` inside the caller's transaction (so a publication record and its
 * audit row commit with the content). With `expectChangesHash`, refuses with `StalePlanError`
 * when the plan differs from the one previewed (someone published in between).
 */
export async function publishContentFolderIn(
  trx: Trx,
  entities: readonly ContentEntity[],
  now: Date,
  options: FolderPlanOptions & { expectChangesHash?: string } = {},
): Promise<{ result: FolderPublishResult; plan: FolderPlan }> {
  // Before reading the current state: what is withdrawn or skipped depends on it.
  await lockSequence(trx, 'contentSequence');
  const rows = await trx.selectFrom('content_current').select(['type', 'entity_id', 'data']).execute();
  const plan = planFolder(rows, entities, options);
  if (options.expectChangesHash !== undefined && plan.changesHash !== options.expectChangesHash) {
    throw new StalePlanError('the published content changed since this preview; preview again');
  }
  const current = new Map(rows.map((r) => [entityKey(r.type, r.entity_id), r.data]));
  const result = await applyChanges(trx, plan.parsed, now, current);
  // A law put back after a withdrawal gets its comment counts again (they went with it);
  // for every other law this publishes nothing, since its counts are what kiosks have.
  await publishLawCommentCounts(
    trx,
    entities.filter((e) => e.type === 'law').map((e) => e.id),
    now,
  );
  const put = result.published.filter((c) => c.op === 'put').length;
  return { result: { ...result, put, withdrawn: result.published.length - put, unchanged: result.skipped }, plan };
}

const entityKey = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * An article whose Mongolian text is what is published keeps its published `changedInVersion`
 * unless the folder's history shows the text unchanged from even earlier (both say "unchanged
 * since", so the earlier of the two holds). Its `earlier` texts are those before that version.
 */
function keepArticleVersion(
  entity: ContentEntity,
  entities: readonly ContentEntity[],
  current: ReadonlyMap<string, string>,
): unknown {
  if (entity.type !== 'law-article') return entity.data;
  const article = lawArticleSchema.parse(entity.data);
  const publishedData = current.get(entityKey('law-article', article.id));
  if (publishedData === undefined) return article;
  const published = lawArticleSchema.safeParse(JSON.parse(publishedData));
  if (!published.success) return article;
  if (articleTextKey(published.data) === articleTextKey(article)) {
    const changedInVersion = Math.min(published.data.changedInVersion, article.changedInVersion);
    return { ...article, changedInVersion, earlier: article.earlier.filter((e) => e.version < changedInVersion) };
  }
  const law = entities.find((e) => e.type === 'law' && e.id === article.lawId);
  const version = law ? lawSchema.parse(law.data).version : article.changedInVersion;
  return { ...article, changedInVersion: version };
}

/**
 * Writes parsed changes: each real change gets the next sequence number; puts equal to the
 * current entity and deletes of absent ones are skipped. `current` (type+id → data), when
 * given, saves a query per change and is kept up to date.
 */
async function applyChanges(
  trx: Trx,
  parsed: readonly Parsed[],
  now: Date,
  current?: Map<string, string>,
  checkReferences = true,
): Promise<PublishResult> {
  const published: ContentChange[] = [];
  const problems: string[] = [];
  let skipped = 0;
  await lockSequence(trx, 'contentSequence');
  for (const [index, change] of parsed.entries()) {
    const key = entityKey(change.type, change.id);
    const existing = current
      ? current.get(key)
      : (
          await trx
            .selectFrom('content_current')
            .select('data')
            .where('type', '=', change.type)
            .where('entity_id', '=', change.id)
            .executeTakeFirst()
        )?.data;
    if (change.op === 'put' ? existing === change.data : existing === undefined) {
      skipped++;
      continue;
    }
    if (change.op === 'put' && change.formVersion !== undefined) {
      const problem = await recordFormVersion(trx, change.id, change.formVersion, change.data);
      if (problem) problems.push(`changes.${index} (form "${change.id}"): ${problem}`);
    }
    published.push(await appendChange(trx, change, now));
    if (current && change.op === 'put') current.set(key, change.data);
    else current?.delete(key);
  }
  if (checkReferences && published.length > 0) problems.push(...(await referenceProblems(trx)));
  if (problems.length > 0) throw new ContentRejectedError(problems);
  return { published, skipped };
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
 * never shows a service it cannot list or an application it cannot open; and a service whose
 * words say it is done at this machine must have a form (`serviceReachProblem`), or the kiosk
 * would send the citizen round in a circle. Checked over the
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
    const reach = serviceReachProblem(service);
    if (reach) problems.push(`${reach.field}: ${reach.message}`);
  }
  problems.push(...lawProblems(rows));
  return problems;
}

/** A law's table of contents and its article entities must agree, both ways. */
function lawProblems(rows: ReadonlyArray<{ type: string; entity_id: string; data: string }>): string[] {
  const problems: string[] = [];
  const laws = new Map(
    rows.filter((r) => r.type === 'law').map((r) => [r.entity_id, lawSchema.parse(JSON.parse(r.data))] as const),
  );
  const articles = new Set<string>();
  for (const row of rows.filter((r) => r.type === 'law-article')) {
    const article = lawArticleSchema.parse(JSON.parse(row.data));
    articles.add(article.id);
    const law = laws.get(article.lawId);
    if (!law) {
      problems.push(`law article "${article.id}": law "${article.lawId}" does not exist`);
    } else if (!law.chapters.some((c) => c.number === article.chapter && c.articles.includes(article.number))) {
      problems.push(`law article "${article.id}": law "${law.id}" does not list it in chapter ${article.chapter}`);
    }
  }
  for (const law of laws.values()) {
    for (const n of law.chapters.flatMap((c) => c.articles)) {
      if (!articles.has(`${law.id}.${n}`)) problems.push(`law "${law.id}": article ${n} does not exist`);
    }
  }
  return problems;
}
