import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVER_ID_HEADER, SERVER_NAME } from '../../../src-shared/protocol.js';
import { ServerLifecycle } from '../../../src-server/ops/lifecycle.js';
import { createTestServer, type TestServer } from './helpers.js';

describe('GET /livez and /readyz', () => {
  let server: TestServer;
  let lifecycle: ServerLifecycle;
  beforeEach(async () => {
    lifecycle = new ServerLifecycle();
    server = await createTestServer({ seed: false, lifecycle });
  });
  afterEach(async () => {
    await server.close();
  });

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('answers both with 200 when the database answers, without a credential, never cached', async () => {
    for (const url of ['/livez', '/readyz']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers[SERVER_ID_HEADER]).toBe(SERVER_NAME);
    }
  });

  it('is not ready while draining, yet still alive; the kiosk health check is unchanged', async () => {
    lifecycle.beginDrain();
    const ready = await get('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'draining' });
    expect((await get('/livez')).statusCode).toBe(200);
    expect((await get('/api/v1/health')).statusCode).toBe(200);
  });

  it('is not ready when the database does not answer, and liveness does not ask it', async () => {
    await server.db.destroy();
    const ready = await get('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'database_unavailable' });
    expect((await get('/livez')).statusCode).toBe(200);
  });

  it('starts draining whenever the app is closed, not only on a signal', async () => {
    expect(lifecycle.draining).toBe(false);
    await server.app.close();
    expect(lifecycle.draining).toBe(true);
  });
});
