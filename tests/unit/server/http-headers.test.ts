import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, createTestServer, type TestServer } from './helpers.js';

/** Sends raw bytes and reads until the server closes the connection. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error('the server kept the connection open')));
    socket.write(request);
  });
}

function headersOf(answer: string): Map<string, string> {
  const head = answer.split('\r\n\r\n')[0] ?? '';
  return new Map(
    head
      .split('\r\n')
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

describe('every answer carries the security headers and the one error shape', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await createTestServer();
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    port = (server.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['a health check', 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 200],
    ['an unknown path', 'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404],
    ['a bad percent-encoding', 'GET /api/v1/track/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    ['a refused credential', 'GET /api/v1/content/changes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 401],
    [
      'headers too large for the parser',
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ['a line that is not HTTP', 'HELLO THERE\r\n\r\n', 400],
  ])('%s', async (_name, request, status) => {
    const answer = await raw(port, request);
    expect(answer.startsWith(`HTTP/1.1 ${status} `), answer.slice(0, 80)).toBe(true);
    const headers = headersOf(answer);
    for (const [name, value] of Object.entries(SECURITY)) expect(headers.get(name), name).toBe(value);
    expect([...headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    if (status !== 200) {
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
      expect(body.error.code).toMatch(/^[a-z_]+$/);
    }
  });

  it('a cross-site preflight gets no Access-Control headers', async () => {
    const res = await server.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/health',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('a caller trickling a body cannot hold a connection', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await createTestServer({ timeouts: { requestMs: 2000, idleMs: 5000 } });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    port = (server.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await server.close();
  });

  /** Sends the head, then one byte of the body every `everyMs`; resolves with the answer and when it closed. */
  function trickle(headers: Record<string, string>, everyMs: number): Promise<{ answer: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      const lines = Object.entries({
        host: 'x',
        'content-type': 'application/json',
        'content-length': '1000',
        ...headers,
      })
        .map(([name, value]) => `${name}: ${value}`)
        .join('\r\n');
      socket.write(`POST /api/v1/submissions/batch HTTP/1.1\r\n${lines}\r\n\r\n{`);
      const timer = setInterval(() => socket.writable && socket.write(' '), everyMs);
      const done = () => {
        clearInterval(timer);
        resolve({ answer, ms: Date.now() - started });
      };
      socket.on('close', done);
      socket.on('error', () => undefined);
      setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        reject(new Error(`still open after 20 s; got: ${answer.slice(0, 60)}`));
      }, 20_000).unref();
    });
  }

  it('without a credential: refused at once, and the connection is closed', async () => {
    const { answer, ms } = await trickle({}, 500);
    expect(answer.startsWith('HTTP/1.1 401 ')).toBe(true);
    expect(headersOf(answer).get('connection')).toBe('close');
    expect(ms).toBeLessThan(4000);
  });

  it('with a credential: cut off when the whole request has not come within the time allowed', async () => {
    const { answer, ms } = await trickle(authHeaders(), 500);
    expect(answer.startsWith('HTTP/1.1 408 ')).toBe(true);
    expect(ms).toBeLessThan(8000);
  });

  it('an injected request still being read when its time is up is left alone (its stand-in socket cannot be cut)', async () => {
    // The body arrives after the 2 s allowed: the timer fires on a request without a real socket.
    const body = Readable.from(
      (async function* () {
        yield '{"items":';
        await new Promise((r) => setTimeout(r, 2500));
        yield '[]}';
      })(),
    );
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/submissions/batch',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
  });
});
