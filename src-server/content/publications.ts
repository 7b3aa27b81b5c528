import { randomBytes } from 'node:crypto';
import { diffLines, entityLabel, entityLines } from '../../src-shared/console/content-diff.js';
import {
  PREVIEW_LIFETIME_MINUTES,
  type ChangeKind,
  type ContentProblemDto,
  type EntityChange,
  type Publication,
  type PublicationDetail,
  type PublicationPreview,
  type PublishedType,
  type PublishRequest,
  type PreviewSource,
} from '../../src-shared/console/publish-api.js';
import type { ContentType } from '../../src-shared/protocol.js';
import { appendAudit, recordAudit, type AuditEvent } from '../audit/audit-log.js';
import { auditedTransaction } from '../db/audit-chain-lock.js';
import type { Database } from '../db/database.js';
import type { Kysely } from 'kysely';
import type { DatabaseSchema, PublicationsTable } from '../db/schema.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { checkContentFolder, filesInMemory, type ContentEntity } from './content-folder.js';
import { readContentZip, ZipRefusedError } from './content-zip.js';
import { isFolderContentType } from './entity-schemas.js';
import {
  ContentRejectedError,
  previewContentFolder,
  publishContentFolderIn,
  StalePlanError,
  type FolderPlan,
  type FolderPublishResult,
  type PlannedChange,
} from './publish.js';

/** Who acts, from where, when: every step is audited with it. */
export interface PublicationContext {
  /** An operator; `{ id: null, login: 'cli' }` for `npm run publish`. */
  actor: { id: number | null; login: string };
  ip: string | null;
  now: Date;
}

export type PreviewOutcome = { ok: true; preview: PublicationPreview } | { ok: false; problems: ContentProblemDto[] };

/** A publishing step refused with a worded reason; `status` is the HTTP answer. */
export class PublicationError extends Error {
  override readonly name = 'PublicationError';
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly problems: readonly ContentProblemDto[] = [],
  ) {
    super(message);
  }
}

/**
 * Checks an uploaded content-folder zip exactly as `npm run publish` checks a folder, and when
 * it is sound keeps it as a preview of what publishing it would change now. A zip refused as
 * a zip (bomb, traversal, symlink…) throws `PublicationError` 400; a folder with problems
 * answers them, each by file and line. Both outcomes are audited.
 */
export async function previewUpload(
  db: Database,
  zip: Buffer,
  fileName: string | null,
  ctx: PublicationContext,
): Promise<PreviewOutcome> {
  const source: PreviewSource = { kind: 'upload', fileName };
  let files: Map<string, Uint8Array>;
  try {
    files = await readContentZip(zip);
  } catch (err) {
    if (!(err instanceof ZipRefusedError)) throw err;
    await audit(db, ctx, 'content.preview', 'failed', fileName, { source, refused: err.message, bytes: zip.length });
    throw new PublicationError(400, 'zip_refused', `The zip is refused: ${err.message}`);
  }
  const { entities, problems } = await checkContentFolder(filesInMemory(files));
  if (problems.length > 0) {
    await audit(db, ctx, 'content.preview', 'failed', fileName, { source, problems: problems.length });
    return { ok: false, problems };
  }
  return makePreview(db, entities, source, true, ctx);
}

/** A preview that would make the published content equal to publication `id`'s snapshot again. */
export async function previewRepublish(db: Database, id: number, ctx: PublicationContext): Promise<PreviewOutcome> {
  const row = await db.selectFrom('publications').select(['id', 'snapshot']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new PublicationError(404, 'unknown_publication', `There is no publication ${id}`);
  const snapshot = JSON.parse(row.snapshot) as Array<{ type: ContentType; id: string; data: string }>;
  const entities = snapshot.map((e): ContentEntity => ({ type: e.type, id: e.id, data: JSON.parse(e.data) }));
  return makePreview(db, entities, { kind: 'republish', publicationId: id }, false, ctx);
}

async function makePreview(
  db: Database,
  entities: readonly ContentEntity[],
  source: PreviewSource,
  keepArticleVersions: boolean,
  ctx: PublicationContext,
): Promise<PreviewOutcome> {
  const target = source.kind === 'upload' ? source.fileName : `publication ${source.publicationId}`;
  const operatorId = ctx.actor.id;
  if (operatorId === null) throw new Error('a preview is made by a signed-in operator');
  const plan = await previewContentFolder(db, entities, { keepArticleVersions });
  if (plan.problems.length > 0) {
    await audit(db, ctx, 'content.preview', 'failed', target, { source, problems: plan.problems.length });
    return { ok: false, problems: plan.problems.map((message) => ({ file: 'forms.json', message })) };
  }
  const stored = entities.map((e) => ({ type: e.type, id: e.id, data: e.data }));
  const contentHash = contentHashOf(stored);
  const id = randomBytes(18).toString('base64url');
  const createdAt = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + PREVIEW_LIFETIME_MINUTES * 60_000).toISOString();
  const changes = describeChanges(plan);
  const counts = countChanges(changes, plan.unchanged);
  await auditedTransaction(db, async (trx) => {
    await trx.deleteFrom('publication_previews').where('expires_at', '<', createdAt).execute();
    await trx
      .insertInto('publication_previews')
      .values({
        id,
        created_at: createdAt,
        expires_at: expiresAt,
        operator_id: operatorId,
        source_kind: source.kind,
        source_name: source.kind === 'upload' ? source.fileName : null,
        republish_of: source.kind === 'republish' ? source.publicationId : null,
        content_hash: contentHash,
        changes_hash: plan.changesHash,
        entities: JSON.stringify(stored),
        keep_article_versions: keepArticleVersions ? 1 : 0,
      })
      .execute();
    await appendAudit(trx, event(ctx, 'content.preview', 'ok', target, { source, counts, contentHash }), ctx.now);
  });
  return { ok: true, preview: { previewId: id, contentHash, source, createdAt, expiresAt, counts, changes } };
}

/** SHA-256 of the entities' canonical JSON, in type and id order (the folder's order does not matter). */
function contentHashOf(entities: ReadonlyArray<{ type: string; id: string; data: unknown }>): string {
  const sorted = [...entities].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  return sha256Hex(canonicalJson(sorted.map((e) => [e.type, e.id, e.data])));
}

function kindOf(change: PlannedChange): ChangeKind {
  if (change.op === 'delete') return 'withdrawn';
  return change.before === null ? 'added' : 'changed';
}

/** The folder's changes (not the server's derived comment counts), each with its text diff. */
function describeChanges(plan: FolderPlan): EntityChange[] {
  return plan.changes
    .filter((c) => isFolderContentType(c.type))
    .map((c) => {
      const before = c.before === null ? undefined : (JSON.parse(c.before) as unknown);
      const after = c.after === null ? undefined : (JSON.parse(c.after) as unknown);
      const { lines, truncated } = diffLines(
        before === undefined ? [] : entityLines(before),
        after === undefined ? [] : entityLines(after),
      );
      return {
        kind: kindOf(c),
        type: c.type as PublishedType,
        id: c.id,
        label: entityLabel(after ?? before, c.id),
        diff: lines,
        diffTruncated: truncated,
      };
    });
}

function countChanges(changes: readonly EntityChange[], unchanged: number) {
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  return { added: count('added'), changed: count('changed'), withdrawn: count('withdrawn'), unchanged };
}

/**
 * Publishes exactly what preview `previewId` showed: refused (409) when the hash is not the
 * preview's, when the published content changed since the preview, or when it would change
 * nothing; 404 when the preview is unknown or expired. The content, the publication record
 * (with a snapshot of every folder entity as published) and the audit row commit together.
 */
export async function publishPreview(
  db: Database,
  request: PublishRequest,
  ctx: PublicationContext,
): Promise<Publication> {
  try {
    return await auditedTransaction(db, async (trx) => {
      const row = await trx
        .selectFrom('publication_previews')
        .selectAll()
        .where('id', '=', request.previewId)
        .executeTakeFirst();
      if (!row || row.expires_at < ctx.now.toISOString()) {
        throw new PublicationError(
          404,
          'unknown_preview',
          'This preview is unknown or has expired; upload the zip again',
        );
      }
      if (row.content_hash !== request.contentHash) {
        throw new PublicationError(409, 'hash_mismatch', 'The content hash is not the one of this preview');
      }
      const entities = JSON.parse(row.entities) as ContentEntity[];
      const { result, plan } = await publishContentFolderIn(trx, entities, ctx.now, {
        keepArticleVersions: row.keep_article_versions === 1,
        expectChangesHash: row.changes_hash,
      });
      const publication = await recordPublication(trx, plan, result.published, {
        note: request.note,
        contentHash: row.content_hash,
        source:
          row.source_kind === 'republish' && row.republish_of !== null
            ? { kind: 'republish', publicationId: row.republish_of }
            : { kind: 'upload', fileName: row.source_name },
        ctx,
      });
      await trx.deleteFrom('publication_previews').where('id', '=', row.id).execute();
      return publication;
    });
  } catch (err) {
    const refused = toPublicationError(err);
    if (!refused) throw err;
    await audit(db, ctx, 'content.publish', 'failed', request.previewId, {
      code: refused.code,
      reason: refused.message,
    });
    throw refused;
  }
}

/**
 * Writes the publication row and its audit row for a plan just applied (in the same
 * transaction). Refuses with 409 `nothing_to_publish` when the plan changed nothing.
 */
async function recordPublication(
  trx: Kysely<DatabaseSchema>,
  plan: FolderPlan,
  published: ReadonlyArray<{ seq: number }>,
  meta: { note: string; contentHash: string; source: PreviewSource; ctx: PublicationContext },
): Promise<Publication> {
  const { ctx } = meta;
  const changes = describeChanges(plan);
  if (changes.length === 0) {
    throw new PublicationError(409, 'nothing_to_publish', 'This content is what is published already');
  }
  const counts = countChanges(changes, plan.unchanged);
  const seqs = published.map((c) => c.seq);
  const values = {
    published_at: ctx.now.toISOString(),
    operator_id: ctx.actor.id,
    operator_login: ctx.actor.login,
    note: meta.note,
    content_hash: meta.contentHash,
    source_kind: meta.source.kind,
    source_name: meta.source.kind === 'upload' ? meta.source.fileName : null,
    republish_of: meta.source.kind === 'republish' ? meta.source.publicationId : null,
    added: counts.added,
    changed: counts.changed,
    withdrawn: counts.withdrawn,
    unchanged: counts.unchanged,
    first_seq: seqs.length === 0 ? null : Math.min(...seqs),
    last_seq: seqs.length === 0 ? null : Math.max(...seqs),
    changes: JSON.stringify(changes.map(({ kind, type, id, label }) => ({ kind, type, id, label }))),
    snapshot: JSON.stringify(plan.snapshot.filter((e) => isFolderContentType(e.type))),
  };
  const { id } = await trx.insertInto('publications').values(values).returning('id').executeTakeFirstOrThrow();
  const publication = toPublication({ id, ...values });
  await appendAudit(
    trx,
    event(ctx, 'content.publish', 'ok', `publication ${id}`, {
      note: meta.note,
      source: publication.source,
      counts,
      contentHash: meta.contentHash,
      firstSeq: publication.firstSeq,
      lastSeq: publication.lastSeq,
    }),
    ctx.now,
  );
  return publication;
}

/**
 * `npm run publish`: publishes a checked folder as the whole truth and, when anything changed,
 * records it in the history like a console publication (actor `cli`, the folder's name as its
 * source), audited in the same transaction. Undefined when nothing changed.
 */
export async function publishFolderAsPublication(
  db: Database,
  entities: readonly ContentEntity[],
  meta: { note: string; sourceName: string; ctx: PublicationContext },
): Promise<{ result: FolderPublishResult; publication: Publication | undefined }> {
  return auditedTransaction(db, async (trx) => {
    const { result, plan } = await publishContentFolderIn(trx, entities, meta.ctx.now);
    if (describeChanges(plan).length === 0) return { result, publication: undefined };
    const stored = entities.map((e) => ({ type: e.type, id: e.id, data: e.data }));
    const publication = await recordPublication(trx, plan, result.published, {
      note: meta.note,
      contentHash: contentHashOf(stored),
      source: { kind: 'upload', fileName: meta.sourceName },
      ctx: meta.ctx,
    });
    return { result, publication };
  });
}

function toPublicationError(err: unknown): PublicationError | undefined {
  if (err instanceof PublicationError) return err;
  if (err instanceof StalePlanError) {
    return new PublicationError(
      409,
      'preview_stale',
      'The published content changed since this preview; preview again',
    );
  }
  if (err instanceof ContentRejectedError) {
    return new PublicationError(
      422,
      'content_rejected',
      `Nothing published: ${err.problems.join('; ')}`,
      err.problems.map((message) => ({ file: '(published content)', message })),
    );
  }
  return undefined;
}

type PublicationRow = Omit<PublicationsTable, 'id' | 'snapshot' | 'changes'> & { id: number };

function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    publishedAt: row.published_at,
    operatorLogin: row.operator_login,
    note: row.note,
    contentHash: row.content_hash,
    source:
      row.source_kind === 'republish' && row.republish_of !== null
        ? { kind: 'republish', publicationId: row.republish_of }
        : { kind: 'upload', fileName: row.source_name },
    counts: { added: row.added, changed: row.changed, withdrawn: row.withdrawn, unchanged: row.unchanged },
    firstSeq: row.first_seq,
    lastSeq: row.last_seq,
  };
}

const LIST_COLUMNS = [
  'id',
  'published_at',
  'operator_id',
  'operator_login',
  'note',
  'content_hash',
  'source_kind',
  'source_name',
  'republish_of',
  'added',
  'changed',
  'withdrawn',
  'unchanged',
  'first_seq',
  'last_seq',
] as const;

/** The history, newest first (at most `limit`). */
export async function listPublications(db: Database, limit = 500): Promise<Publication[]> {
  const rows = await db.selectFrom('publications').select(LIST_COLUMNS).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toPublication);
}

export async function getPublication(db: Database, id: number): Promise<PublicationDetail | undefined> {
  const row = await db
    .selectFrom('publications')
    .select([...LIST_COLUMNS, 'changes'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toPublication(row), changes: JSON.parse(row.changes) as PublicationDetail['changes'] };
}

function event(
  ctx: PublicationContext,
  action: string,
  outcome: AuditEvent['outcome'],
  target: string | null,
  details: Record<string, unknown>,
): AuditEvent {
  return { action, outcome, actor: ctx.actor, target, ip: ctx.ip, details };
}

function audit(
  db: Database,
  ctx: PublicationContext,
  action: string,
  outcome: AuditEvent['outcome'],
  target: string | null,
  details: Record<string, unknown>,
): Promise<unknown> {
  return recordAudit(db, event(ctx, action, outcome, target, details), ctx.now);
}
