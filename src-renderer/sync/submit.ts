import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import { seal } from '../platform/seal.js';
import type { OutboxEntry, TsonkhDb } from '../data/db.js';
import { queueSubmission, type NewSubmission } from '../data/outbox-repo.js';
import { journalEntries } from './outbox-sender.js';

/**
 * The one way every kind of submission enters the pipeline: sealed and queued in the browser's
 * outbox (one transaction with its tracking number), then copied to the host's fsynced journal.
 * The receipt is printed by the caller only after this resolves. If the journal copy fails the
 * submission is still safe in the outbox, and the copy is retried with the next sync.
 */
export async function submitToOutbox(
  ctx: { db: TsonkhDb; bridge: BridgeClient; info: KioskPublicInfo },
  input: Omit<NewSubmission, 'kioskCode'>,
): Promise<OutboxEntry> {
  const entry = await queueSubmission(ctx.db, { ...input, kioskCode: ctx.info.kioskCode }, (content, binding) =>
    seal(content, binding, ctx.info.submissionPublicKey),
  );
  await journalEntries(ctx.db, ctx.bridge, [entry]);
  return entry;
}
