import type { IncomingHttpHeaders } from 'node:http';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SERVER_NAME } from '../../../src-shared/protocol.js';
import type { HealthReport } from '../../../src-shared/schemas/health-report.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { toBridgeError } from '../../../src-main/bridge/host-errors.js';
import { TransportError } from '../../../src-main/transport/transport-error.js';
import { createServerTransport, type ServerTransport } from '../../../src-main/transport/server-transport.js';
import { CREDENTIAL, submission, TRACKING_NO } from './fixtures.js';
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

/** The bridge code the renderer gets for the transport's failure. */
async function failureCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return toBridgeError(error)!.code;
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

describe('server transport: open data changes', () => {
  it('asks for the aimags with the credential and returns the page unverified (the renderer verifies it)', async () => {
    let headers: IncomingHttpHeaders = {};
    let url = '';
    const transport = await transportFor((req, res) => {
      headers = req.headers;
      url = req.url ?? '';
      json(res, 200, page);
    });
    await expect(transport.openDataChanges(['83', '44'], 7, 1000, 65536)).resolves.toEqual({
      signed: page,
      bytes: JSON.stringify(page).length,
    });
    expect(headers.authorization).toBe(`Bearer ${CREDENTIAL}`);
    expect(url).toBe('/api/v1/open-data/changes?aimags=83%2C44&after=7&limit=1000&maxBytes=65536');
  });

  it.each([
    [401, 'unauthorized'],
    [404, 'server_error'],
    [503, 'server_error'],
  ])('maps %i to %s', async (status, code) => {
    const transport = await transportFor((_req, res) => json(res, status, { error: { code: 'x', message: 'no' } }));
    expect(await failureCode(transport.openDataChanges(['83'], 0, 10))).toBe(code);
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
    // It names its protocol, so the server answers in it (a kiosk without the header gets protocol 1).
    expect(headers[PROTOCOL_HEADER]).toBe(String(PROTOCOL_VERSION));
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

  it('gives up on an answer that unpacks past the limit, without holding it in memory', async () => {
    // A few kilobytes of brotli that unpack to 256 MB of spaces (a valid JSON start, then nothing).
    const bomb = brotliCompressSync(Buffer.alloc(256 * 1024 * 1024, 0x20), {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_LGWIN]: 24 },
    });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const transport = await transportFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      res.end(bomb);
    }, 20_000);
    const before = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed;
    const error = await transport.contentChanges(0, 10).then(
      () => undefined,
      (e: unknown) => e as TransportError,
    );
    expect(error?.failure).toBe('bad_answer');
    expect(error?.message).toContain('decodes to more than 16777216 bytes');
    const grown = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
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

describe('server transport: status changes', () => {
  const changes = {
    changes: [
      {
        seq: 4,
        trackingNo: TRACKING_NO,
        kind: 'petition',
        status: 'forwarded',
        dueDate: '2026-12-26',
        at: '2026-11-27T02:00:00.000Z',
      },
    ],
    next: 4,
    more: false,
  };

  it('asks after the cursor with the credential and returns the validated page', async () => {
    let url = '';
    let headers: IncomingHttpHeaders = {};
    const transport = await transportFor((req, res) => {
      url = req.url ?? '';
      headers = req.headers;
      json(res, 200, changes);
    });
    await expect(transport.statusChanges(3, 500)).resolves.toEqual(changes);
    expect(url).toBe('/api/v1/status-changes?after=3&limit=500');
    expect(headers.authorization).toBe(`Bearer ${CREDENTIAL}`);
  });

  it.each([
    [401, 'unauthorized'],
    [404, 'server_error'],
    [500, 'server_error'],
  ])('maps a %i to %s', async (status, code) => {
    const transport = await transportFor((_req, res) => json(res, status, { error: { code: 'x', message: 'y' } }));
    expect(await failureCode(transport.statusChanges(0, 10))).toBe(code);
  });

  it('maps a 200 outside the protocol to server_error', async () => {
    const transport = await transportFor((_req, res) => json(res, 200, { changes: [{ seq: 0 }], next: 0 }));
    expect(await failureCode(transport.statusChanges(0, 10))).toBe('server_error');
  });
});

describe('server transport: health reports', () => {
  const report: HealthReport = {
    kioskTime: '2026-12-03T02:14:00.000Z',
    appVersion: '0.1.0',
    content: { cursor: 3, signedAt: null, stale: false },
    settingsVersion: null,
    uptimeS: 60,
    outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
    storage: { usedBytes: null, freeBytes: null, persisted: null },
    printer: 'paper_out',
    sync: { content: null, status: null, push: null },
    events: [],
  };
  const answer = { receivedAt: '2026-12-03T02:14:01.000Z', driftMs: -1000, eventsStored: 0 };

  it('posts the report with the credential and returns the validated answer', async () => {
    let url = '';
    let method = '';
    let received = '';
    let headers: IncomingHttpHeaders = {};
    const transport = await transportFor((req, res, body) => {
      url = req.url ?? '';
      method = req.method ?? '';
      headers = req.headers;
      received = body;
      json(res, 200, answer);
    });
    await expect(transport.healthReport(report)).resolves.toEqual(answer);
    expect([method, url]).toEqual(['POST', '/api/v1/health-reports']);
    expect(headers.authorization).toBe(`Bearer ${CREDENTIAL}`);
    expect(JSON.parse(received)).toEqual(report);
  });

  it.each([
    [400, 'invalid_request'],
    [401, 'unauthorized'],
    [500, 'server_error'],
  ])('maps a %i to %s', async (status, code) => {
    const transport = await transportFor((_req, res) => json(res, status, { error: { code: 'x', message: 'y' } }));
    expect(await failureCode(transport.healthReport(report))).toBe(code);
  });

  it('maps a 200 outside the protocol to server_error', async () => {
    const transport = await transportFor((_req, res) => json(res, 200, { ok: true }));
    expect(await failureCode(transport.healthReport(report))).toBe('server_error');
  });
});

describe('server transport: tracking look-up', () => {
  const track = {
    trackingNo: TRACKING_NO,
    kind: 'service_application',
    status: 'in_progress',
    receivedAt: '2026-11-26T06:06:00.000Z',
    updatedAt: '2026-11-27T02:00:00.000Z',
  };

  it('asks the public route for the printed form of the number, without the credential', async () => {
    let url = '';
    let headers: IncomingHttpHeaders = {};
    const transport = await transportFor((req, res) => {
      url = req.url ?? '';
      headers = req.headers;
      json(res, 200, track);
    });
    await expect(transport.track(TRACKING_NO.replace(/-/g, ''))).resolves.toEqual({ found: true, track });
    expect(url).toBe(`/api/v1/track/${TRACKING_NO}`);
    expect(headers.authorization).toBeUndefined();
  });

  it("answers found: false for the server's own not_found", async () => {
    const transport = await transportFor((_req, res) =>
      json(res, 404, { error: { code: 'not_found', message: 'unknown tracking number' } }),
    );
    await expect(transport.track(TRACKING_NO)).resolves.toEqual({ found: false });
  });

  it("does not take a proxy's 404 page for an unknown number", async () => {
    const transport = await transportFor((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>Not Found</html>');
    });
    expect(await failureCode(transport.track(TRACKING_NO))).toBe('server_error');
  });

  it('refuses an answer about another tracking number', async () => {
    const other = makeTrackingNumber('0421', 124).text;
    const transport = await transportFor((_req, res) => json(res, 200, { ...track, trackingNo: other }));
    expect(await failureCode(transport.track(TRACKING_NO))).toBe('server_error');
  });

  it.each([
    [500, 'server_error'],
    [429, 'server_error'],
  ])('maps a %i to %s', async (status, code) => {
    const transport = await transportFor((_req, res) => json(res, status, {}));
    expect(await failureCode(transport.track(TRACKING_NO))).toBe(code);
  });

  it('maps a slow server to timeout', async () => {
    const transport = await transportFor(() => undefined, 200);
    expect(await failureCode(transport.track(TRACKING_NO))).toBe('timeout');
  });
});

describe('server transport: one deadline for the whole exchange', () => {
  const TIMEOUT_MS = 300;
  /** Generous for a loaded CI machine, far below "hangs". */
  const MARGIN_MS = 700;

  async function elapsed(promise: Promise<unknown>): Promise<{ code: string; ms: number }> {
    const started = performance.now();
    const code = await failureCode(promise);
    return { code, ms: performance.now() - started };
  }

  /** Sends a 200's headers and the start of the body, then nothing more (the connection stays open). */
  const stallsMidBody: FakeHandler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
    res.write('{"changes":[');
  };

  it.each([
    ['status changes', (t: ServerTransport) => t.statusChanges(0, 10)],
    ['tracking look-up', (t: ServerTransport) => t.track(TRACKING_NO)],
    ['content changes', (t: ServerTransport) => t.contentChanges(0, 10)],
    ['submission push', (t: ServerTransport) => t.pushSubmissions({ items: [submission()] })],
  ])('%s: a body that stalls after the headers times out within timeoutMs', async (_what, call) => {
    const transport = await transportFor(stallsMidBody, TIMEOUT_MS);
    const { code, ms } = await elapsed(call(transport));
    expect(code).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('health: a body that stalls after the headers is a timeout, not a hang', async () => {
    const transport = await transportFor(stallsMidBody, TIMEOUT_MS);
    const started = performance.now();
    expect(await transport.health()).toMatchObject({ online: false, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('a black-holed connection (accepted, never answered) times out within timeoutMs', async () => {
    const sockets: Socket[] = [];
    const hole = createNetServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          hole.close(() => resolve());
        }),
    );
    const { port } = hole.address() as AddressInfo;
    const transport = createServerTransport({
      url: `http://127.0.0.1:${port}`,
      credential: CREDENTIAL,
      timeoutMs: TIMEOUT_MS,
    });
    const { code, ms } = await elapsed(transport.statusChanges(0, 10));
    expect(code).toBe('timeout');
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('holds even for a fetch that ignores the abort signal', async () => {
    const neverSettles = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    const transport = createServerTransport({
      url: 'http://127.0.0.1:9',
      credential: CREDENTIAL,
      timeoutMs: TIMEOUT_MS,
      fetchImpl: neverSettles,
    });
    const { code, ms } = await elapsed(transport.track(TRACKING_NO));
    expect(code).toBe('timeout');
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });

  it('holds for a body stream that ignores the abort signal', async () => {
    const stalledBody = (async () =>
      new Response(new ReadableStream({ pull: () => new Promise<void>(() => undefined) }), {
        status: 200,
      })) as typeof fetch;
    const transport = createServerTransport({
      url: 'http://127.0.0.1:9',
      credential: CREDENTIAL,
      timeoutMs: TIMEOUT_MS,
      fetchImpl: stalledBody,
    });
    const { code, ms } = await elapsed(transport.statusChanges(0, 10));
    expect(code).toBe('timeout');
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  });
});
