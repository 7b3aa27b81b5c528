import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthResponseSchema, SERVER_ID_HEADER, SERVER_NAME } from '../../../src-shared/protocol.js';
import { createTestServer, type TestServer } from './helpers.js';

describe('GET /api/v1/health', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ seed: false });
  });
  afterEach(async () => {
    await server.close();
  });

  it('names the server, needs no credential and probes the database', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers[SERVER_ID_HEADER]).toBe(SERVER_NAME);
    const body = healthResponseSchema.parse(res.json());
    expect(body).toMatchObject({ service: SERVER_NAME, status: 'ok', database: 'ok' });
  });

  it('reports a broken database as degraded with 503', async () => {
    await server.db.destroy();
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(503);
    expect(healthResponseSchema.parse(res.json())).toMatchObject({ status: 'degraded', database: 'error' });
  });

  it('answers unknown routes with a JSON 404 that still names the server', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers[SERVER_ID_HEADER]).toBe(SERVER_NAME);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/v1/nothing-here' } });
  });
});
