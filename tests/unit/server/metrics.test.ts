import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { ServerMetrics } from '../../../src-server/ops/metrics.js';
import { registerPoolMetrics, type PoolLike } from '../../../src-server/ops/pool-metrics.js';
import {
  authHeaders,
  createTestServer,
  makeFeedback,
  makePetition,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const scrape = (server: TestServer, token: string | null = TOKEN) =>
  server.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });

/** The value of one sample of a metric, by its exact labels. */
async function sample(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      Object.keys(labels).length === Object.keys(v.labels).length &&
      Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want),
  );
  return found?.value ?? 0;
}

describe('GET /metrics', () => {
  const servers: TestServer[] = [];
  const start = async (options: Parameters<typeof createTestServer>[0] = {}) => {
    const server = await createTestServer(options);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('does not exist without TSONKH_METRICS_TOKEN', async () => {
    const server = await start({ seed: false });
    expect((await scrape(server)).statusCode).toBe(404);
    expect((await scrape(server, null)).statusCode).toBe(404);
  });

  it('refuses no token, a wrong token and a kiosk credential, and serves the right one', async () => {
    const server = await start({ metricsToken: TOKEN });
    for (const res of [
      await scrape(server, null),
      await scrape(server, `${TOKEN}x`),
      await server.app.inject({ method: 'GET', url: '/metrics', headers: authHeaders() }),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).not.toContain('tsonkh_http_requests_total');
    }
    const ok = await scrape(server);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.body).toContain('# TYPE tsonkh_http_requests_total counter');
    expect(ok.body).toContain('# TYPE tsonkh_http_request_duration_seconds histogram');
  });

  it('labels requests by route pattern and status, never by the raw URL', async () => {
    const metrics = new ServerMetrics();
    const server = await start({ metricsToken: TOKEN, metrics });
    await server.app.inject({ method: 'GET', url: `/api/v1/track/${makeTrackingNumber('0421', 777).text}` });
    await server.app.inject({ method: 'GET', url: '/api/v1/track/secret-looking-path' });
    await server.app.inject({ method: 'GET', url: '/no/such/place-xyz?q=1' });
    await server.app.inject({ method: 'GET', url: `/api/v1/track/${'9'.repeat(101)}` });
    await server.app.inject({ method: 'GET', url: '/api/v1/health' });

    const text = (await scrape(server)).body;
    expect(text).not.toContain('0421-000777');
    expect(text).not.toContain('secret-looking-path');
    expect(text).not.toContain('place-xyz');
    const track = { method: 'GET', route: '/api/v1/track/:trackingNo' };
    expect(await sample(metrics.registry, 'tsonkh_http_requests_total', { ...track, status_code: '404' })).toBe(1);
    expect(await sample(metrics.registry, 'tsonkh_http_requests_total', { ...track, status_code: '400' })).toBe(1);
    const unmatched = { method: 'GET', route: '(unmatched)', status_code: '404' };
    expect(await sample(metrics.registry, 'tsonkh_http_requests_total', unmatched)).toBe(1);
    // The router's own refusal (a path parameter too long) is counted too.
    const tooLong = { method: 'GET', route: '(unmatched)', status_code: '414' };
    expect(await sample(metrics.registry, 'tsonkh_http_requests_total', tooLong)).toBe(1);
    const health = { method: 'GET', route: '/api/v1/health', status_code: '200' };
    expect(await sample(metrics.registry, 'tsonkh_http_requests_total', health)).toBe(1);
    expect(text).toMatch(
      /tsonkh_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/health",status_class="2xx"\} 1/,
    );
  });

  it('counts submission items by kind and result as the batch answered them', async () => {
    const metrics = new ServerMetrics();
    const server = await start({ metricsToken: TOKEN, metrics });
    const petition = await makePetition(1);
    const unknownService = await makeFeedback(2, { serviceId: 'no-such-service' });
    const first = await postBatch(server.app, [petition, unknownService]);
    expect(results(first).map((r) => r.result)).toEqual(['accepted', 'rejected']);
    // A replay is accepted again but stores nothing; the same key with other bytes is a conflict.
    await postBatch(server.app, [petition]);
    await postBatch(server.app, [{ ...petition, createdAt: new Date(0).toISOString() }]);

    const items = (labels: Record<string, string>) => sample(metrics.registry, 'tsonkh_submission_items_total', labels);
    expect(await items({ kind: 'petition', result: 'accepted', code: '' })).toBe(2);
    expect(await items({ kind: 'petition', result: 'conflict', code: 'conflict' })).toBe(1);
    expect(await items({ kind: 'service_feedback', result: 'rejected', code: 'unknown_service' })).toBe(1);
    expect(await sample(metrics.registry, 'tsonkh_submissions_stored_total')).toBe(1);
  });

  it('counts content pages served and their bytes on the wire, by encoding', async () => {
    const metrics = new ServerMetrics();
    const server = await start({ metricsToken: TOKEN, metrics });
    const get = (encoding: string) =>
      server.app.inject({
        method: 'GET',
        url: '/api/v1/content/changes?limit=1000',
        headers: { ...authHeaders(), 'accept-encoding': encoding },
      });
    const br = await get('br');
    const plain = await get('identity');
    expect(br.headers['content-encoding']).toBe('br');
    expect(await sample(metrics.registry, 'tsonkh_content_pages_served_total', { encoding: 'br' })).toBe(1);
    expect(await sample(metrics.registry, 'tsonkh_content_page_bytes_total', { encoding: 'br' })).toBe(
      br.rawPayload.length,
    );
    expect(await sample(metrics.registry, 'tsonkh_content_page_bytes_total', { encoding: 'identity' })).toBe(
      plain.rawPayload.length,
    );
  });

  it('reports the SQLite connection as a pool of one', async () => {
    const server = await start({ seed: false, metricsToken: TOKEN });
    const text = (await scrape(server)).body;
    expect(text).toContain('tsonkh_db_pool_connections{state="total"} 1');
    expect(text).toContain('tsonkh_db_pool_connections{state="in_use"} 0');
    expect(text).toContain('tsonkh_db_pool_waiting 0');
  });

  it('keeps the counts of each app apart', async () => {
    const a = await start({ seed: false, metricsToken: TOKEN });
    const b = await start({ seed: false, metricsToken: TOKEN });
    await a.app.inject({ method: 'GET', url: '/livez' });
    await a.app.inject({ method: 'GET', url: '/livez' });
    const livez = /tsonkh_http_requests_total\{method="GET",route="\/livez",status_code="200"\} (\d+)/;
    expect(livez.exec((await scrape(a)).body)?.[1]).toBe('2');
    expect(livez.exec((await scrape(b)).body)).toBeNull();
  });
});

describe('registerPoolMetrics', () => {
  it('reads a pg.Pool-like object at every scrape', async () => {
    const registry = new Registry();
    const pool: { -readonly [K in keyof PoolLike]: number } = { totalCount: 10, idleCount: 7, waitingCount: 0 };
    registerPoolMetrics(registry, pool);
    const first = await registry.metrics();
    expect(first).toContain('tsonkh_db_pool_connections{state="in_use"} 3');
    Object.assign(pool, { idleCount: 0, waitingCount: 4 });
    const second = await registry.metrics();
    expect(second).toContain('tsonkh_db_pool_connections{state="idle"} 0');
    expect(second).toContain('tsonkh_db_pool_connections{state="in_use"} 10');
    expect(second).toContain('tsonkh_db_pool_waiting 4');
  });
});
