import type { KeyObject } from 'node:crypto';
import type { ItemResult } from '../../src-shared/protocol.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import type { Submission, SubmissionAck } from '../../src-shared/schemas/submission.js';
import { compiledQuery } from '../db/compiled-query.js';
import type { Database } from '../db/database.js';
import type { NewSubmission } from '../db/schema.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { petitionDueDate } from './due-dates.js';
import type { EnvelopeOpener } from './envelope-opener.js';
import type { OpenSealedResult } from './open-sealed.js';
import { STORED_COLUMNS, submissionWriter, type StoredSubmission, type SubmissionInsert } from './submission-writer.js';
import { checkNewSubmission, newCheckContext, type KindColumns, type Rejection } from './submission-checks.js';

/** The ack's status: the state at receipt. Later status changes travel separately, so replays stay identical. */
const RECEIVED = 'received';

export interface AcceptOptions {
  /** Opens the sealed envelopes (the submission-encryption private key). */
  privateKey: KeyObject;
  /** The server's clock: the receipt time of the batch. */
  now?: () => Date;
  /** Opens the new items' envelopes (on worker threads, say); default: here, with `privateKey`. */
  opener?: EnvelopeOpener;
}

export interface BatchOutcome {
  /** One result per item, in order. */
  results: ItemResult[];
  /** How many new submissions this call stored (0 when everything was a replay or refused). */
  stored: number;
  /** Laws whose comment counts this call republished (one content change each). */
  countsPublished: string[];
  /**
   * True when the kiosk's push time (`kiosks.last_push_at`) was recorded in the same transaction as
   * the submissions (anything new was written); false for a batch of replays or refusals.
   */
  pushRecorded: boolean;
}

type Plan = { rejected: Rejection } | { fromRow: true };

/**
 * Stores a kiosk's batch idempotently. A known key with the same body gets the original ack
 * (same serverId, receivedAt and dueDate); with a different body, a conflict and the original
 * stays. New items are opened and checked first; those that pass are stored in ONE transaction
 * (shared with the other batches arriving at that moment: group commit, `submission-writer.ts`),
 * each row with its 'received' status change, by INSERT … ON CONFLICT DO NOTHING, so concurrent
 * pushes of one item make exactly one row and one status change, and all get the same answer.
 * Refused items are answered per item; nothing here depends on which request won.
 * Law comments are stored with what the citizen wrote (for the drafting body), and the counts
 * of each law that gained comments are republished in the same transaction: one content change
 * per law per transaction, none for a batch of replays.
 */
export async function acceptSubmissions(
  db: Database,
  kiosk: AuthenticatedKiosk,
  items: readonly Submission[],
  { privateKey, now = () => new Date(), opener }: AcceptOptions,
): Promise<BatchOutcome> {
  const receivedAt = now();
  // Stored and compared as canonical JSON of the item as sent (its sealed envelope included): key
  // order and whitespace do not make a resend "different", but any other byte of the envelope
  // does. The kiosk seals once and freezes the item, so an honest resend always hashes the same.
  const bodies = items.map((item) => canonicalJson(item));
  const hashes = bodies.map((body) => sha256Hex(body));
  const keys = items.map((i) => i.idempotencyKey);
  const { known, latestContentSeq } = await readBeforeChecks(db, keys);
  const ctx = newCheckContext(db, privateKey, latestContentSeq);
  const opened = await openNewEnvelopes(items, known, kiosk, opener);
  const plans: Plan[] = [];
  const inserts: SubmissionInsert[] = [];
  const planned = new Set<string>();
  for (const [i, item] of items.entries()) {
    const key = item.idempotencyKey;
    if (known.has(key) || planned.has(key)) {
      plans.push({ fromRow: true });
      continue;
    }
    const checked = await checkNewSubmission(ctx, kiosk, item, receivedAt, opened.get(i));
    if (!checked.ok) {
      plans.push({ rejected: checked.rejection });
      continue;
    }
    const dueDate = checked.value.dueDays === null ? null : petitionDueDate(receivedAt, checked.value.dueDays);
    planned.add(key);
    plans.push({ fromRow: true });
    const row = newRow(kiosk, item, bodies[i]!, hashes[i]!, checked.value.columns, receivedAt, dueDate);
    inserts.push({ row, comment: checked.value.comment, answerKey: checked.value.answerKey });
  }

  const outcome =
    inserts.length > 0
      ? await submissionWriter(db).store(inserts)
      : { inserted: new Map<string, StoredSubmission>(), taken: new Map<string, Rejection>(), countsPublished: [] };
  const rows = new Map([...known, ...outcome.inserted]);
  // Keys another request (or server process) stored meanwhile: read once, after our commit.
  const unseen = keys.filter((k) => !rows.has(k) && !outcome.taken.has(k));
  if (unseen.length > 0) for (const [k, row] of await findByKeys(db, unseen)) rows.set(k, row);
  const results = items.map((item, i): ItemResult => {
    const plan = plans[i]!;
    const key = item.idempotencyKey;
    if ('rejected' in plan) return { idempotencyKey: key, result: 'rejected', error: plan.rejected };
    const row = rows.get(key);
    if (row) return resultFor(row, kiosk, hashes[i]!);
    const refused = outcome.taken.get(key);
    if (refused) return { idempotencyKey: key, result: 'rejected', error: refused };
    throw new Error(`Submission ${key} vanished after insert`);
  });
  return {
    results,
    stored: outcome.inserted.size,
    countsPublished: outcome.countsPublished,
    pushRecorded: inserts.length > 0,
  };
}

/**
 * The envelopes of the batch's new items (not stored yet, the first of a key, this kiosk's), opened
 * together by `opener` (one message to a worker thread for the batch), by position; none without
 * an opener (each is then opened by its check).
 */
async function openNewEnvelopes(
  items: readonly Submission[],
  known: ReadonlyMap<string, unknown>,
  kiosk: AuthenticatedKiosk,
  opener: EnvelopeOpener | undefined,
): Promise<Map<number, OpenSealedResult>> {
  const opened = new Map<number, OpenSealedResult>();
  if (!opener) return opened;
  const seen = new Set<string>();
  const positions: number[] = [];
  items.forEach((item, i) => {
    const key = item.idempotencyKey;
    if (known.has(key) || seen.has(key) || item.kioskCode !== kiosk.kioskCode) return;
    seen.add(key);
    positions.push(i);
  });
  if (positions.length === 0) return opened;
  const results = await opener.open(positions.map((i) => items[i]!));
  positions.forEach((i, n) => opened.set(i, results[n]!));
  return opened;
}

/** The batch's HTTP status, as `src-shared/protocol.ts` defines it. */
export function batchHttpStatus(results: readonly ItemResult[]): 200 | 409 | 422 {
  if (results.some((r) => r.result === 'conflict')) return 409;
  if (results.some((r) => r.result === 'rejected')) return 422;
  return 200;
}

function newRow(
  kiosk: AuthenticatedKiosk,
  item: Submission,
  body: string,
  bodyHash: string,
  columns: KindColumns,
  receivedAt: Date,
  dueDate: string | null,
): NewSubmission {
  const tracking = parseTrackingNumber(item.trackingNo);
  const at = receivedAt.toISOString();
  return {
    idempotency_key: item.idempotencyKey,
    body_hash: bodyHash,
    kiosk_id: kiosk.id,
    tracking_no: tracking.ok ? tracking.value.text : item.trackingNo,
    kind: item.kind,
    channel: item.channel,
    staff_id: item.staffId ?? null,
    lang: item.lang,
    created_at: item.createdAt,
    ...columns,
    // As sent: the personal data inside stays sealed at rest.
    body,
    status: RECEIVED,
    status_at: at,
    due_date: dueDate,
    initial_due_date: dueDate,
    received_at: at,
  };
}

const knownKeysAndLatestSeq = compiledQuery((db, keys: string[]) =>
  db
    .selectFrom((eb) =>
      eb
        .selectFrom('content_changes')
        .select((e) => e.fn.max('seq').as('latest'))
        .as('m'),
    )
    .leftJoin('submissions as s', (join) => join.on('s.idempotency_key', 'in', keys))
    .select(['m.latest', ...STORED_COLUMNS.map((c) => `s.${c}` as const)]),
);

/**
 * The batch's keys already stored, and the content log's newest sequence number (the checks'
 * lookups depend on it), in one query: one round trip before the checks instead of two.
 */
async function readBeforeChecks(
  db: Database,
  keys: readonly string[],
): Promise<{ known: Map<string, StoredSubmission>; latestContentSeq: number }> {
  const rows = await knownKeysAndLatestSeq(db, [...new Set(keys)]);
  const known = new Map<string, StoredSubmission>();
  for (const { latest: _latest, ...row } of rows) {
    if (row.id !== null) known.set(row.idempotency_key!, row as StoredSubmission);
  }
  return { known, latestContentSeq: rows[0]?.latest == null ? 0 : Number(rows[0].latest) };
}

const storedByKeys = compiledQuery((db, keys: string[]) =>
  db.selectFrom('submissions').select(STORED_COLUMNS).where('idempotency_key', 'in', keys),
);

async function findByKeys(db: Database, keys: readonly string[]): Promise<Map<string, StoredSubmission>> {
  const rows = await storedByKeys(db, [...new Set(keys)]);
  return new Map(rows.map((r) => [r.idempotency_key, r]));
}

function resultFor(row: StoredSubmission, kiosk: AuthenticatedKiosk, bodyHash: string): ItemResult {
  // Another kiosk's submission: its ack is not this kiosk's to see, whatever the body.
  if (row.kiosk_id !== kiosk.id) {
    return {
      idempotencyKey: row.idempotency_key,
      result: 'rejected',
      error: { code: 'kiosk_mismatch', message: "this idempotency key belongs to another kiosk's submission" },
    };
  }
  if (row.body_hash !== bodyHash) {
    return {
      idempotencyKey: row.idempotency_key,
      result: 'conflict',
      error: {
        code: 'conflict',
        message: 'this idempotency key was already used for a different submission; the first one is kept',
      },
    };
  }
  return { idempotencyKey: row.idempotency_key, result: 'accepted', ack: ackFor(row) };
}

/** Built from columns fixed at receipt only, so every replay gets the same ack. */
export function ackFor(row: StoredSubmission): SubmissionAck {
  return {
    idempotencyKey: row.idempotency_key,
    trackingNo: row.tracking_no,
    serverId: row.id,
    receivedAt: row.received_at,
    status: RECEIVED,
    ...(row.initial_due_date === null ? {} : { dueDate: row.initial_due_date }),
  };
}
