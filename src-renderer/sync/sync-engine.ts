import type { BridgeClient } from '../platform/bridge-client.js';
import { BridgeCallError } from '../platform/bridge-error.js';
import { emitAppEvent } from '../platform/app-events.js';
import type { AppliedChange } from '../data/content-repo.js';
import { outboxDepth } from '../data/outbox-repo.js';
import { OutboxSender } from './outbox-sender.js';
import { pullStatuses } from './status-sync.js';
import type { TsonkhDb } from '../data/db.js';
import { pullContent, type ContentProgress, type PageSource } from './content-sync.js';
import { OPEN_DATA_PAGE_LIMIT, pullOpenData } from './open-data-sync.js';
import { ContentRejectedError, type PinnedContentKeys } from './verify-page.js';
import { storageEstimate } from '../data/storage.js';
import { getMeta, putMeta } from '../data/meta.js';
import { readRemoteSettings } from '../data/settings-repo.js';
import { INITIAL_SYNC_STATE, type SyncState } from './sync-state.js';
import { HealthReporter, type SyncKind } from './health-reporter.js';

export type { SyncState } from './sync-state.js';

const PAGE_LIMIT = 500;
const PAGE_MAX_BYTES = 512 * 1024;
const PAGE_MIN_BYTES = 8 * 1024;

/**
 * Pulls content after the stored cursor and pushes the outbox, always through the host.
 * One run at a time; a request made while running queues exactly one more run, so a fresh
 * submission is sent promptly without overlapping pushes. The kiosk stays usable meanwhile:
 * every page is its own short transaction.
 */
export class SyncEngine {
  private state: SyncState = { ...INITIAL_SYNC_STATE };
  private readonly listeners = new Set<() => void>();
  private readonly contentListeners = new Set<(applied: AppliedChange[]) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /**
   * Page size in bytes, adapted to the link: halved after a page is lost mid-transfer, doubled
   * after one arrives. On a link that drops every few tens of kilobytes, big pages would never
   * get through; small pages always make progress, and each lost page costs at most its size.
   */
  private pageBytes: number;
  private readonly sender: OutboxSender;
  private readonly maxPageBytes: number;
  private readonly aimag: string | undefined;
  /** Health reports: told how each sync went, watches the printer and storage, reports when due. */
  readonly health: HealthReporter;

  constructor(
    private readonly db: TsonkhDb,
    private readonly bridge: BridgeClient,
    private readonly publicKey: PinnedContentKeys,
    options: {
      maxPageBytes?: number;
      health?: HealthReporter;
      /** The kiosk's aimag (2-digit code): its open data is pulled; none when the kiosk has no place. */
      aimag?: string;
    } = {},
  ) {
    this.aimag = options.aimag;
    this.maxPageBytes = options.maxPageBytes ?? PAGE_MAX_BYTES;
    this.sender = new OutboxSender(db, bridge);
    this.health = options.health ?? new HealthReporter(db, bridge);
    this.pageBytes = this.maxPageBytes;
  }

  getState = (): SyncState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called with what each applied page changed (the search index listens). */
  onContent(listener: (applied: AppliedChange[]) => void): () => void {
    this.contentListeners.add(listener);
    return () => this.contentListeners.delete(listener);
  }

  async start(intervalSeconds: number): Promise<void> {
    this.stop();
    const last = await getMeta(this.db, 'lastSyncAt');
    if (typeof last === 'string') this.set({ lastSyncAt: last });
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

  /** Imports a content source other than the server (a USB bundle), verified the same way. */
  async importFrom(source: PageSource): Promise<ContentProgress> {
    return this.pull(source);
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private async runOnce(): Promise<void> {
    this.set({ syncing: true, outboxDepth: await outboxDepth(this.db) });
    // Which sync is under way, so a failure is told in the health report as that one's.
    let stage: SyncKind | null = null;
    try {
      // The printer and storage are watched offline too: what happens meanwhile is told later.
      await this.health.watch();
      const health = await this.bridge.call('server.health', {});
      if (health.online !== this.state.online) emitAppEvent(health.online ? 'online' : 'offline');
      // Back from offline: deliver at once rather than wait out a backoff from the outage.
      if (health.online && this.state.online === false) this.sender.resetBackoff();
      this.set({ online: health.online });
      if (!health.online) return;
      stage = 'content';
      await this.pull(async (after) => {
        try {
          const r = await this.bridge.call('content.changes', { after, limit: PAGE_LIMIT, maxBytes: this.pageBytes });
          this.pageBytes = Math.min(this.maxPageBytes, this.pageBytes * 2);
          return r;
        } catch (e) {
          if (e instanceof BridgeCallError && (e.code === 'offline' || e.code === 'timeout')) {
            this.pageBytes = Math.max(PAGE_MIN_BYTES, Math.floor(this.pageBytes / 2));
          }
          throw e;
        }
      });
      this.health.noteSync('content', true);
      stage = 'push';
      await this.sender.run();
      this.health.setSync('push', this.sender.lastPush);
      stage = 'status';
      const statuses = await pullStatuses(this.db, this.bridge);
      this.health.noteSync('status', true);
      stage = null;
      if (statuses > 0) emitAppEvent('statuses-updated', { count: statuses });
      // After what citizens sent and wait for: the open data is bulk and may take a while.
      await this.pullOpenData();
      const now = new Date().toISOString();
      await putMeta(this.db, 'lastSyncAt', now);
      const storage = await storageEstimate();
      if (storage) await putMeta(this.db, 'storageUsage', storage);
      this.set({ lastSyncAt: now });
      await this.health.reportIfDue();
      emitAppEvent('sync-complete');
    } catch (e) {
      if (stage !== null) this.health.noteSync(stage, false);
      const offline = e instanceof BridgeCallError && (e.code === 'offline' || e.code === 'timeout');
      if (offline && this.state.online !== false) emitAppEvent('offline');
      if (offline) this.set({ online: false });
      emitAppEvent('sync-error', {
        code: e instanceof BridgeCallError ? e.code : e instanceof ContentRejectedError ? e.reason : 'internal',
      });
    } finally {
      this.set({ syncing: false, outboxDepth: await outboxDepth(this.db) });
    }
  }

  /**
   * The open data of the kiosk's aimag (issue 19). A refused page or a server without the route
   * is told and does not fail the round (content, submissions and statuses are already done);
   * losing the link does, as for any other step.
   */
  private async pullOpenData(): Promise<void> {
    try {
      const done = await pullOpenData(
        this.db,
        (aimags, after) =>
          this.bridge.call('openData.changes', {
            aimags: [...aimags],
            after,
            limit: OPEN_DATA_PAGE_LIMIT,
            maxBytes: this.pageBytes,
          }),
        this.publicKey,
        this.aimag,
        (await readRemoteSettings(this.db)).applied?.settings.openDataAimags ?? [],
      );
      if (done.applied > 0 || done.skipped > 0)
        emitAppEvent('open-data-applied', { count: done.applied, skipped: done.skipped, bytes: done.bytes });
    } catch (e) {
      if (e instanceof BridgeCallError && (e.code === 'offline' || e.code === 'timeout')) throw e;
      emitAppEvent('open-data-failed', {
        code: e instanceof BridgeCallError ? e.code : e instanceof ContentRejectedError ? e.reason : 'internal',
      });
    }
  }

  private async pull(source: PageSource): Promise<ContentProgress> {
    this.set({ progress: { items: 0, totalItems: null, bytes: 0 } });
    try {
      const done = await pullContent(this.db, source, this.publicKey, (applied, progress) => {
        for (const l of this.contentListeners) l(applied);
        this.set({ progress, contentError: null });
        if (applied.length > 0)
          emitAppEvent('content-applied', { count: applied.length, items: progress.items, bytes: progress.bytes });
      });
      return done;
    } catch (e) {
      if (e instanceof ContentRejectedError) {
        this.set({ contentError: `${e.reason}: ${e.message}` });
        emitAppEvent('content-rejected', { reason: e.reason });
      }
      throw e;
    } finally {
      this.set({ progress: null });
    }
  }
}
