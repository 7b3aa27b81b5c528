import type { BridgeClient } from '../platform/bridge-client.js';
import { BridgeCallError } from '../platform/bridge-error.js';
import { emitAppEvent } from '../platform/app-events.js';
import type { OutboxEntry, TsonkhDb } from '../data/db.js';
import {
  applyPushResults,
  markJournaled,
  markQueued,
  markSending,
  quarantine,
  sendableEntries,
} from '../data/outbox-repo.js';

const PUSH_BATCH = 20;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 5 * 60_000;

/** Failures worth retrying as they are: the link, the server's own trouble. */
const RETRYABLE = new Set(['offline', 'timeout', 'server_error', 'internal', 'unauthorized']);

/**
 * Delivers the outbox in small batches. Network errors and server errors retry later with
 * exponential backoff and jitter (capped), so a hundred kiosks coming back online do not hit
 * the server in step. A refusal that retrying cannot fix goes to quarantine with its reason,
 * item by item, so one bad submission never jams the queue behind it.
 */
export class OutboxSender {
  private failures = 0;
  private notBefore = 0;
  /** How the last push went, for the health report: null until something was sent. */
  lastPush: { result: 'ok' | 'failed'; at: string } | null = null;

  constructor(
    private readonly db: TsonkhDb,
    private readonly bridge: BridgeClient,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the next attempt is allowed (0: now). */
  get waitMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /** The link came back: try at once instead of waiting out the backoff. */
  resetBackoff(): void {
    this.failures = 0;
    this.notBefore = 0;
  }

  async run(): Promise<void> {
    if (this.waitMs > 0) return;
    await this.journalUnjournaled();
    const tried = new Set<string>();
    for (;;) {
      const batch = await sendableEntries(this.db, PUSH_BATCH, tried);
      if (batch.length === 0) break;
      for (const e of batch) tried.add(e.idempotencyKey);
      if (!(await this.send(batch))) return;
    }
    this.failures = 0;
  }

  /** Sends one batch; false when delivery should stop for now (backoff set). */
  private async send(batch: OutboxEntry[]): Promise<boolean> {
    const keys = batch.map((e) => e.idempotencyKey);
    await markSending(this.db, keys);
    try {
      const reply = await this.bridge.call('submissions.push', { items: batch.map((e) => e.submission!) });
      const accepted = await applyPushResults(this.db, reply.results);
      for (const r of reply.results) {
        const entry = batch.find((e) => e.idempotencyKey === r.idempotencyKey);
        emitAppEvent(r.result === 'accepted' ? 'submission-delivered' : 'submission-quarantined', {
          trackingNo: entry?.trackingNo ?? '',
        });
      }
      if (accepted.length > 0) await this.ackJournal(accepted);
      this.lastPush = { result: 'ok', at: new Date(this.now()).toISOString() };
      // A batch got through: the link works, so later failures start the backoff afresh.
      this.failures = 0;
      return true;
    } catch (e) {
      const code = e instanceof BridgeCallError ? e.code : 'internal';
      this.lastPush = { result: 'failed', at: new Date(this.now()).toISOString() };
      if (code === 'invalid_request') return this.isolate(batch, e as Error);
      await markQueued(this.db, keys, `${code}: ${(e as Error).message}`);
      if (RETRYABLE.has(code)) this.backoff();
      return false;
    }
  }

  /** The server refused the batch as a whole: send items one by one to find the bad ones. */
  private async isolate(batch: OutboxEntry[], error: Error): Promise<boolean> {
    if (batch.length === 1) {
      await quarantine(this.db, [batch[0]!.idempotencyKey], `invalid_request: ${error.message}`);
      emitAppEvent('submission-quarantined', { trackingNo: batch[0]!.trackingNo });
      return true;
    }
    for (const entry of batch) {
      if (!(await this.send([entry]))) return false;
    }
    return true;
  }

  private backoff(): void {
    this.failures += 1;
    const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
    this.notBefore = this.now() + Math.round(delay * (0.5 + this.random()));
  }

  /** Entries whose host-journal copy was not confirmed (host busy, disk full): try again. */
  private async journalUnjournaled(): Promise<void> {
    const missing = (await this.db.outbox.where('journaled').equals(0).toArray()).filter(
      (e) => e.submission && (e.status === 'queued' || e.status === 'sending'),
    );
    for (let i = 0; i < missing.length; i += 20) {
      await journalEntries(this.db, this.bridge, missing.slice(i, i + 20));
    }
  }

  private async ackJournal(keys: string[]): Promise<void> {
    try {
      await this.bridge.call('journal.ack', { keys });
    } catch {
      // The journal keeps them as pending; the start-up check acknowledges them later.
    }
  }
}

/** Gives the host its journal copy; true when it confirmed (fsynced). */
export async function journalEntries(db: TsonkhDb, bridge: BridgeClient, entries: OutboxEntry[]): Promise<boolean> {
  const withPayload = entries.filter((e) => e.submission);
  if (withPayload.length === 0) return true;
  try {
    await bridge.call('journal.append', {
      entries: withPayload.map((e) => ({
        idempotencyKey: e.idempotencyKey,
        trackingNo: e.trackingNo,
        sequence: e.sequence,
        kind: e.kind,
        title: e.title,
        createdAt: e.createdAt,
        submission: e.submission!,
      })),
    });
    await markJournaled(
      db,
      withPayload.map((e) => e.idempotencyKey),
    );
    return true;
  } catch {
    emitAppEvent('journal-append-failed', { count: withPayload.length });
    return false;
  }
}
