import { sign, verify } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical-json.js';
import type { StatusChange } from '../../src-shared/protocol.js';
import { KIOSK_RETURN_FORMAT, type KioskReturn, type SignedKioskReturn } from '../../src-shared/usb/kiosk-return.js';
import type { Database } from '../db/database.js';
import { ackFor } from '../submissions/accept-batch.js';
import { STORED_COLUMNS } from '../submissions/submission-writer.js';
import { readStatusChanges } from '../submissions/status.js';
import { contentKeyId, publicKeyFromRaw, type ContentSigningKey } from '../content/signing.js';

/** Acks of submissions received this long ago at most go back on a stick (older ones the kiosk has long had). */
export const RETURN_ACK_DAYS = 400;

/**
 * What goes back to one kiosk on a USB bundle: the acks of its submissions received in the last
 * `RETURN_ACK_DAYS` and all its status changes (with their sealed answers), signed by the content
 * key. The kiosk marks matching outbox items delivered and applies the changes as a status sync.
 */
export async function buildKioskReturn(
  db: Database,
  kioskCode: string,
  key: ContentSigningKey,
  now: Date = new Date(),
): Promise<SignedKioskReturn> {
  const kiosk = await db.selectFrom('kiosks').select('id').where('kiosk_code', '=', kioskCode).executeTakeFirst();
  if (!kiosk) throw new Error(`kiosk ${kioskCode} is not registered with this server`);
  const since = new Date(now.getTime() - RETURN_ACK_DAYS * 24 * 3600_000).toISOString();
  const rows = await db
    .selectFrom('submissions')
    .select(STORED_COLUMNS)
    .where('kiosk_id', '=', kiosk.id)
    .where('received_at', '>=', since)
    .orderBy('id')
    .execute();
  const statusChanges: StatusChange[] = [];
  let next = 0;
  for (;;) {
    const page = await readStatusChanges(db, kiosk.id, { after: next, limit: 1000 });
    statusChanges.push(...page.changes);
    next = page.next;
    if (!page.more || page.changes.length === 0) break;
  }
  const body: KioskReturn = {
    format: KIOSK_RETURN_FORMAT,
    version: 1,
    kioskCode,
    createdAt: now.toISOString(),
    acks: rows.map(ackFor),
    statusChanges,
    next,
  };
  const signature = sign(null, Buffer.from(canonicalJson(body), 'utf8'), key.privateKey).toString('base64');
  return { body, signature, keyId: key.keyId };
}

/** True when `signed` was signed by the content key whose raw public half is `publicKeyBase64`. */
export function verifyKioskReturn(signed: SignedKioskReturn, publicKeyBase64: string): boolean {
  try {
    const raw = Buffer.from(publicKeyBase64, 'base64');
    if (raw.length !== 32 || signed.keyId !== contentKeyId(raw)) return false;
    return verify(
      null,
      Buffer.from(canonicalJson(signed.body), 'utf8'),
      publicKeyFromRaw(raw),
      Buffer.from(signed.signature, 'base64'),
    );
  } catch {
    return false;
  }
}
