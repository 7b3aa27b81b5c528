import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ItemResult } from '../../src-shared/protocol.js';
import type { Submission } from '../../src-shared/schemas/submission.js';

/** The route label of a request no route matched: never the raw URL, which a caller controls. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** From a cached page's 5 ms to a 100-item batch on a busy disk; a kiosk gives up after 30 s. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The server's Prometheus metrics, in a registry of their own: tests build many apps in one
 * process, and a shared default registry would mix their counts (and refuse the second
 * registration). Every label is from a small fixed set: route patterns, status codes, kinds,
 * results, the server's own rejection codes, encodings.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly #requests = new Counter({
    name: 'tsonkh_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  readonly #latency = new Histogram({
    name: 'tsonkh_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its reply, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });

  readonly #submissionItems = new Counter({
    name: 'tsonkh_submission_items_total',
    help: 'Submission items answered by POST /submissions/batch, by kind, result (accepted includes replays) and error code',
    labelNames: ['kind', 'result', 'code'] as const,
    registers: [this.registry],
  });

  readonly #submissionsStored = new Counter({
    name: 'tsonkh_submissions_stored_total',
    help: 'New submissions stored (accepted items that were not replays)',
    registers: [this.registry],
  });

  readonly #contentPages = new Counter({
    name: 'tsonkh_content_pages_served_total',
    help: 'Signed content pages served, by content encoding',
    labelNames: ['encoding'] as const,
    registers: [this.registry],
  });

  readonly #contentBytes = new Counter({
    name: 'tsonkh_content_page_bytes_total',
    help: 'Bytes of signed content pages sent (after compression), by content encoding',
    labelNames: ['encoding'] as const,
    registers: [this.registry],
  });

  /** `processMetrics`: Node's own (memory, event-loop lag, GC); once per process, so main.ts only. */
  constructor({ processMetrics = false }: { processMetrics?: boolean } = {}) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** One answered request; `route` is the matched pattern (`/api/v1/track/:trackingNo`) or undefined. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE };
    this.#requests.inc({ ...labels, status_code: String(statusCode) });
    this.#latency.observe({ ...labels, status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  /** A batch's per-item results, paired with the items by position (results are in item order). */
  countSubmissionResults(items: readonly Submission[], results: readonly ItemResult[], stored: number): void {
    results.forEach((r, i) => {
      const kind = items[i]?.kind ?? 'unknown';
      const code = r.result === 'accepted' ? '' : r.error.code;
      this.#submissionItems.inc({ kind, result: r.result, code });
    });
    if (stored > 0) this.#submissionsStored.inc(stored);
  }

  countContentPage(encoding: string, bytes: number): void {
    this.#contentPages.inc({ encoding });
    this.#contentBytes.inc({ encoding }, bytes);
  }
}
