import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSaneRequestId, REQUEST_ID_HEADER } from '../../../src-server/ops/request-id.js';
import { authHeaders, capturingLogger, createTestServer, makePetition, type TestServer } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let server: TestServer;
  let lines: Array<Record<string, unknown>>;
  beforeEach(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    server = await createTestServer({ logger: captured.logger });
  });
  afterEach(async () => {
    await server.close();
  });

  it('keeps a sane incoming x-request-id, echoes it, and puts it on every log line of the request', async () => {
    const id = 'kiosk-0421.sync:7f3a';
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/submissions/batch',
      headers: { ...authHeaders(), [REQUEST_ID_HEADER]: id },
      payload: { items: [await makePetition(1)] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers[REQUEST_ID_HEADER]).toBe(id);
    const mine = lines.filter((l) => l.reqId === id);
    // Fastify's "incoming request" and "request completed", and the route's own line.
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'submission batch', 'request completed']);
    // No line of this request went out without the id.
    const unlabelled = lines.filter((l) => l.reqId === undefined && (l.req ?? l.res ?? l.kiosk) !== undefined);
    expect(unlabelled).toEqual([]);
  });

  it('makes a fresh id for each request that brings none, also for a refused one', async () => {
    const first = await server.app.inject({ method: 'GET', url: '/api/v1/status-changes' });
    const second = await server.app.inject({ method: 'GET', url: '/api/v1/status-changes' });
    expect(first.statusCode).toBe(401);
    const a = first.headers[REQUEST_ID_HEADER];
    const b = second.headers[REQUEST_ID_HEADER];
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
    expect(lines.filter((l) => l.reqId === a).map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it.each([
    ['too long', 'x'.repeat(65)],
    ['spaces', 'a b'],
    ['quotes and braces', '"},{"level":60'],
    ['non-ASCII', 'цонх-1'],
    ['empty', ''],
  ])('replaces an id with %s by a fresh one', async (_name, given) => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { [REQUEST_ID_HEADER]: given },
    });
    expect(res.headers[REQUEST_ID_HEADER]).toMatch(UUID);
    expect(lines.some((l) => l.reqId === given)).toBe(false);
  });

  it('judges ids by a short list of safe characters', () => {
    expect(isSaneRequestId('0b7c2a9e-1f0d-4e4b-9d1a-0f6e2b7c9a11')).toBe(true);
    expect(isSaneRequestId('x'.repeat(64))).toBe(true);
    expect(isSaneRequestId(['a', 'b'])).toBe(false);
    expect(isSaneRequestId(undefined)).toBe(false);
    expect(isSaneRequestId('a\nb')).toBe(false);
  });
});
