import type { ItemResult } from '../../src-shared/protocol.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import type { Submission, SubmissionAck } from '../../src-shared/schemas/submission.js';
import type { Database } from '../db/database.js';
import type { SubmissionRow } from '../db/schema.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import { checkNewSubmission, type FormCache } from './submission-checks.js';

/** The ack's status: the state at receipt. Later status changes travel separately, so replays stay identical. */
const RECEIVED = 'received';

/** Hash of the canonical JSON body: key order and whitespace do not make a resend "different". */
export function submissionBodyHash(item: Submission): string {
  return sha256Hex(canonicalJson(item));
}

/**
 * Stores a kiosk's batch, item by item, idempotently. A known key with the same body gets
 * the original ack (same serverId and receivedAt); with a different body, a conflict and the
 * original stays. New items are checked, then inserted with ON CONFLICT DO NOTHING and read
 * back, so concurrent pushes of one item make exactly one row and all get the same answer.
 */
export async function acceptSubmissions(
  db: Database,
  kiosk: AuthenticatedKiosk,
  items: readonly Submission[],
  now: () => Date = () => new Date(),
): Promise<ItemResult[]> {
  const forms: FormCache = new Map();
  const results: ItemResult[] = [];
  for (const item of items) results.push(await acceptOne(db, kiosk, item, forms, now()));
  return results;
}

/** The batch's HTTP status, as `src-shared/protocol.ts` defines it. */
export function batchHttpStatus(results: readonly ItemResult[]): 200 | 409 | 422 {
  if (results.some((r) => r.result === 'conflict')) return 409;
  if (results.some((r) => r.result === 'rejected')) return 422;
  return 200;
}

async function acceptOne(
  db: Database,
  kiosk: AuthenticatedKiosk,
  item: Submission,
  forms: FormCache,
  now: Date,
): Promise<ItemResult> {
  const key = item.idempotencyKey;
  const bodyHash = submissionBodyHash(item);
  const existing = await findByKey(db, key);
  if (existing) return resultFor(existing, bodyHash);

  const rejection = await checkNewSubmission(db, kiosk, item, forms, now);
  if (rejection) return { idempotencyKey: key, result: 'rejected', error: rejection };

  const tracking = parseTrackingNumber(item.trackingNo);
  await db
    .insertInto('submissions')
    .values({
      idempotency_key: key,
      body_hash: bodyHash,
      kiosk_id: kiosk.id,
      tracking_no: tracking.ok ? tracking.value.text : item.trackingNo,
      kind: item.kind,
      service_id: item.serviceId,
      form_id: item.formId,
      form_version: item.formVersion,
      body: canonicalJson(item),
      status: RECEIVED,
      received_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  const stored = await findByKey(db, key);
  if (!stored) throw new Error(`Submission ${key} vanished after insert`);
  return resultFor(stored, bodyHash);
}

function findByKey(db: Database, key: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submissions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

function resultFor(row: SubmissionRow, bodyHash: string): ItemResult {
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

function ackFor(row: SubmissionRow): SubmissionAck {
  return {
    idempotencyKey: row.idempotency_key,
    trackingNo: row.tracking_no,
    serverId: row.id,
    receivedAt: row.received_at,
    status: RECEIVED,
  };
}
