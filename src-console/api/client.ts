import { CONSOLE_API_PREFIX, CSRF_HEADER } from '../../src-shared/console/console-api.js';
import type { z } from 'zod';

/** A refusal from the server, with its code (`invalid_credentials`, `forbidden`, …) and worded reason. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After (sign-in throttling). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The one way the console talks to its server: same origin, the session cookie sent by the
 * browser, and the session's CSRF token on every state-changing request. A 401 on anything but
 * sign-in means the session has ended: the app is told, and shows the sign-in page again.
 */
export class ConsoleClient {
  private csrfToken: string | null = null;
  private onSessionEnded: (() => void) | null = null;

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  /** The CSRF header, for the one request sent without `request` (a zip whose 422 body must be read). */
  csrfHeaders(): Record<string, string> {
    return this.csrfToken === null ? {} : { [CSRF_HEADER]: this.csrfToken };
  }

  whenSessionEnds(callback: (() => void) | null): void {
    this.onSessionEnded = callback;
  }

  /** `/console/api` + path, with the query's non-empty values. */
  url(path: string, query: Record<string, string | number | boolean | null | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${CONSOLE_API_PREFIX}${path}${search ? `?${search}` : ''}`;
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    init: { raw?: BodyInit; type?: string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (STATE_CHANGING.has(method) && this.csrfToken !== null) headers[CSRF_HEADER] = this.csrfToken;
    let payload: BodyInit | undefined;
    if (init.raw !== undefined) {
      payload = init.raw;
      if (init.type) headers['content-type'] = init.type;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'network', 'The server did not answer');
    }
    if (res.ok) return res;
    let code = 'http_error';
    let message = `HTTP ${res.status}`;
    try {
      const data = (await res.json()) as { error?: { code?: string; message?: string } };
      code = data.error?.code ?? code;
      message = data.error?.message ?? message;
    } catch {
      // not JSON: keep the status
    }
    const retry = res.headers.get('retry-after');
    const error = new ApiError(res.status, code, message, retry !== null && /^\d+$/.test(retry) ? Number(retry) : null);
    if (res.status === 401 && !url.endsWith('/session')) this.onSessionEnded?.();
    throw error;
  }

  /** A JSON answer checked against the contract's schema. */
  async json<T>(schema: z.ZodType<T>, method: string, url: string, body?: unknown): Promise<T> {
    const res = await this.request(method, url, body);
    const data: unknown = await res.json();
    const parsed = schema.safeParse(data);
    if (!parsed.success)
      throw new ApiError(res.status, 'bad_answer', 'The server answered something the console does not understand');
    return parsed.data;
  }

  async send(method: string, url: string, body?: unknown): Promise<void> {
    const res = await this.request(method, url, body);
    await res.arrayBuffer();
  }
}

export const api = new ConsoleClient();
