import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header that carries a request's id in and out (the de-facto name proxies and tracers use). */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An id from outside is kept only if it is a short token of safe characters: it goes into every
 * log line and back out in a header, so spaces, quotes, control characters or a kilobyte of text
 * would let a caller forge or bloat log lines.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is sane (so a proxy's or a kiosk's id
 * ties their logs to ours), else a fresh UUID. A repeated header arrives as an array and is not
 * sane.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return isSaneRequestId(given) ? given : randomUUID();
}
