import { normalizeReceiptSecret } from '../../src-shared/answers/receipt-secret.js';
import type { SealedAnswer } from '../../src-shared/protocol.js';
import type { SubmissionKind, SubmissionStatus } from '../../src-shared/schemas/submission.js';
import { answerTriesLeft, recordAnswerTry } from '../data/answer-tries.js';
import type { TsonkhDb } from '../data/db.js';
import { getLaw, getOutboxEntry, getService, getStatus } from '../data/queries.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { openAnswerWithSecret } from '../platform/answer-crypto.js';
import type { ReceiptSubject } from './receipt-subject.js';

/** What "Check my receipt" can say about a number. */
export type ReceiptStatus =
  | { kind: 'waiting'; subject?: ReceiptSubject }
  | { kind: 'status'; status: SubmissionStatus; dueDate?: string; updatedAt: string; subject?: ReceiptSubject }
  | { kind: 'unknown' };

/** A sealed answer this kiosk holds for a number: it opens only with the receipt's secret. */
export interface HeldAnswer {
  trackingNo: string;
  kind: SubmissionKind;
  status: SubmissionStatus;
  answeredAt: string;
  sealed: SealedAnswer;
}

/** What the kiosk knows by itself, at once and offline; `own` is its own outbox entry's subject. */
export interface LocalReceiptStatus {
  status: ReceiptStatus;
  held: HeldAnswer | null;
  own: ReceiptSubject | undefined;
}

/**
 * `locked`: no try was made (none left in this window); `wrong`: this try was wrong, `left` more
 * may be made (0: now locked); `invalid`: not a secret's shape, not counted.
 */
export type OpenAnswerResult =
  { kind: 'open'; text: string } | { kind: 'wrong'; left: number } | { kind: 'locked' } | { kind: 'invalid' };

/**
 * What a receipt is about, named from what this kiosk knows: its own outbox entry (title and
 * about), else the service or law the server names, looked up in the kiosk's content.
 */
export async function subjectOf(
  db: TsonkhDb,
  about: {
    kind: SubmissionKind;
    serviceId?: string | undefined;
    lawId?: string | undefined;
    articleNumber?: number | null | undefined;
  },
  known?: ReceiptSubject,
): Promise<ReceiptSubject> {
  if (known?.title) return known;
  const serviceId = about.serviceId ?? known?.serviceId;
  const lawId = about.lawId ?? known?.lawId;
  const title = serviceId
    ? (await getService(db, serviceId))?.title
    : lawId
      ? (await getLaw(db, lawId))?.title
      : undefined;
  const articleNumber = about.articleNumber !== undefined ? about.articleNumber : known?.articleNumber;
  return {
    kind: about.kind,
    ...(title ? { title } : {}),
    ...(serviceId ? { serviceId } : {}),
    ...(lawId ? { lawId, ...(articleNumber !== undefined ? { articleNumber } : {}) } : {}),
  };
}

/** The kiosk's own copy: the last status the server sent, else its outbox entry. */
export async function localReceiptStatus(db: TsonkhDb, trackingNo: string): Promise<LocalReceiptStatus> {
  const local = await getStatus(db, trackingNo);
  const held = local?.answer
    ? { trackingNo, kind: local.kind, status: local.status, answeredAt: local.updatedAt, sealed: local.answer }
    : null;
  const queued = await getOutboxEntry(db, trackingNo);
  const own: ReceiptSubject | undefined = queued
    ? { kind: queued.kind, title: queued.title, ...queued.about }
    : undefined;
  const localSubject = local ? await subjectOf(db, { kind: local.kind }, own) : own;
  const status: ReceiptStatus = local
    ? {
        kind: 'status',
        status: local.status,
        updatedAt: local.updatedAt,
        ...(local.dueDate ? { dueDate: local.dueDate } : {}),
        ...(localSubject ? { subject: localSubject } : {}),
      }
    : queued && queued.status !== 'accepted'
      ? { kind: 'waiting', ...(own ? { subject: own } : {}) }
      : { kind: 'unknown' };
  return { status, held, own };
}

/** The server's answer, or null when it does not know the number or cannot be reached (offline). */
export async function remoteReceiptStatus(
  db: TsonkhDb,
  bridge: BridgeClient,
  trackingNo: string,
  own: ReceiptSubject | undefined,
): Promise<ReceiptStatus | null> {
  let remote;
  try {
    remote = await bridge.call('status.track', { trackingNo });
  } catch {
    return null;
  }
  if (!remote.found || !remote.track) return null;
  const r = remote.track;
  return {
    kind: 'status',
    status: r.status,
    updatedAt: r.updatedAt,
    ...(r.dueDate ? { dueDate: r.dueDate } : {}),
    subject: await subjectOf(db, r, own),
  };
}

/**
 * Opens a held answer with the secret as typed, counting wrong tries per number on this kiosk
 * (`answer-tries.ts`): once they run out the number is locked for the window.
 */
export async function openHeldAnswer(
  db: TsonkhDb,
  held: HeldAnswer,
  typedSecret: string,
  /** Called once the slow key derivation starts (the screen says "opening"). */
  onOpening: () => void = () => undefined,
): Promise<OpenAnswerResult> {
  const typed = normalizeReceiptSecret(typedSecret);
  if (typed === null) return { kind: 'invalid' };
  if ((await answerTriesLeft(db, held.trackingNo)) <= 0) return { kind: 'locked' };
  onOpening();
  const text = await openAnswerWithSecret(typed, held.trackingNo, held.sealed);
  const left = await recordAnswerTry(db, held.trackingNo, text !== null);
  return text === null ? { kind: 'wrong', left } : { kind: 'open', text };
}
