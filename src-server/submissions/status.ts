import type { StatusChange, StatusChangesPage, TrackResponse } from '../../src-shared/protocol.js';
import { ANSWER_ALG } from '../../src-shared/answers/receipt-secret.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import {
  submissionKindSchema,
  submissionStatusSchema,
  type SubmissionKind,
  type SubmissionStatus,
} from '../../src-shared/schemas/submission.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import { lockSequence } from '../db/locks.js';
import { compiledQuery } from '../db/compiled-query.js';
import { sealAnswerForKiosk } from './answers.js';
import { addDays, EXTENSION_DAYS } from './due-dates.js';
import { sealedAnswerSchema } from '../../src-shared/protocol.js';

/** A decision has been made: nothing follows these. */
export const TERMINAL_STATUSES: ReadonlySet<SubmissionStatus> = new Set(['resolved', 'answered', 'returned']);

const OUTCOMES = ['resolved', 'answered', 'returned'] as const;

/**
 * Where each status may go next (REFERENCE.md: received → forwarded → in progress → extended →
 * resolved / answered / returned). A petition may be forwarded again to another organisation;
 * `extended` is for petitions only and happens once (checked in `changeStatus`).
 */
export const STATUS_TRANSITIONS: Readonly<Record<SubmissionStatus, readonly SubmissionStatus[]>> = {
  received: ['forwarded', 'in_progress', ...OUTCOMES],
  forwarded: ['forwarded', 'in_progress', 'extended', ...OUTCOMES],
  in_progress: ['forwarded', 'extended', ...OUTCOMES],
  extended: ['forwarded', 'in_progress', ...OUTCOMES],
  resolved: [],
  answered: [],
  returned: [],
};

export type StatusChangeErrorCode =
  | 'invalid_tracking_no'
  | 'not_found'
  | 'invalid_status'
  | 'terminal'
  | 'invalid_transition'
  | 'not_a_petition'
  | 'already_extended'
  | 'invalid_extension'
  | 'concurrent_change';

/** A status change that is refused, with a code and a sentence an operator can act on. */
export class StatusChangeError extends Error {
  override readonly name = 'StatusChangeError';
  constructor(
    readonly code: StatusChangeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a status change did: the new history entry, plus the status it replaced. */
export interface StatusChangeResult extends StatusChange {
  previous: SubmissionStatus;
}

/**
 * Moves a submission to `status`, writing the history entry and the submission's current status
 * and due date together. `extended` (petitions only, once) moves the due date 30 days later.
 * With `answer` and status `answered`, the answer is sealed for the kiosk in the same
 * transaction (`sealAnswerForKiosk`), so the 'answered' change and its answer arrive together.
 * Throws `StatusChangeError` when the number is unknown or the move is not allowed.
 */
export async function changeStatus(
  db: Database,
  trackingNo: string,
  status: string,
  options: { note?: string; answer?: string; now?: Date } = {},
): Promise<StatusChangeResult> {
  const parsedNo = parseTrackingNumber(trackingNo);
  if (!parsedNo.ok) {
    throw new StatusChangeError('invalid_tracking_no', `"${trackingNo}" is not a tracking number (${parsedNo.error})`);
  }
  const number = parsedNo.value.text;
  return db.transaction().execute(async (trx) => {
    // Status sequence numbers must be assigned in commit order (see lockSequence).
    await lockSequence(trx, 'statusSequence');
    return changeStatusIn(trx, { trackingNo: number }, status, options);
  });
}

export interface StatusChangeOptions {
  note?: string;
  /** `answered` only: the answer, sealed for the kiosk in the same transaction (`sealAnswerForKiosk`). */
  answer?: string;
  now?: Date;
  /** `extended` only: how many days later the due date moves (1–30; default EXTENSION_DAYS). */
  extensionDays?: number;
}

/**
 * The rules of `changeStatus` inside a transaction the caller owns (the console's case actions
 * write their case event and audit row in the same one). The caller must already hold
 * `lockSequence(trx, 'statusSequence')`. The submission is named by tracking number or by id.
 */
export async function changeStatusIn(
  trx: Kysely<DatabaseSchema>,
  target: { trackingNo: string } | { id: number },
  status: string,
  options: StatusChangeOptions = {},
): Promise<StatusChangeResult> {
  const next = submissionStatusSchema.safeParse(status);
  if (!next.success) {
    throw new StatusChangeError(
      'invalid_status',
      `"${status}" is not a status; use one of ${submissionStatusSchema.options.join(', ')}`,
    );
  }
  const to = next.data;
  const at = (options.now ?? new Date()).toISOString();
  const note = options.note?.trim() ? options.note.trim() : null;
  const extensionDays = options.extensionDays ?? EXTENSION_DAYS;
  if (!Number.isInteger(extensionDays) || extensionDays < 1 || extensionDays > EXTENSION_DAYS) {
    throw new StatusChangeError(
      'invalid_extension',
      `an extension is 1 to ${EXTENSION_DAYS} days, not ${extensionDays}`,
    );
  }

  let query = trx
    .selectFrom('submissions')
    .select(['id', 'tracking_no', 'kiosk_id', 'kind', 'status', 'due_date'])
    .orderBy('id')
    .limit(1);
  query = 'id' in target ? query.where('id', '=', target.id) : query.where('tracking_no', '=', target.trackingNo);
  const row = await query.executeTakeFirst();
  if (!row) {
    throw new StatusChangeError(
      'not_found',
      'id' in target ? `no submission has id ${target.id}` : `no submission has tracking number ${target.trackingNo}`,
    );
  }
  const number = row.tracking_no;
  const from = submissionStatusSchema.parse(row.status);
  const kind = submissionKindSchema.parse(row.kind);
  if (TERMINAL_STATUSES.has(from)) {
    throw new StatusChangeError('terminal', `${number} is already ${from}; a decided submission cannot change`);
  }
  if (to === 'extended' && kind !== 'petition') {
    throw new StatusChangeError('not_a_petition', `only petitions can be extended; ${number} is a ${kind}`);
  }
  if (to === 'extended' && (await wasExtended(trx, row.id))) {
    throw new StatusChangeError(
      'already_extended',
      `${number} was already extended once; the law allows one extension`,
    );
  }
  if (!STATUS_TRANSITIONS[from].includes(to)) {
    const allowed = STATUS_TRANSITIONS[from].filter((s) => s !== 'extended' || kind === 'petition');
    throw new StatusChangeError(
      'invalid_transition',
      `${number} is ${from}; it can go to ${allowed.join(', ')}, not ${to}`,
    );
  }
  const dueDate = to === 'extended' && row.due_date !== null ? addDays(row.due_date, extensionDays) : row.due_date;
  // Guarded by the status read above: a concurrent change (another operator) makes this update nothing.
  const updated = await trx
    .updateTable('submissions')
    .set({ status: to, status_at: at, due_date: dueDate })
    .where('id', '=', row.id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new StatusChangeError('concurrent_change', `${number} changed meanwhile; look again and retry`);
  }
  const change = await trx
    .insertInto('status_changes')
    .values({ submission_id: row.id, kiosk_id: row.kiosk_id, status: to, due_date: dueDate, note, at })
    .returning('seq')
    .executeTakeFirstOrThrow();
  if (to === 'answered' && options.answer?.trim()) await sealAnswerForKiosk(trx, row.id, options.answer, at);
  return {
    seq: change.seq,
    trackingNo: number,
    kind,
    status: to,
    ...(dueDate === null ? {} : { dueDate }),
    at,
    previous: from,
  };
}

/** Whether a submission has used its one extension. */
export async function wasExtended(db: Kysely<DatabaseSchema>, submissionId: number): Promise<boolean> {
  const earlier = await db
    .selectFrom('status_changes')
    .select('seq')
    .where('submission_id', '=', submissionId)
    .where('status', '=', 'extended')
    .limit(1)
    .executeTakeFirst();
  return earlier !== undefined;
}

/** The statuses a submission may move to now, by the same rules. */
export function allowedNextStatuses(
  from: SubmissionStatus,
  kind: SubmissionKind,
  extended: boolean,
): SubmissionStatus[] {
  return STATUS_TRANSITIONS[from].filter((s) => s !== 'extended' || (kind === 'petition' && !extended));
}

/**
 * The status changes of one kiosk's submissions after `after`, in sequence order, at most
 * `limit`. `next` is the last seq returned (or `after` when none), so the kiosk keeps a cursor.
 */
/** Every kiosk asks for its page once per sync: built once (`compiledQuery`). */
const statusPage = compiledQuery((db, kioskId: number, after: number, rows: number) =>
  db
    .selectFrom('status_changes as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    // The answer rides with the 'answered' change (only receipts with a secret have one).
    .leftJoin('receipt_answers as a', (join) =>
      join.onRef('a.submission_id', '=', 'c.submission_id').on('c.status', '=', 'answered'),
    )
    .select(['c.seq', 's.tracking_no', 's.kind', 'c.status', 'c.due_date', 'c.at', 'a.iv', 'a.ct'])
    .where('c.kiosk_id', '=', kioskId)
    .where('c.seq', '>', after)
    .orderBy('c.seq')
    .limit(rows),
);

export async function readStatusChanges(
  db: Database,
  kioskId: number,
  { after, limit }: { after: number; limit: number },
): Promise<StatusChangesPage> {
  const rows = await statusPage(db, kioskId, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    changes: page.map((r) => ({
      seq: r.seq,
      trackingNo: r.tracking_no,
      kind: submissionKindSchema.parse(r.kind),
      status: submissionStatusSchema.parse(r.status),
      ...(r.due_date === null ? {} : { dueDate: r.due_date }),
      at: r.at,
      ...(r.iv && r.ct ? { answer: sealedAnswerSchema.parse({ alg: ANSWER_ALG, iv: r.iv, ct: r.ct }) } : {}),
    })),
    next: page.at(-1)?.seq ?? after,
    more: rows.length > limit,
  };
}

/** The public view of one submission (no personal data), or null when the number is unknown. */
export async function trackSubmission(db: Database, trackingNo: string): Promise<TrackResponse | null> {
  const row = await db
    .selectFrom('submissions')
    .select([
      'tracking_no',
      'kind',
      'status',
      'received_at',
      'status_at',
      'due_date',
      'service_id',
      'law_id',
      'article_number',
    ])
    .where('tracking_no', '=', trackingNo)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    trackingNo: row.tracking_no,
    kind: submissionKindSchema.parse(row.kind) satisfies SubmissionKind,
    status: submissionStatusSchema.parse(row.status),
    receivedAt: row.received_at,
    updatedAt: row.status_at,
    ...(row.due_date === null ? {} : { dueDate: row.due_date }),
    ...(row.service_id === null ? {} : { serviceId: row.service_id }),
    ...(row.law_id === null ? {} : { lawId: row.law_id, articleNumber: row.article_number }),
  };
}
