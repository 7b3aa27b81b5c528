import type { z } from 'zod';
import type { BridgeResponse } from '../../src-shared/bridge-contract.js';
import {
  API_PREFIX,
  KIOSK_AUTH_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SERVER_NAME,
  signedContentPageSchema,
  healthResponseSchema,
  statusChangesPageSchema,
  submissionBatchResponseSchema,
  trackResponseSchema,
  type SignedContentPage,
  type StatusChangesPage,
  type SubmissionBatch,
} from '../../src-shared/protocol.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import {
  healthReportResponseSchema,
  type HealthReport,
  type HealthReportResponse,
} from '../../src-shared/schemas/health-report.js';
import { KIOSK_REVOKED } from '../../src-shared/schemas/enrolment.js';
import { createLogger } from '../logger.js';
import { TransportError } from './transport-error.js';

const log = createLogger('transport');

export type HealthResult = BridgeResponse<'server.health'>;
export type PushResult = BridgeResponse<'submissions.push'>;
export type TrackResult = BridgeResponse<'status.track'>;

/** The host's only way to the central server; the renderer reaches it through the bridge. */
export interface ServerTransport {
  /** Never throws: says whether the real central server answers, and if not, why. */
  health(): Promise<HealthResult>;
  /** A signed page and the size of its JSON body in bytes (for progress). */
  contentChanges(
    after: number,
    limit: number,
    maxBytes?: number,
  ): Promise<{ signed: SignedContentPage; bytes: number }>;
  /** A signed page of open data for the aimags given (issue 19), and the size of its JSON body. */
  openDataChanges(
    aimags: readonly string[],
    after: number,
    limit: number,
    maxBytes?: number,
  ): Promise<{ signed: SignedContentPage; bytes: number }>;
  /** Per-item results for 200, 409 and 422; throws a TransportError for any other answer. */
  pushSubmissions(batch: SubmissionBatch): Promise<PushResult>;
  /** Status changes of this kiosk's submissions after the cursor `after`. */
  statusChanges(after: number, limit: number): Promise<StatusChangesPage>;
  /** The public status of one tracking number; `found: false` when the server does not know it. */
  track(trackingNo: string): Promise<TrackResult>;
  /** Sends a health report; the answer has the server's receipt time and the clock drift it measured. */
  healthReport(report: HealthReport): Promise<HealthReportResponse>;
}

/** The authorization of a kiosk enrolled with its own key (`enrolment/key-auth.ts`). */
export interface TransportAuth {
  authorization(): Promise<string>;
  /** The server refused the token: get a new one for the next request. */
  invalidate(): void;
}

export interface ServerTransportOptions {
  url: string;
  /** The shared credential of a kiosk set up the old way; unused when `auth` is given. */
  credential: string;
  /** A kiosk enrolled with its own key: a short-lived token from a signed challenge, not the credential. */
  auth?: TransportAuth;
  /** Any kiosk route answered 403 `kiosk_revoked`: the centre took this kiosk out of service. */
  onRevoked?: () => void;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  /** The most an answer may decode to (default MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

/** HTTP statuses whose body carries per-item results (see `submissionBatchResponseSchema`). */
const BATCH_RESULT_STATUSES = new Set([200, 409, 422]);

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function failureFor(status: number, what: string): TransportError {
  if (status === 401 || status === 403)
    return new TransportError('credential_refused', `${what}: the server refused this kiosk's credential (${status})`);
  if (status === 400 || status === 413 || status === 422)
    return new TransportError('request_refused', `${what}: the server rejected the request (${status})`);
  return new TransportError('bad_answer', `${what}: unexpected answer from the server (${status})`);
}

/**
 * The most an answer may decode to. fetch undoes brotli and gzip by itself, and a few hundred
 * bytes of brotli can unpack to a gigabyte: the body is read piece by piece and given up past
 * this, before it is held in memory. A content page is at most 4 MB of JSON (a single change too
 * large for any page travels alone, and no entity comes near the rest of this).
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
}

async function readJson(response: Response, maxBytes: number): Promise<{ json: unknown; bytes: number }> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new AnswerTooLargeError(`the answer decodes to more than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { json: JSON.parse(text), bytes };
  } catch {
    return { json: undefined, bytes };
  }
}

function isRevokedError(body: unknown): boolean {
  return (body as { error?: { code?: unknown } } | undefined)?.error?.code === KIOSK_REVOKED;
}

function isNotFoundError(body: unknown): boolean {
  const error = (body as { error?: { code?: unknown } } | undefined)?.error;
  return typeof error === 'object' && error !== null && error.code === 'not_found';
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new TransportError('bad_answer', `${what}: the server's answer is not in the expected format`);
  return parsed.data;
}

/**
 * Talks to the central server for the whole kiosk. It alone holds the credential (the
 * renderer never sees it), gives every request a deadline, and trusts no answer it has not
 * validated: a captive portal's "200 OK" page or a proxy's error page never passes for data.
 * Redirects are not followed, so the credential is never replayed to another host.
 */
export function createServerTransport(options: ServerTransportOptions): ServerTransport {
  const fetchImpl = options.fetchImpl ?? fetch;
  const base = options.url.replace(/\/+$/, '');

  /** One request; for a key-enrolled kiosk a refused token is renewed and the request sent once more. */
  async function request(
    what: string,
    pathAndQuery: string,
    init: { method: 'GET' | 'POST'; body?: string; auth: boolean },
  ): Promise<{ status: number; body: unknown; bytes: number }> {
    let answer = await requestOnce(what, pathAndQuery, init);
    if (init.auth && options.auth && answer.status === 401) {
      options.auth.invalidate();
      answer = await requestOnce(what, pathAndQuery, init);
    }
    if (init.auth && answer.status === 403 && isRevokedError(answer.body)) options.onRevoked?.();
    return answer;
  }

  async function requestOnce(
    what: string,
    pathAndQuery: string,
    init: { method: 'GET' | 'POST'; body?: string; auth: boolean },
  ): Promise<{ status: number; body: unknown; bytes: number }> {
    // Brotli first: content pages are pre-compressed with it on the server, and it is the smallest.
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-encoding': 'br, gzip',
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    };
    if (init.auth) {
      headers[KIOSK_AUTH_HEADER] = options.auth ? await options.auth.authorization() : `Bearer ${options.credential}`;
    }
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    // One deadline for the whole exchange: connecting, the headers and every byte of the body.
    // A black-holed link or a server that stops mid-body is cut off at `timeoutMs`, and the
    // race below answers even if a fetch implementation ignored the abort.
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const reason = new DOMException(`no answer within ${options.timeoutMs} ms`, 'TimeoutError');
        controller.abort(reason);
        reject(reason);
      }, options.timeoutMs);
    });
    const exchange = (async () => {
      const response = await fetchImpl(`${base}${API_PREFIX}${pathAndQuery}`, {
        method: init.method,
        headers,
        body: init.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const { json, bytes } = await readJson(response, options.maxAnswerBytes ?? MAX_ANSWER_BYTES);
      return { status: response.status, body: json, bytes };
    })();
    // Once the deadline has won, the exchange's own failure (the abort) has nobody to tell.
    exchange.catch(() => undefined);
    try {
      return await Promise.race([exchange, deadline]);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) {
        log.warn({ what, maxBytes: options.maxAnswerBytes ?? MAX_ANSWER_BYTES }, 'server answer too large: refused');
        throw new TransportError('bad_answer', `${what}: ${error.message}`, { cause: error });
      }
      if (isTimeout(error)) {
        // Debug, not warn: a kiosk may be offline for a week, polling every half minute.
        log.debug({ what, timeoutMs: options.timeoutMs }, 'server request timed out');
        throw new TransportError('timeout', `${what}: the server did not answer within ${options.timeoutMs} ms`, {
          cause: error,
        });
      }
      log.debug({ what, reason: String((error as Error).cause ?? error) }, 'server unreachable');
      throw new TransportError('offline', `${what}: the server cannot be reached`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async health() {
      const checkedAt = new Date().toISOString();
      try {
        // The credential is not sent here: health is public, and this is the request most
        // likely to land on a captive portal.
        const { status, body } = await request('health', '/health', { method: 'GET', auth: false });
        const answer = healthResponseSchema.safeParse(body);
        if (status === 200 && answer.success) return { online: true, checkedAt };
        if (status === 401 || status === 403) return { online: false, checkedAt, reason: 'unauthorized' };
        const fromOurServer = (body as { service?: unknown } | undefined)?.service === SERVER_NAME;
        if (status >= 500 || (fromOurServer && !answer.success))
          return { online: false, checkedAt, reason: 'server_error' };
        return { online: false, checkedAt, reason: 'not_our_server' };
      } catch (error) {
        const reason = error instanceof TransportError && error.failure === 'timeout' ? 'timeout' : 'unreachable';
        return { online: false, checkedAt, reason };
      }
    },

    async contentChanges(after, limit, maxBytes) {
      const what = 'content changes';
      const query = new URLSearchParams({ after: String(after), limit: String(limit) });
      if (maxBytes !== undefined) query.set('maxBytes', String(maxBytes));
      const { status, body, bytes } = await request(what, `/content/changes?${query}`, { method: 'GET', auth: true });
      if (status !== 200) throw failureFor(status, what);
      // The signature is checked by the renderer, which owns the cursor it must match.
      return { signed: parseBody(signedContentPageSchema, body, what), bytes };
    },

    async openDataChanges(aimags, after, limit, maxBytes) {
      const what = 'open data changes';
      const query = new URLSearchParams({ aimags: aimags.join(','), after: String(after), limit: String(limit) });
      if (maxBytes !== undefined) query.set('maxBytes', String(maxBytes));
      const { status, body, bytes } = await request(what, `/open-data/changes?${query}`, {
        method: 'GET',
        auth: true,
      });
      if (status !== 200) throw failureFor(status, what);
      // Verified by the renderer with the pinned content keys, as content pages are.
      return { signed: parseBody(signedContentPageSchema, body, what), bytes };
    },

    async pushSubmissions(batch) {
      const what = 'submission push';
      const { status, body } = await request(what, '/submissions/batch', {
        method: 'POST',
        body: JSON.stringify(batch),
        auth: true,
      });
      if (!BATCH_RESULT_STATUSES.has(status)) throw failureFor(status, what);
      const { results } = parseBody(submissionBatchResponseSchema, body, what);
      return { httpStatus: status, results };
    },

    async statusChanges(after, limit) {
      const what = 'status changes';
      const query = new URLSearchParams({ after: String(after), limit: String(limit) });
      const { status, body } = await request(what, `/status-changes?${query}`, { method: 'GET', auth: true });
      if (status !== 200) throw failureFor(status, what);
      return parseBody(statusChangesPageSchema, body, what);
    },

    async healthReport(report) {
      const what = 'health report';
      const { status, body } = await request(what, '/health-reports', {
        method: 'POST',
        body: JSON.stringify(report),
        auth: true,
      });
      if (status !== 200) throw failureFor(status, what);
      return parseBody(healthReportResponseSchema, body, what);
    },

    async track(trackingNo) {
      const what = 'tracking look-up';
      // The citizen may have typed it without dashes: ask for the printed form.
      const parsed = parseTrackingNumber(trackingNo);
      if (!parsed.ok) throw new TransportError('bad_request', `${what}: not a tracking number (${parsed.error})`);
      const canonical = parsed.value.text;
      // Public route: the credential is not sent.
      const { status, body } = await request(what, `/track/${encodeURIComponent(canonical)}`, {
        method: 'GET',
        auth: false,
      });
      // Only our server's own "not found" means the number is unknown; a proxy's 404 page does not.
      if (status === 404 && isNotFoundError(body)) return { found: false };
      if (status !== 200) throw failureFor(status, what);
      const track = parseBody(trackResponseSchema, body, what);
      if (track.trackingNo !== canonical)
        throw new TransportError('bad_answer', `${what}: the server answered for another tracking number`);
      return { found: true, track };
    },
  };
}
