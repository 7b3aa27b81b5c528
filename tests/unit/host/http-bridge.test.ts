import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_TOKEN_HEADER, BRIDGE_TOKEN_META } from '../../../src-shared/bridge-contract.js';
import { BRIDGE_BODY_LIMIT, startHttpBridge, type HttpBridge } from '../../../src-main/bridge/http-bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp.js';
import { fakeHandlers, tempDir, emptySignedPage } from './fixtures.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP, so tests control every header (fetch would not let us forge Host). */
function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Sends only the request head (no body) and resolves with the answer's status. */
function sendHeadersOnly(port: number, headers: Record<string, string | number>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/bridge/submissions.push', headers },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
        req.destroy();
      },
    );
    req.on('error', reject);
    req.flushHeaders();
  });
}

const INDEX_HTML =
  '<!doctype html>\n<html lang="mn">\n  <head>\n    <title>Цонх</title>\n  </head>\n  <body></body>\n</html>\n';
const SECRET = 'outside-secret-do-not-serve';

let root: string;
let staticDir: string;
let removeRoot: () => Promise<void>;
let bridge: HttpBridge;

beforeEach(async () => {
  ({ dir: root, remove: removeRoot } = await tempDir('bridge'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
  await symlink(path.join(root, 'secret.txt'), path.join(staticDir, 'assets', 'link.txt'));
  bridge = await startHttpBridge({ handlers: fakeHandlers(), port: 0, staticDir });
});

afterEach(async () => {
  await bridge.close();
  await removeRoot();
});

function call(method: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(bridge.port, {
    method: 'POST',
    path: `/bridge/${method}`,
    headers: {
      host: `127.0.0.1:${bridge.port}`,
      origin: `http://127.0.0.1:${bridge.port}`,
      'content-type': 'application/json',
      [BRIDGE_TOKEN_HEADER]: bridge.token,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('http bridge: start', () => {
  it('listens on 127.0.0.1 only, on the port the OS picked, with a fresh 256-bit token', async () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
    expect(bridge.port).toBeGreaterThan(0);
    expect(Buffer.from(bridge.token, 'base64url')).toHaveLength(32);
    const other = await startHttpBridge({ handlers: fakeHandlers(), port: 0, staticDir });
    try {
      expect(other.token).not.toBe(bridge.token);
    } finally {
      await other.close();
    }
  });
});

describe('http bridge: calls', () => {
  it('accepts a good call and answers with the BridgeReply', async () => {
    const reply = await call('content.changes', { after: 2, limit: 5 });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { signed: emptySignedPage(2), bytes: 0 } });
  });

  it('accepts a call from the localhost name of the same port', async () => {
    const reply = await call(
      'printer.status',
      {},
      {
        host: `localhost:${bridge.port}`,
        origin: `http://localhost:${bridge.port}`,
      },
    );
    expect(reply.status).toBe(200);
  });

  it('accepts a call with no Origin header (non-browser client with the token)', async () => {
    const reply = await send(bridge.port, {
      method: 'POST',
      path: '/bridge/printer.status',
      headers: {
        host: `127.0.0.1:${bridge.port}`,
        'content-type': 'application/json',
        [BRIDGE_TOKEN_HEADER]: bridge.token,
      },
      body: '{}',
    });
    expect(reply.status).toBe(200);
  });

  it('refuses a foreign Origin with 403', async () => {
    const reply = await call('kiosk.info', {}, { origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses the right host name on another port as Origin', async () => {
    const reply = await call('kiosk.info', {}, { origin: `http://127.0.0.1:${bridge.port + 1}` });
    expect(reply.status).toBe(403);
  });

  it('refuses a bad Host header with 403 (DNS rebinding)', async () => {
    const reply = await call(
      'kiosk.info',
      {},
      { host: `evil.example:${bridge.port}`, origin: `http://evil.example:${bridge.port}` },
    );
    expect(reply.status).toBe(403);
  });

  it('refuses a missing token with 401', async () => {
    const reply = await send(bridge.port, {
      method: 'POST',
      path: '/bridge/kiosk.info',
      headers: { host: `127.0.0.1:${bridge.port}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reply.status).toBe(401);
  });

  it('refuses a wrong token with 401', async () => {
    // One character changed (a token that already ended in A was once "wrong" by being the same).
    const last = bridge.token.endsWith('A') ? 'B' : 'A';
    const reply = await call('kiosk.info', {}, { [BRIDGE_TOKEN_HEADER]: `${bridge.token.slice(0, -1)}${last}` });
    expect(reply.status).toBe(401);
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const reply = await call('kiosk.info', '{}', { 'content-type': 'text/plain' });
    expect(reply.status).toBe(415);
  });

  it('refuses a body declared over 1 MiB with 413 before reading it', async () => {
    const reply = await sendHeadersOnly(bridge.port, {
      host: `127.0.0.1:${bridge.port}`,
      'content-type': 'application/json',
      [BRIDGE_TOKEN_HEADER]: bridge.token,
      'content-length': BRIDGE_BODY_LIMIT + 1,
    });
    expect(reply.status).toBe(413);
  });

  it('refuses a streamed (chunked) body that grows over 1 MiB with 413', async () => {
    const reply = await call('submissions.push', Buffer.alloc(BRIDGE_BODY_LIMIT + 1024, 0x20).toString(), {
      'transfer-encoding': 'chunked',
    });
    expect(reply.status).toBe(413);
  });

  it('answers invalid JSON with an invalid_request reply', async () => {
    const reply = await call('kiosk.info', '{not json');
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers an unknown method with unknown_method', async () => {
    const reply = await call('fs.readFile', {});
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('answers a request that fails the contract with invalid_request', async () => {
    const reply = await call('content.changes', { after: 'zero', limit: 5 });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('refuses OPTIONS (CORS preflight) with 403 and no CORS headers', async () => {
    const reply = await send(bridge.port, {
      method: 'OPTIONS',
      path: '/bridge/kiosk.info',
      headers: {
        host: `127.0.0.1:${bridge.port}`,
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
      },
    });
    expect(reply.status).toBe(403);
    expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses a GET on a bridge method', async () => {
    const reply = await send(bridge.port, {
      path: '/bridge/kiosk.info',
      headers: { host: `127.0.0.1:${bridge.port}` },
    });
    expect(reply.status).toBe(405);
  });
});

describe('http bridge: renderer files', () => {
  const get = (p: string, host = `127.0.0.1:${bridge.port}`) => send(bridge.port, { path: p, headers: { host } });

  it('serves index.html with the session token meta, the CSP and no-store', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.body).toContain(`<meta name="${BRIDGE_TOKEN_META}" content="${bridge.token}">`);
    expect(reply.body.indexOf(BRIDGE_TOKEN_META)).toBeGreaterThan(reply.body.indexOf('<head>'));
    expect(reply.body.indexOf(BRIDGE_TOKEN_META)).toBeLessThan(reply.body.indexOf('</head>'));
    expect(reply.body).toContain('<title>Цонх</title>');
  });

  it('has a CSP that forbids inline script, framing, plugins and foreign connections', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
    }
  });

  it('serves index.html for the app routes (paths without an extension)', async () => {
    const reply = await get('/services/id-card?x=1');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(BRIDGE_TOKEN_META);
  });

  it('serves assets with their content types', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app")');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a missing file with an extension', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('refuses to serve the page to a foreign Host name (DNS rebinding would leak the token)', async () => {
    const reply = await get('/', `evil.example:${bridge.port}`);
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain(bridge.token);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '//' + 'etc/passwd',
    '/%00index.html',
    '/%E0%A4%A',
    '/assets/link.txt',
  ])('does not let %s out of the renderer folder', async (p) => {
    const reply = await get(p);
    expect([400, 404]).toContain(reply.status);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('root:');
  });
});
