// A seeded fuzz of every route the server has (kiosk, public, console, operations), over real
// HTTP from a pool of connections, plus a handful of requests no client library would send,
// written to raw sockets. Whatever the server is sent, it answers in a 4xx (or a 2xx when the
// request happened to be good), in its JSON shape, never a 5xx, and never hangs. The figures are
// printed at the end: requests, statuses per route group, 5xx (zero), answers that were not JSON.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badRequestGenerator, type BadRequest } from '../unit/server/bad-requests.js';
import { DEMO_KIOSK_CODE, makeSubmission } from '../unit/server/helpers.js';
import { addTestOperator, CONSOLE_HOST, CONSOLE_ORIGIN, signInAs } from '../unit/server/console-helpers.js';
import { createTestServer, DEMO_CREDENTIAL, type TestServer } from '../unit/server/helpers.js';
import { seedFromEnv } from './support/submissions.js';
import {
  answersNonJson,
  malformedRequests,
  routeFuzzer,
  type FuzzRequest,
  type FuzzRoute,
} from './support/route-fuzz.js';
import { workLimitMs } from './support/work-budget.js';

const SEED = seedFromEnv(20261203);
const REQUESTS = Number(process.env.ROUTE_FUZZ_REQUESTS ?? 12_000);
const CONNECTIONS = 8;
const METRICS_TOKEN = 'fuzz-metrics-token-0123456789abcdef';
/** About 10 ms a request was measured on the 2-core machine under load (big and deep bodies included). */
const TEST_LIMIT_MS = workLimitMs({ units: REQUESTS, measuredMsPerUnit: 10, fixedMs: 60_000 });

type Group = 'kiosk' | 'public' | 'console' | 'operations';
function groupOf(route: FuzzRoute): Group {
  if (route.path.startsWith('/console')) return 'console';
  if (route.path === '/metrics' || route.path === '/livez' || route.path === '/readyz') return 'operations';
  if (route.path.startsWith('/api/v1/track') || route.path === '/api/v1/health') return 'public';
  if (route.path.startsWith('/api/v1/')) return 'kiosk';
  return 'public';
}

interface Tally {
  requests: number;
  fiveXx: Array<{ method: string; url: string; status: number; body: string }>;
  /** Kiosk requests (the families of tests/unit/server/bad-requests.ts) answered with a status their family may not get. */
  unexpected: Array<{ family: string; url: string; status: number; body: string }>;
  notJson: Array<{ method: string; url: string; status: number; type: string }>;
  byGroup: Record<string, Record<number, number>>;
  byRoute: Map<string, number>;
  slowestMs: number;
}

describe('every route, fuzzed over HTTP', () => {
  let server: TestServer;
  let origin: string;
  let port: number;
  let routes: FuzzRoute[];
  const tally: Tally = {
    requests: 0,
    fiveXx: [],
    unexpected: [],
    notJson: [],
    byGroup: {},
    byRoute: new Map(),
    slowestMs: 0,
  };
  const raw: Array<{ sent: string; status: number | null; closed: boolean }> = [];
  let rssBeforeMb = 0;
  let rssAfterMb = 0;

  beforeAll(async () => {
    server = await createTestServer({
      metricsToken: METRICS_TOKEN,
      // One address sends everything: the limits on how often a caller may ask have tests of their own.
      publicLimits: { trackPerClient: 10_000_000, trackPerRange: 10_000_000, healthPerClient: 10_000_000 },
    });
    await addTestOperator(server.db, { login: 'admin', role: 'admin' });
    await addTestOperator(server.db, { login: 'other', role: 'publisher' });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    port = (server.app.server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
    const doc = (await server.app.inject({ url: '/api/docs/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path })));
  }, 60_000);

  afterAll(async () => {
    const groups = Object.entries(tally.byGroup)
      .map(
        ([g, s]) =>
          `${g}: ${Object.entries(s)
            .map(([status, n]) => `${status}×${n}`)
            .join(' ')}`,
      )
      .join('\n  ');
    console.log(
      [
        `ROUTE FUZZ seed=${SEED} routes=${routes?.length ?? 0} requests=${tally.requests} raw_socket=${raw.length}`,
        `  5xx=${tally.fiveXx.length} unexpected=${tally.unexpected.length} not_json=${tally.notJson.length} slowest_ms=${tally.slowestMs.toFixed(0)}`,
        `  rss_before_mb=${rssBeforeMb.toFixed(0)} rss_after_mb=${rssAfterMb.toFixed(0)}`,
        `  ${groups}`,
        `  raw: ${raw.map((r) => r.status ?? 'closed').join(' ')}`,
      ].join('\n'),
    );
    await server?.close();
  });

  it(
    `${REQUESTS} generated requests: never a 5xx, always JSON, no hang (seed ${SEED})`,
    { timeout: TEST_LIMIT_MS },
    async () => {
      let session = await signInAs(server.app, 'admin');
      const consoleCreds = () => ({
        cookie: session.cookie,
        csrfToken: session.csrfToken,
        origin: CONSOLE_ORIGIN,
        host: CONSOLE_HOST,
      });
      let creds = {
        kiosk: DEMO_CREDENTIAL,
        metrics: METRICS_TOKEN,
        console: consoleCreds(),
        kioskCode: DEMO_KIOSK_CODE,
      };
      const next = routeFuzzer(SEED, routes, {
        get kiosk() {
          return creds.kiosk;
        },
        get metrics() {
          return creds.metrics;
        },
        get console() {
          return creds.console;
        },
        get kioskCode() {
          return creds.kioskCode;
        },
      });
      // One request in three comes from the kiosk families (valid batches, truncated, wrong types,
      // huge, deep, bad seals, bad credentials…), which know which statuses each may get.
      const kioskNext = badRequestGenerator(SEED, {
        valid: await Promise.all([1, 2, 3, 4].map((n) => makeSubmission(n))),
      });
      let turn = 0;
      const nextRequest = (): FuzzRequest & { expect?: readonly number[]; family?: string } => {
        if (turn++ % 3 !== 0) return next();
        const k: BadRequest = kioskNext();
        const path = k.url.split('?')[0]!;
        const route = {
          method: k.method,
          path: path.startsWith('/api/v1/track/') ? '/api/v1/track/{trackingNo}' : path,
        };
        return {
          route,
          method: k.method,
          url: k.url,
          headers: k.headers,
          body: k.payload,
          expect: k.expect,
          family: k.family,
        };
      };
      const pool = new Pool(origin, { connections: CONNECTIONS, headersTimeout: 60_000, bodyTimeout: 60_000 });
      rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
      let sent = 0;
      const worker = async () => {
        while (sent < REQUESTS) {
          sent++;
          const req = nextRequest();
          const started = performance.now();
          let status: number;
          let type: string;
          let body: string;
          try {
            const res = await pool.request({
              path: req.url,
              method: req.method as 'GET',
              headers: req.headers,
              body: req.body,
            });
            status = res.statusCode;
            type = String(res.headers['content-type'] ?? '');
            body = await res.body.text();
          } catch (error) {
            // The server may close a connection it refused (a 413 before the body, a parser error):
            // undici then reports the socket, not a status. Anything else is a failure.
            const code = (error as { code?: string }).code ?? '';
            if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET' && code !== 'EPIPE') throw error;
            status = 0;
            type = 'closed';
            body = '';
          }
          tally.slowestMs = Math.max(tally.slowestMs, performance.now() - started);
          tally.requests++;
          const group = (tally.byGroup[groupOf(req.route)] ??= {});
          group[status] = (group[status] ?? 0) + 1;
          const key = `${req.route.method.toUpperCase()} ${req.route.path}`;
          tally.byRoute.set(key, (tally.byRoute.get(key) ?? 0) + 1);
          if (status >= 500 && tally.fiveXx.length < 20) {
            tally.fiveXx.push({ method: req.method, url: req.url.slice(0, 160), status, body: body.slice(0, 300) });
          }
          if (req.expect && status !== 0 && !req.expect.includes(status) && tally.unexpected.length < 20) {
            tally.unexpected.push({
              family: req.family ?? '',
              url: req.url.slice(0, 160),
              status,
              body: body.slice(0, 300),
            });
          }
          const isJson = type.startsWith('application/json');
          if (
            status !== 0 &&
            !isJson &&
            !answersNonJson(req.route, status) &&
            req.method !== 'OPTIONS' &&
            tally.notJson.length < 20
          ) {
            tally.notJson.push({ method: req.method, url: req.url.slice(0, 160), status, type });
          }
          // The fuzz may sign its own session out (DELETE /session with a good token): sign in again.
          if (req.route.path.startsWith('/console/api/session') && req.method === 'DELETE' && status < 300) {
            session = await signInAs(server.app, 'admin');
            creds = { ...creds, console: consoleCreds() };
          }
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      await pool.close();

      for (const text of malformedRequests(DEMO_CREDENTIAL))
        raw.push({ sent: text.slice(0, 60), ...(await sendRaw(port, text)) });
      rssAfterMb = process.memoryUsage().rss / 2 ** 20;

      expect(tally.fiveXx).toEqual([]);
      expect(tally.notJson).toEqual([]);
      expect(tally.unexpected).toEqual([]);
      // Every route was reached, and each group saw both refusals and answers.
      // (Two requests in three go round the routes in turn: each gets at least half its share.)
      const share = Math.floor((REQUESTS * 2) / 3 / routes.length / 2);
      for (const r of routes)
        expect(tally.byRoute.get(`${r.method.toUpperCase()} ${r.path}`) ?? 0).toBeGreaterThan(share);
      for (const [g, statuses] of Object.entries(tally.byGroup)) {
        const codes = Object.keys(statuses).map(Number);
        expect(
          codes.some((c) => c >= 200 && c < 300),
          `${g} had an answer`,
        ).toBe(true);
        expect(
          codes.some((c) => c >= 400 && c < 500),
          `${g} had a refusal`,
        ).toBe(true);
      }
      // The raw requests: each refused with a 4xx (or the socket closed without an answer), none hangs.
      for (const r of raw) {
        expect(r.closed, `the server closed the socket after: ${r.sent}`).toBe(true);
        if (r.status !== null) expect(r.status, r.sent).toBeLessThan(500);
      }
      // The server still works after all of it.
      const health = await server.app.inject({ url: '/api/v1/health' });
      expect(health.statusCode).toBe(200);
    },
  );
});

/** Writes `text` to a fresh socket; the status of the first answer, and whether the server closed it. */
function sendRaw(port: number, text: string): Promise<{ status: number | null; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ status: statusOf(received), closed: false });
    }, 15_000);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: statusOf(received), closed: true });
    });
    // Half-close after writing: a server waiting for more of a request sees the end of it.
    socket.end(text);
  });
}

function statusOf(received: string): number | null {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
  return m ? Number(m[1]) : null;
}
