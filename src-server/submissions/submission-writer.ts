import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { lockSequence } from '../db/locks.js';
import type { DatabaseSchema, NewSubmission, SubmissionRow } from '../db/schema.js';
import { publishLawCommentCounts } from '../laws/comment-counts.js';
import type { OpenedLawComment, Rejection } from './submission-checks.js';

/** One checked submission, ready to store with its 'received' status change. */
export interface SubmissionInsert {
  row: NewSubmission;
  comment: OpenedLawComment | null;
  /** The receipt's answer key from the envelope (docs/answers.md), or null for a receipt without a secret. */
  answerKey?: string | null;
}

/** The columns of a stored submission its ack and its answer are built from (not its body). */
export const STORED_COLUMNS = [
  'id',
  'idempotency_key',
  'kiosk_id',
  'body_hash',
  'tracking_no',
  'received_at',
  'initial_due_date',
] as const satisfies readonly (keyof SubmissionRow)[];
export type StoredSubmission = Pick<SubmissionRow, (typeof STORED_COLUMNS)[number]>;

/** What storing one batch did. */
export interface StoreOutcome {
  /** Rows this batch inserted, by idempotency key (a key another writer won is absent). */
  inserted: Map<string, StoredSubmission>;
  /** Items refused because their tracking number belongs to another submission. */
  taken: Map<string, Rejection>;
  /** Laws whose comment counts were republished with this batch's comments in them. */
  countsPublished: string[];
}

/** Items in one transaction at most: bounded statements, bounded lock hold. */
const MAX_GROUP_ITEMS = 400;
/** Rows per INSERT statement: under SQLite's and PostgreSQL's bound-parameter limits with room. */
const ROWS_PER_STATEMENT = 100;
/** PostgreSQL's deadlock_detected: two writers waited on each other's unique keys; run again. */
const PG_DEADLOCK = '40P01';
const MAX_ATTEMPTS = 3;

const TRACKING_TAKEN = (trackingNo: string): Rejection => ({
  code: 'tracking_no_taken',
  message: `tracking number ${trackingNo} already belongs to another submission; a kiosk must never reuse one`,
});

/**
 * Stores checked submissions with group commit (`db/group-commit.ts`): the batches of one moment
 * are written together. Nothing about a batch's answer depends on which others shared its
 * transaction.
 *
 * Each group: one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` the ack's columns (the
 * unique indexes on idempotency key and tracking number decide races, also between processes),
 * the group's kiosks' push time (`kiosks.last_push_at`, one UPDATE: the kiosk-contact hook then
 * has nothing to write for these pushes, see `kiosks/kiosk-contact.ts`), then, under the
 * status-sequence lock, the 'received' status changes, the law comments and their counts.
 */
export class SubmissionWriter {
  private readonly group: GroupCommit<readonly SubmissionInsert[], StoreOutcome>;

  constructor(db: Database) {
    this.group = new GroupCommit(
      (batches) => withDeadlockRetry(() => db.transaction().execute((trx) => storeGroupIn(trx, batches))),
      { maxWeight: MAX_GROUP_ITEMS, weight: (batch) => batch.length },
    );
  }

  store(inserts: readonly SubmissionInsert[]): Promise<StoreOutcome> {
    return this.group.submit(inserts);
  }
}

async function storeGroupIn(
  trx: Transaction<DatabaseSchema>,
  batches: readonly (readonly SubmissionInsert[])[],
): Promise<StoreOutcome[]> {
  // The first of a key in the group is written; a later one is answered from that row. Arrival
  // order is kept (ids and status sequence follow it); two PostgreSQL writers that insert
  // overlapping keys in opposite orders may deadlock, and the loser simply runs again.
  const first = new Map<string, SubmissionInsert>();
  for (const batch of batches) {
    for (const insert of batch) {
      if (!first.has(insert.row.idempotency_key)) first.set(insert.row.idempotency_key, insert);
    }
  }
  const ordered = [...first.values()];

  const inserted = new Map<string, StoredSubmission>();
  for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) {
    const rows = await trx
      .insertInto('submissions')
      .values(ordered.slice(i, i + ROWS_PER_STATEMENT).map((x) => x.row))
      .onConflict((oc) => oc.doNothing())
      .returning(STORED_COLUMNS)
      .execute();
    for (const row of rows) inserted.set(row.idempotency_key, row);
  }

  // Every kiosk of the group pushed now: one statement, in this transaction (one commit, not two).
  const pushedAt = ordered.reduce((max, { row }) => (row.received_at > max ? row.received_at : max), '');
  const kioskIds = [...new Set(ordered.map((x) => x.row.kiosk_id))].sort((a, b) => a - b);
  await trx
    .updateTable('kiosks')
    .set({ last_contact_at: pushedAt, last_push_at: pushedAt })
    .where('id', 'in', kioskIds)
    .execute();

  // Not written: its key exists (a replay, or another writer won the race: answered from that
  // row) or its tracking number belongs to another submission (refused).
  const notWritten = ordered.filter((x) => !inserted.has(x.row.idempotency_key));
  const keyExists = new Set<string>();
  if (notWritten.length > 0) {
    const rows = await trx
      .selectFrom('submissions')
      .select('idempotency_key')
      .where(
        'idempotency_key',
        'in',
        notWritten.map((x) => x.row.idempotency_key),
      )
      .execute();
    for (const r of rows) keyExists.add(r.idempotency_key);
  }

  const written = ordered.filter((x) => inserted.has(x.row.idempotency_key));
  const commentedLaws = new Set<string>();
  if (written.length > 0) {
    // Sequence numbers in commit order (see lockSequence): taken only now, held to the commit.
    await lockSequence(trx, 'statusSequence');
    const changes = written.map(({ row }) => ({
      submission_id: inserted.get(row.idempotency_key)!.id,
      kiosk_id: row.kiosk_id,
      status: row.status,
      due_date: row.due_date ?? null,
      note: null,
      at: row.received_at,
    }));
    for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('status_changes')
        .values(changes.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
    }
    const comments = written.flatMap(({ row, comment }) => {
      if (!comment || !row.law_id) return [];
      commentedLaws.add(row.law_id);
      return [{ submission_id: inserted.get(row.idempotency_key)!.id, ...comment }];
    });
    for (let i = 0; i < comments.length; i += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('law_comments')
        .values(comments.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
    }
    const answerKeys = written.flatMap(({ row, answerKey }) =>
      answerKey
        ? [
            {
              submission_id: inserted.get(row.idempotency_key)!.id,
              answer_key: answerKey,
              iv: null,
              ct: null,
              answered_at: null,
            },
          ]
        : [],
    );
    for (let i = 0; i < answerKeys.length; i += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('receipt_answers')
        .values(answerKeys.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
    }
  }
  const newest = written.reduce((max, { row }) => (row.received_at > max ? row.received_at : max), '');
  const published = new Set(
    commentedLaws.size === 0
      ? []
      : (await publishLawCommentCounts(trx, [...commentedLaws], new Date(newest))).map((c) => c.id),
  );

  return batches.map((batch) => {
    const outcome: StoreOutcome = { inserted: new Map(), taken: new Map(), countsPublished: [] };
    const laws = new Set<string>();
    for (const { row } of batch) {
      const key = row.idempotency_key;
      const mine = first.get(key)?.row === row ? inserted.get(key) : undefined;
      if (mine) {
        outcome.inserted.set(key, mine);
        if (row.law_id && published.has(row.law_id)) laws.add(row.law_id);
      } else if (!inserted.has(key) && !keyExists.has(key)) {
        outcome.taken.set(key, TRACKING_TAKEN(row.tracking_no));
      }
    }
    outcome.countsPublished = [...laws];
    return outcome;
  });
}

async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== PG_DEADLOCK || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

const writers = new WeakMap<Database, SubmissionWriter>();

/** The one writer of a database handle (one per server process). */
export function submissionWriter(db: Database): SubmissionWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new SubmissionWriter(db)));
  return writer;
}
