import { BridgeCallError, type BridgeClient } from '../platform/bridge-client.js';
import { emitAppEvent } from '../platform/app-events.js';
import { applyContentPage, contentCursor } from '../data/content-repo.js';
import { applyPushResults, markSending, outboxDepth, sendableEntries } from '../data/outbox-repo.js';
import type { TsonkhDb } from '../data/db.js';

export interface SyncState {
  /** null until the first health check has answered. */
  online: boolean | null;
  syncing: boolean;
  lastSyncAt: string | null;
  outboxDepth: number;
}

const PAGE_LIMIT = 200;
const PUSH_BATCH = 20;

/**
 * Pulls content after the stored cursor and pushes the outbox, always through the host.
 * One run at a time; a request made while running queues exactly one more run, so a fresh
 * submission is sent promptly without overlapping pushes.
 */
export class SyncEngine {
  private state: SyncState = { online: null, syncing: false, lastSyncAt: null, outboxDepth: 0 };
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: TsonkhDb,
    private readonly bridge: BridgeClient,
  ) {}

  getState = (): SyncState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(intervalSeconds: number): void {
    this.stop();
    this.timer = setInterval(() => void this.syncNow(), intervalSeconds * 1000);
    void this.syncNow();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.runOnce();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private async runOnce(): Promise<void> {
    this.set({ syncing: true, outboxDepth: await outboxDepth(this.db) });
    try {
      const health = await this.bridge.call('server.health', {});
      if (health.online !== this.state.online) emitAppEvent(health.online ? 'online' : 'offline');
      this.set({ online: health.online });
      if (!health.online) return;
      await this.pullContent();
      await this.pushOutbox();
      this.set({ lastSyncAt: new Date().toISOString() });
      emitAppEvent('sync-complete');
    } catch (e) {
      const offline = e instanceof BridgeCallError && (e.code === 'offline' || e.code === 'timeout');
      if (offline && this.state.online !== false) emitAppEvent('offline');
      if (offline) this.set({ online: false });
      emitAppEvent('sync-error', { code: e instanceof BridgeCallError ? e.code : 'internal' });
    } finally {
      this.set({ syncing: false, outboxDepth: await outboxDepth(this.db) });
    }
  }

  private async pullContent(): Promise<void> {
    for (;;) {
      const page = await this.bridge.call('content.changes', {
        after: await contentCursor(this.db),
        limit: PAGE_LIMIT,
      });
      await applyContentPage(this.db, page);
      if (page.changes.length > 0) emitAppEvent('content-applied', { next: page.next, count: page.changes.length });
      if (!page.more) return;
    }
  }

  private async pushOutbox(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      // An entry the server did not answer for stays sendable for the next run, not this one.
      const batch = (await sendableEntries(this.db, PUSH_BATCH + tried.size))
        .filter((e) => !tried.has(e.idempotencyKey))
        .slice(0, PUSH_BATCH);
      if (batch.length === 0) return;
      for (const e of batch) tried.add(e.idempotencyKey);
      await markSending(
        this.db,
        batch.map((e) => e.idempotencyKey),
      );
      const reply = await this.bridge.call('submissions.push', { items: batch.map((e) => e.submission) });
      await applyPushResults(this.db, reply.results);
      for (const r of reply.results) {
        const entry = batch.find((e) => e.idempotencyKey === r.idempotencyKey);
        emitAppEvent(r.result === 'accepted' ? 'submission-delivered' : 'submission-quarantined', {
          trackingNo: entry?.trackingNo ?? '',
        });
      }
    }
  }
}
