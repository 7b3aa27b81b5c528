import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_META,
  KIOSK_INFO_META,
  type BridgeErrorCode,
  type BridgeHandlers,
  type BridgeReply,
} from '../../src-shared/bridge-contract.js';
import { createLogger } from '../logger.js';
import { RENDERER_SECURITY_HEADERS } from '../security/csp.js';
import { isAllowedHost, isAllowedOrigin, tokensEqual } from '../security/request-guards.js';
import { readStaticFile } from '../static/read-static-file.js';
import { dispatchBridgeCall } from './dispatch.js';

const log = createLogger('http-bridge');

/** Largest bridge request body; a full submission batch is far below this. */
export const BRIDGE_BODY_LIMIT = 1024 * 1024;
const LOOPBACK = '127.0.0.1';

export interface HttpBridgeOptions {
  handlers: BridgeHandlers;
  /** 0 picks a free port (tests). */
  port: number;
  /** The built renderer (`dist/renderer`). */
  staticDir: string;
  /**
   * Keep the session token in this file (in the host's private folder) across restarts: a host
   * the service manager restarted after a crash then still accepts the page that is on screen,
   * which would otherwise be refused until it reloads. Absent: a fresh token per launch.
   */
  tokenFile?: string;
}

/** The token kept in `file`, or a new one written there (owner-only) when there is none yet. */
export function persistentToken(file: string): string {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (Buffer.from(kept, 'base64url').length === 32) return kept;
  } catch {
    // none yet
  }
  const token = randomBytes(32).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

export interface HttpBridge {
  /** `http://127.0.0.1:<port>/`: open this in the kiosk's Chromium. */
  url: string;
  port: number;
  /** This launch's session token; it reaches the page only inside index.html. */
  token: string;
  close(): Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  reply: BridgeReply<unknown>,
  extra: Record<string, string> = {},
) {
  const body = JSON.stringify(reply);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/** Puts the session token where only a page served by this bridge can read it. */
export function injectTokenMeta(html: string, token: string): string {
  return injectPageMeta(html, { [BRIDGE_TOKEN_META]: token });
}

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };

/**
 * Adds `<meta name=… content=…>` tags at the top of `<head>`: the session token, and the kiosk's
 * public facts so the first screen can draw without a round trip. Values are attribute-escaped.
 */
export function injectPageMeta(html: string, metas: Record<string, string>): string {
  const meta = Object.entries(metas)
    .map(
      ([name, content]) =>
        `<meta name="${name}" content="${content.replace(/[&"<>]/g, (c) => ATTRIBUTE_ESCAPES[c]!)}">`,
    )
    .join('\n    ');
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return `${meta}\n${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > BRIDGE_BODY_LIMIT) {
    return Promise.reject(new HttpRefusal(413, 'invalid_request', `request body over ${BRIDGE_BODY_LIMIT} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BRIDGE_BODY_LIMIT) {
        req.removeAllListeners('data');
        reject(new HttpRefusal(413, 'invalid_request', `request body over ${BRIDGE_BODY_LIMIT} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Browser mode's stand-in for Electron IPC: the same bridge handlers behind plain HTTP, so
 * the kiosk runs in any Chromium. Only a page this bridge served can call it, checked at
 * every request: the socket is bound to 127.0.0.1 (no other machine can connect), the Host
 * header must be the loopback name (defeats DNS rebinding), a browser's Origin must be our
 * own (defeats other local pages), and the per-launch session token, handed to the page only
 * inside index.html, must match. No CORS headers are ever sent.
 */
export async function startHttpBridge({
  handlers,
  port,
  staticDir,
  tokenFile,
}: HttpBridgeOptions): Promise<HttpBridge> {
  const token = tokenFile === undefined ? randomBytes(32).toString('base64url') : persistentToken(tokenFile);
  let boundPort = port;

  async function handleBridgeCall(req: IncomingMessage, res: ServerResponse, host: string, method: string) {
    if (req.method !== 'POST') throw new HttpRefusal(405, 'invalid_request', 'bridge calls are POST');
    if (!isAllowedOrigin(req.headers.origin, host)) throw new HttpRefusal(403, 'unauthorized', 'foreign origin');
    const presented = req.headers[BRIDGE_TOKEN_HEADER];
    if (!tokensEqual(typeof presented === 'string' ? presented : undefined, token)) {
      throw new HttpRefusal(401, 'unauthorized', 'missing or wrong session token');
    }
    if (!isJson(req.headers['content-type'])) {
      throw new HttpRefusal(415, 'invalid_request', 'content-type must be application/json');
    }
    const body = await readBody(req);
    let payload: unknown;
    try {
      payload = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(res, 200, { ok: false, error: { code: 'invalid_request', message: 'request body is not valid JSON' } });
      return;
    }
    sendJson(res, 200, await dispatchBridgeCall(handlers, method, payload));
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      return;
    }
    const file = await readStaticFile(staticDir, pathname);
    if (!file.ok) {
      sendText(res, file.status, file.reason);
      return;
    }
    const body = file.isIndex
      ? Buffer.from(
          injectPageMeta(file.body.toString('utf8'), {
            [BRIDGE_TOKEN_META]: token,
            [KIOSK_INFO_META]: JSON.stringify(await handlers['kiosk.info']({})),
          }),
        )
      : file.body;
    res.writeHead(200, {
      ...RENDERER_SECURITY_HEADERS,
      'content-type': file.contentType,
      'content-length': body.length,
      'cache-control': file.isIndex ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const host = req.headers.host;
    if (req.method === 'OPTIONS') throw new HttpRefusal(403, 'unauthorized', 'cross-origin requests are not allowed');
    if (host === undefined || !isAllowedHost(host, boundPort)) throw new HttpRefusal(403, 'unauthorized', 'wrong host');
    const pathname = (req.url ?? '').split(/[?#]/, 1)[0] ?? '';
    if (!pathname.startsWith('/')) throw new HttpRefusal(400, 'invalid_request', 'request target must be a path');
    if (pathname.startsWith(BRIDGE_HTTP_PREFIX)) {
      await handleBridgeCall(req, res, host, pathname.slice(BRIDGE_HTTP_PREFIX.length));
    } else {
      await handleStatic(req, res, pathname);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpRefusal) {
        log.warn({ status: error.status, method: req.method, url: req.url, reason: error.message }, 'request refused');
        // Stop reading a refused upload; the connection closes after the answer.
        sendJson(
          res,
          error.status,
          { ok: false, error: { code: error.code, message: error.message } },
          {
            connection: 'close',
          },
        );
        return;
      }
      log.error({ err: error, url: req.url }, 'http bridge failure');
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error in the kiosk host' } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${boundPort}/`,
    port: boundPort,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
