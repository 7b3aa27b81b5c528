import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_NAME } from '../../../src-shared/protocol.js';
import { BridgeError } from '../../../src-main/bridge/bridge-error.js';
import { createServerTransport, type ServerTransport } from '../../../src-main/transport/server-transport.js';
import { CREDENTIAL, submission } from './fixtures.js';
import { json, startLocalServer, type FakeHandler } from './local-server.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function transportFor(handler: FakeHandler, timeoutMs = 2000): Promise<ServerTransport> {
  const server = await startLocalServer(handler);
  closers.push(server.close);
  return createServerTransport({ url: `${server.url}/`, credential: CREDENTIAL, timeoutMs });
}

async function failureCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BridgeError);
  return (error as BridgeError).code;
}

const healthy = { service: SERVER_NAME, status: 'ok', time: '2026-11-26T06:05:00.000Z', database: 'ok' };
const page = {
  page: { after: 0, changes: [{ seq: 1, type: 'service', id: 's1', op: 'put', data: {} }], next: 1, more: false },
  signature: 'A'.repeat(86) + '==',
  keyId: '0123456789abcdef',
};

describe('server transport: health', () => {
  it('is online when our own server answers, and keeps the credential out of this public check', async () => {
    let path = '';
    let headers: IncomingHttpHeaders = {};
    const transport = await transportFor((req, res) => {
      path = req.url ?? '';
      headers = req.headers;
      json(res, 200, healthy);
    });
    const health = await transport.health();
    expect(health).toMatchObject({ online: true });
    expect(health.reason).toBeUndefined();
    expect(path).toBe('/api/v1/health');
    expect(headers.authorization).toBeUndefined();
  });

  it("takes a captive portal's 200 HTML page for what it is: not our server", async () => {
    const transport = await transportFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Please log in to the Wi-Fi</body></html>');
    });
    expect(await transport.health()).toMatchObject({ online: false, reason: 'not_our_server' });
  });

  it('takes a JSON 200 from some other service as not our server', async () => {
    const transport = await transportFor((_req, res) => json(res, 200, { ...healthy, service: 'portal' }));
    expect(await transport.health()).toMatchObject({ online: false, reason: 'not_our_server' });
  });

  it('does not follow a redirect (captive portals redirect to their login page)', async () => {
    const transport = await transportFor((_req, res) => {
      res.writeHead(302, { location: 'http://portal.example/login' });
      res.end();
    });
    expect(await transport.health()).toMatchObject({ online: false, reason: 'not_our_server' });
  });

  it('reports a 500 as server_error', async () => {
    const transport = await transportFor((_req, res) => json(res, 500, { error: 'boom' }));
    expect(await transport.health()).toMatchObject({ online: false, reason: 'server_error' });
  });

  it('reports connection refused as unreachable', async () => {
    const server = await startLocalServer(() => undefined);
    await server.close();
    const transport = createServerTransport({ url: server.url, credential: CREDENTIAL, timeoutMs: 2000 });
    expect(await transport.health()).toMatchObject({ online: false, reason: 'unreachable' });
  });

  it('reports a server that never answers as timeout', async () => {
    const transport = await transportFor(() => undefined, 200);
    expect(await transport.health()).toMatchObject({ online: false, reason: 'timeout' });
  });
});

describe('server transport: content changes', () => {
  it('sends the kiosk credential as a bearer token and returns the validated page', async () => {
    let headers: IncomingHttpHeaders = {};
    let url = '';
    const transport = await transportFor((req, res) => {
      headers = req.headers;
      url = req.url ?? '';
      json(res, 200, page);
    });
    await expect(transport.contentChanges(0, 50)).resolves.toEqual({
      signed: page,
      bytes: JSON.stringify(page).length,
    });
    expect(headers.authorization).toBe(`Bearer ${CREDENTIAL}`);
    expect(url).toBe('/api/v1/content/changes?after=0&limit=50');
  });

  it('maps 401 to unauthorized', async () => {
    const transport = await transportFor((_req, res) => json(res, 401, { error: { code: 'x', message: 'no' } }));
    expect(await failureCode(transport.contentChanges(0, 10))).toBe('unauthorized');
  });

  it('maps 500 to server_error', async () => {
    const transport = await transportFor((_req, res) => json(res, 500, {}));
    expect(await failureCode(transport.contentChanges(0, 10))).toBe('server_error');
  });

  it('maps a 200 with a body outside the protocol to server_error', async () => {
    const transport = await transportFor((_req, res) => json(res, 200, { changes: 'nope' }));
    expect(await failureCode(transport.contentChanges(0, 10))).toBe('server_error');
  });

  it('maps a 200 HTML page to server_error', async () => {
    const transport = await transportFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html></html>');
    });
    expect(await failureCode(transport.contentChanges(0, 10))).toBe('server_error');
  });

  it('maps connection refused to offline', async () => {
    const server = await startLocalServer(() => undefined);
    await server.close();
    const transport = createServerTransport({ url: server.url, credential: CREDENTIAL, timeoutMs: 2000 });
    expect(await failureCode(transport.contentChanges(0, 10))).toBe('offline');
  });

  it('maps a slow server to timeout', async () => {
    const transport = await transportFor(() => undefined, 200);
    expect(await failureCode(transport.contentChanges(0, 10))).toBe('timeout');
  });
});

describe('server transport: submissions', () => {
  const accepted = {
    idempotencyKey: submission().idempotencyKey,
    result: 'accepted',
    ack: {
      idempotencyKey: submission().idempotencyKey,
      trackingNo: submission().trackingNo,
      serverId: 7,
      receivedAt: '2026-11-26T06:06:00.000Z',
      status: 'received',
    },
  };
  const conflict = {
    idempotencyKey: submission().idempotencyKey,
    result: 'conflict',
    error: { code: 'idempotency_conflict', message: 'different body' },
  };

  it('posts the batch with the credential and returns per-item results with the status', async () => {
    let received: unknown;
    let headers: IncomingHttpHeaders = {};
    const transport = await transportFor((req, res, body) => {
      received = JSON.parse(body);
      headers = req.headers;
      json(res, 200, { results: [accepted] });
    });
    const batch = { items: [submission()] };
    await expect(transport.pushSubmissions(batch)).resolves.toEqual({ httpStatus: 200, results: [accepted] });
    expect(received).toEqual(batch);
    expect(headers.authorization).toBe(`Bearer ${CREDENTIAL}`);
    expect(headers['content-type']).toBe('application/json');
  });

  it.each([409, 422])('returns the per-item results of a %i', async (status) => {
    const transport = await transportFor((_req, res) => json(res, status, { results: [conflict] }));
    await expect(transport.pushSubmissions({ items: [submission()] })).resolves.toEqual({
      httpStatus: status,
      results: [conflict],
    });
  });

  it.each([
    [400, 'invalid_request'],
    [401, 'unauthorized'],
    [404, 'server_error'],
    [503, 'server_error'],
  ])('throws for a %i (%s)', async (status, code) => {
    const transport = await transportFor((_req, res) => json(res, status, { error: { code: 'x', message: 'y' } }));
    expect(await failureCode(transport.pushSubmissions({ items: [submission()] }))).toBe(code);
  });
});
