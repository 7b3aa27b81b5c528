import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The one error shape of the API (`errorResponseSchema` in src-shared/protocol.ts). */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

const CLIENT_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** What the router refuses before any route or hook runs, in words that do not echo the URL back. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { status: number; message: string }>> = {
  FST_ERR_BAD_URL: { status: 400, message: 'The URL is not valid (bad percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, message: 'A path parameter is too long' },
};

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a malformed or over-long path) would
 * otherwise leave in Fastify's shape, skipping our hooks, the error handler and the server's
 * headers. Returns the status it answered, for the caller to count.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): number {
  const known = FRAMEWORK_ERRORS[error.code];
  if (!known) {
    request.log.error({ err: error }, 'unhandled router error');
    sendError(reply, 500, 'internal', 'Internal server error');
    return 500;
  }
  request.log.info({ code: error.code, status: known.status }, 'client error');
  sendError(reply, known.status, CLIENT_ERROR_CODES[known.status] ?? 'bad_request', known.message);
  return known.status;
}

/**
 * Turns every failure into the JSON error shape. Fastify's own 4xx errors (bad JSON, wrong
 * content type, body too large) keep their status, so bad input never looks like a server
 * fault; anything else is a bug: logged in full, answered with a bare 500.
 */
export function installErrorReplies(app: FastifyInstance, storage: StorageState = new StorageState()): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isStorageFull(error)) {
      if (!storage.full) request.log.error({ err: error }, 'storage is full: writes refused until there is room');
      storage.full = true;
      return sendError(
        reply.header('retry-after', String(STORAGE_FULL_RETRY_S)),
        503,
        'storage_full',
        'Storage is full on the server: nothing was stored; send it again later',
      );
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, 'client error');
      return sendError(reply, status, CLIENT_ERROR_CODES[status] ?? 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal', 'Internal server error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `No such endpoint: ${request.method} ${request.url.split('?')[0] ?? ''}`),
  );
}

/** What Node's HTTP parser refuses before Fastify sees a request, by its error code. */
const PARSER_ERRORS: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: 'The request headers (or the URL) are too large',
  },
  HPE_URI_TOO_LONG: { status: 414, code: 'uri_too_long', message: 'The URL is too long' },
};

/**
 * Fastify's `clientErrorHandler`: requests Node's parser refuses (headers or URL too large, not
 * HTTP at all) get the API's JSON error shape and the security headers too, then the
 * connection closes. Nothing of the request is echoed.
 */
export function sendClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return;
  const known = PARSER_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'invalid_request',
    message: 'The request is not valid HTTP',
  };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...SECURITY_HEADERS,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(
    `HTTP/1.1 ${known.status} ${known.status === 431 ? 'Request Header Fields Too Large' : known.status === 414 ? 'URI Too Long' : 'Bad Request'}\r\n${head}\r\n\r\n${body}`,
  );
}

/**
 * On every answer: no content sniffing, no referrer leaving the server, no framing, and a CSP
 * that lets nothing run (routes that serve HTML, the console and /api/docs, set their own).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** How long a kiosk is asked to wait before sending again when the server's storage is full. */
const STORAGE_FULL_RETRY_S = 300;

/** Whether the last write failed for want of room: health says `degraded` until a write succeeds. */
export class StorageState {
  full = false;
}

/** SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100) or out_of_memory on disk, anywhere in the cause chain. */
export function isStorageFull(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === '53100') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
