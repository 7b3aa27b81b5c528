import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { seal } from '../platform/seal.js';
import type { OutboxEntry, TsonkhDb } from '../data/db.js';
import { queueSubmission, type NewSubmission } from '../data/outbox-repo.js';
import { journalEntries } from './outbox-sender.js';
import { deriveAnswerKeyHex, makeReceiptSecret } from '../../src-shared/answers/receipt-secret.js';
import { roomForSubmission, StorageFullError } from './room.js';

/**
 * A queued submission and its receipt's secret. The secret is for the receipt only: it is never
 * written to the outbox, the journal or anywhere else on the kiosk (only the answer key made
 * from it goes, sealed, to the server), so the object returned here must not be stored.
 */
export type SubmittedEntry = OutboxEntry & { receiptSecret: string };

/**
 * The one way every kind of submission enters the pipeline: sealed and queued in the browser's
 * outbox (one transaction with its tracking number), then copied to the host's fsynced journal.
 * The receipt is printed by the caller only after this resolves. If the journal copy fails the
 * submission is still safe in the outbox, and the copy is retried with the next sync.
 */
export async function submitToOutbox(
  ctx: { db: TsonkhDb; bridge: BridgeClient; info: KioskPublicInfo },
  input: Omit<NewSubmission, 'kioskCode'>,
  options: { receiptSecret?: boolean } = {},
): Promise<SubmittedEntry> {
  // A kiosk too full to keep it safely takes nothing new (what is queued stays and is delivered).
  if ((await roomForSubmission(ctx.bridge)) === 'full')
    throw new StorageFullError('the kiosk is too full to keep a new submission safely');
  // The receipt's secret, made here, offline. Its answer key K depends on the tracking number
  // (the scrypt salt), so it is derived inside the sealer, once the number is taken.
  // Load tests that queue thousands (`receiptSecret: false`) make receipts without one, as
  // older kiosks did: those still show their status.
  const receiptSecret = options.receiptSecret === false ? '' : makeReceiptSecret();
  const entry = await queueSubmission(ctx.db, { ...input, kioskCode: ctx.info.kioskCode }, async (content, binding) =>
    seal(
      receiptSecret
        ? { ...(content as object), answerKey: await deriveAnswerKeyHex(receiptSecret, binding.trackingNo) }
        : content,
      binding,
      ctx.info.submissionPublicKey,
    ),
  );
  await journalEntries(ctx.db, ctx.bridge, [entry]);
  return { ...entry, receiptSecret };
}
