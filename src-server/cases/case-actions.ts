import type { Kysely } from 'kysely';
import type { CaseAction } from '../../src-shared/console/cases-api.js';
import { appendAudit, recordAudit } from '../audit/audit-log.js';
import { auditedTransaction } from '../db/audit-chain-lock.js';
import type { Database } from '../db/database.js';
import { lockSequence } from '../db/locks.js';
import type { CaseEventKind, DatabaseSchema } from '../db/schema.js';
import { sealAnswerForKiosk } from '../submissions/answers.js';
import { changeStatusIn, StatusChangeError, type StatusChangeResult } from '../submissions/status.js';

/**
 * Called inside the answer's transaction, after the status change and the case event are
 * written: the place where the answer is prepared for delivery to the citizen's kiosk. A throw
 * undoes the whole answer (status, event and audit row).
 */
export type OnAnswered = (trx: Kysely<DatabaseSchema>, submissionId: number, text: string, at: Date) => Promise<void>;

export interface CaseActionOptions {
  now?: () => Date;
  /**
   * Delivery of the answer to the citizen's kiosk: by default sealed under the receipt's answer
   * key and carried by the kiosk's status feed (`sealAnswerForKiosk`; a receipt without a secret
   * gets its status only).
   */
  onAnswered?: OnAnswered;
}

const sealForKiosk: OnAnswered = (trx, submissionId, text, at) =>
  sealAnswerForKiosk(trx, submissionId, text, at.toISOString());

/** Who acts, for the case event and the audit row. */
export interface CaseActor {
  id: number;
  login: string;
  ip?: string | null;
}

/** An action refused: `status` is the HTTP status to answer with, `message` says why in words. */
export class CaseActionError extends Error {
  override readonly name = 'CaseActionError';
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an action asks: the status to move to (or none, for a note) and the case event to write. */
interface ActionPlan {
  status: 'forwarded' | 'in_progress' | 'extended' | 'answered' | 'returned' | null;
  extensionDays?: number;
  events: { kind: CaseEventKind; agencyId?: string | null; text?: string | null }[];
  agencyId?: string;
  answer?: string;
  details: Record<string, unknown>;
}

export type CaseActionRequest =
  | { action: 'forward'; agencyId: string; text?: string | undefined }
  | { action: 'take' }
  | { action: 'extend'; days: number; reason: string }
  | { action: 'answer'; text: string }
  | { action: 'return'; responsible: string; text?: string | undefined }
  | { action: 'notes'; text: string };

function plan(request: CaseActionRequest): ActionPlan {
  switch (request.action) {
    case 'forward':
      return {
        status: 'forwarded',
        agencyId: request.agencyId,
        events: [{ kind: 'forwarded', agencyId: request.agencyId, text: request.text ?? null }],
        details: { agency: request.agencyId },
      };
    case 'take':
      return { status: 'in_progress', events: [{ kind: 'taken' }], details: {} };
    case 'extend':
      return {
        status: 'extended',
        extensionDays: request.days,
        events: [{ kind: 'extended', text: request.reason }],
        details: { days: request.days },
      };
    case 'answer':
      return {
        status: 'answered',
        answer: request.text,
        events: [{ kind: 'answered', text: request.text }],
        details: { characters: request.text.length },
      };
    case 'return':
      return {
        status: 'returned',
        events: [
          { kind: 'returned', text: request.responsible },
          ...(request.text === undefined ? [] : [{ kind: 'note' as const, text: request.text }]),
        ],
        details: { responsible: request.responsible },
      };
    case 'notes':
      return { status: null, events: [{ kind: 'note', text: request.text }], details: {} };
  }
}

/**
 * Does one operator action on case `submissionId` in one audited transaction: the status change
 * by the server's rules (`changeStatusIn`: a forbidden move is refused with its reason), the
 * case event with who and when, the forwarded agency, the answer hook, and the audit row. A
 * refusal is also written to the audit log (outcome failed) and thrown as `CaseActionError`.
 * Texts (answers, notes, reasons) go to `case_events` only, never to the audit row or the log.
 */
export async function performCaseAction(
  db: Database,
  submissionId: number,
  actor: CaseActor,
  request: CaseActionRequest,
  options: CaseActionOptions = {},
): Promise<StatusChangeResult | null> {
  const now = (options.now ?? (() => new Date()))();
  const at = now.toISOString();
  const p = plan(request);
  const auditAction = `cases.${request.action satisfies CaseAction}`;
  try {
    return await auditedTransaction(db, async (trx) => {
      // Status sequence numbers must be assigned in commit order (status before the audit chain).
      await lockSequence(trx, 'statusSequence');
      const row = await trx
        .selectFrom('submissions')
        .select(['id', 'tracking_no'])
        .where('id', '=', submissionId)
        .executeTakeFirst();
      if (!row) throw new CaseActionError(404, 'not_found', `there is no case ${submissionId}`);
      let change: StatusChangeResult | null = null;
      if (p.status !== null) {
        change = await changeStatusIn(trx, { id: submissionId }, p.status, {
          now,
          ...(p.extensionDays === undefined ? {} : { extensionDays: p.extensionDays }),
        });
      }
      if (p.agencyId !== undefined) {
        await trx.updateTable('submissions').set({ agency_id: p.agencyId }).where('id', '=', submissionId).execute();
      }
      for (const event of p.events) {
        await trx
          .insertInto('case_events')
          .values({
            submission_id: submissionId,
            kind: event.kind,
            actor_id: actor.id,
            agency_id: event.agencyId ?? null,
            text: event.text ?? null,
            at,
          })
          .execute();
      }
      if (p.answer !== undefined) await (options.onAnswered ?? sealForKiosk)(trx, submissionId, p.answer, now);
      await appendAudit(
        trx,
        {
          action: auditAction,
          outcome: 'ok',
          actor: { id: actor.id, login: actor.login },
          target: row.tracking_no,
          ip: actor.ip ?? null,
          details: {
            case: submissionId,
            ...p.details,
            ...(change === null ? {} : { from: change.previous, to: change.status }),
          },
        },
        now,
      );
      return change;
    });
  } catch (err) {
    const refused =
      err instanceof StatusChangeError
        ? new CaseActionError(err.code === 'not_found' ? 404 : 409, err.code, err.message)
        : err instanceof CaseActionError
          ? err
          : null;
    if (!refused) throw err;
    await recordAudit(
      db,
      {
        action: auditAction,
        outcome: 'failed',
        actor: { id: actor.id, login: actor.login },
        target: String(submissionId),
        ip: actor.ip ?? null,
        details: { case: submissionId, code: refused.code },
      },
      now,
    );
    throw refused;
  }
}
