import type { TsonkhDb } from '../data/db.js';
import { saveSearchIndex } from '../data/search-index-store.js';
import { SEARCH_INDEX_VERSION, type ContentSearch } from './content-search.js';

export interface SearchIndexSaverOptions {
  /** Quiet time after the last applied page before saving (a sync applies pages back to back). */
  delayMs?: number;
  /** Longest a changed index waits during a long sync (a first sync of a national set). */
  maxWaitMs?: number;
  onSaved?: (r: { bytes: number; ms: number }) => void;
}

/**
 * Saves the search index after content pages, debounced: serializing is one long task on the UI
 * thread (≈ hundreds of ms for 22,000 documents, measured in the search bench), so it runs once
 * a sync has gone quiet, not after every page. A power cut inside the delay leaves the stored
 * index behind the content cursor, and the next start rebuilds it (`loadSearchIndex`).
 */
export class SearchIndexSaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstPendingAt: number | null = null;
  private saving: Promise<void> | null = null;
  private readonly delayMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly db: TsonkhDb,
    private readonly search: ContentSearch,
    private readonly options: SearchIndexSaverOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 5_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
  }

  /** A page changed the index: save it once pages stop coming (or after `maxWaitMs` at most). */
  changed(): void {
    const now = Date.now();
    this.firstPendingAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.firstPendingAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** Saves now if anything changed since the last save. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.firstPendingAt === null) return this.saving ?? undefined;
    this.firstPendingAt = null;
    await this.saving;
    const start = performance.now();
    this.saving = saveSearchIndex(this.db, SEARCH_INDEX_VERSION, () => ({
      ...this.search.pack(),
      documents: this.search.size,
    })).then(
      (r) => this.options.onSaved?.({ bytes: r.bytes, ms: performance.now() - start }),
      () => {
        // Not saved (storage full, database closed): the next start rebuilds, as before.
      },
    );
    await this.saving;
    this.saving = null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
