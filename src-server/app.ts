import { createPublicKey } from 'node:crypto';
import zlib from 'node:zlib';
import type { Socket } from 'node:net';
import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { API_PREFIX, SERVER_ID_HEADER, SERVER_NAME } from '../src-shared/protocol.js';
import { DEFAULT_CONSOLE_APP_DIR, type FaultOptions } from './config.js';
import { kioskContactHook } from './kiosks/kiosk-contact.js';
import { registerConsoleApi, type ConsoleApiOptions } from './console/console-api.js';
import type { Database } from './db/database.js';
import { registerConsoleApp } from './http/console-app.js';
import {
  installErrorReplies,
  SECURITY_HEADERS,
  sendClientError,
  sendError,
  sendFrameworkError,
  StorageState,
} from './http/error-replies.js';
import { kioskAuthHook } from './http/kiosk-auth.js';
import type { Logger } from './logger.js';
import { DYNAMIC_BROTLI_QUALITY, type SignedPageCache } from './content/page-cache.js';
import type { ContentSigningKey } from './content/signing.js';
import { COMPRESS_THRESHOLD_BYTES, registerContentChangesRoute } from './routes/content-changes.js';
import { registerHealthRoute } from './routes/health.js';
import { registerHealthReportsRoute } from './routes/health-reports.js';
import { registerStatusChangesRoute } from './routes/status-changes.js';
import { registerSubmissionsBatchRoute } from './routes/submissions-batch.js';
import { registerTrackRoute } from './routes/track.js';
import { registerKioskEnrolmentRoutes } from './routes/kiosk-enrolment.js';
import { PUBLIC_LIMITS, publicLimitHooks, type PublicLimits } from './http/public-limits.js';
import type { SubmissionKey } from './submissions/submission-key.js';
import { ServerLifecycle } from './ops/lifecycle.js';
import { ServerMetrics } from './ops/metrics.js';
import { registerPoolMetrics, SQLITE_POOL, type PoolLike } from './ops/pool-metrics.js';
import { REQUEST_ID_HEADER, requestIdFor } from './ops/request-id.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerProbeRoutes } from './routes/probes.js';
import { registerApiDocsRoutes } from './routes/api-docs.js';
import { registerOpen311Routes } from './routes/open311.js';
import { registerOpenDataChangesRoute } from './routes/open-data-changes.js';
import { registerReleaseRoutes } from './routes/releases.js';
import type { EnvelopeOpener } from './submissions/envelope-opener.js';
import type { RegisteredRoute } from './http/api-docs.js';
import type { DiskGuard } from './ops/disk-guard.js';

/** 100 items of a few kilobytes each fit with room to spare; anything larger is not a kiosk. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export interface BuildServerOptions {
  /** A migrated database (see `migrateToLatest`). The caller owns it and closes it after the server. */
  db: Database;
  logger: Logger;
  /** Signs every content page (see `loadServerContentKey`). */
  contentKey: ContentSigningKey;
  /** Opens the personal data kiosks seal into each submission (see `loadServerSubmissionKey`). */
  submissionKey: SubmissionKey;
  /** The server's clock (receipt times, the comment-window judge); tests pin it. */
  now?: () => Date;
  /** Test-only fault injection (TSONKH_FAULT_*); never set in production. */
  faults?: FaultOptions;
  /** The operator console's API (`/console/api`): session lifetimes, password cost. */
  console?: Omit<ConsoleApiOptions, 'db' | 'now'>;
  /** The built console web app served under `/console/` (TSONKH_CONSOLE_DIR; `dist/console` by default). */
  consoleAppDir?: string;
  /**
   * Fastify's `trustProxy` (TSONKH_TRUST_PROXY): whose X-Forwarded-For/-Proto to believe, so the
   * client address (sign-in throttling, audit) and HTTPS (the Secure cookie) are the real ones.
   */
  trustProxy?: boolean | string;
  /** Opens the sealed envelopes of pushes (worker threads, TSONKH_OPEN_THREADS); default: the request's thread. */
  envelopeOpener?: EnvelopeOpener;
  /** Signed, compressed content pages; one per server by default. */
  pageCache?: SignedPageCache;
  bodyLimit?: number;
  /**
   * How long a whole request may take to arrive (Node's `requestTimeout`), and how long a
   * connection may sit silent. A body sent a byte every few seconds is cut off with a 408.
   */
  timeouts?: { requestMs: number; idleMs: number };
  /** How often callers without a credential may look up receipts and check health. */
  publicLimits?: PublicLimits;
  /** Readiness: `main.ts` starts draining on SIGTERM; by default one of the app's own. */
  lifecycle?: ServerLifecycle;
  /** The bearer token of `GET /metrics` (TSONKH_METRICS_TOKEN); without one the route does not exist. */
  metricsToken?: string | null;
  /** The app's metrics; by default a fresh registry without Node's process metrics. */
  metrics?: ServerMetrics;
  /** The database pool reported in the metrics; the embedded SQLite connection by default. */
  dbPool?: PoolLike;
  /** Watches the data disk: pushes are refused with 507 while it is nearly full (`ops/disk-guard.ts`). */
  diskGuard?: DiskGuard;
  /** The release blob store (`<dataDir>/releases/blobs`); without one no release file is served. */
  releaseBlobDir?: string | null;
}

/**
 * A kiosk on a thin link sends a batch (tens of kilobytes) in seconds; a minute is generous, and
 * bounds how long a caller trickling a body can hold a connection.
 */
export const REQUEST_TIMEOUTS = { requestMs: 60_000, idleMs: 30_000 };
/** Refusals after which the connection is closed: whatever is still coming is not wanted. */
const CLOSE_AFTER = new Set([400, 401, 403, 408, 413, 415, 429]);

function cutOffSlowBody(request: FastifyRequest, reply: FastifyReply): void {
  if (request.raw.complete || request.raw.destroyed) return;
  const socket = request.raw.socket as Socket | null;
  // The caller may already be gone (its socket detached or destroyed): nothing left to answer.
  // (An injected request — `app.inject`, in tests and tools — has a stand-in socket without `destroy`.)
  if (!socket || socket.destroyed || typeof socket.destroy !== 'function') return;
  request.log.info('request body too slow: cut off');
  if (reply.raw.headersSent || reply.raw.writableEnded) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { code: 'request_timeout', message: 'The request took too long to arrive; send it again' },
  });
  try {
    reply.raw.writeHead(408, {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    reply.raw.end(body, () => socket.destroy());
  } catch (error) {
    // A timer must never throw: that would be an uncaught exception in the whole server.
    request.log.warn({ err: error }, 'slow body: the 408 could not be written');
    socket.destroy();
  }
}

/**
 * The central server's HTTP API, without listening: tests drive it with `app.inject`, and
 * `main.ts` adds the port and the signals. Every response names the server in a header so
 * a kiosk can tell it from a captive portal.
 */
export function buildServer({
  db,
  logger,
  contentKey,
  submissionKey,
  now,
  faults,
  pageCache,
  console: consoleOptions = {},
  consoleAppDir = DEFAULT_CONSOLE_APP_DIR,
  trustProxy = false,
  bodyLimit = BODY_LIMIT_BYTES,
  timeouts = REQUEST_TIMEOUTS,
  publicLimits = PUBLIC_LIMITS,
  lifecycle = new ServerLifecycle(),
  metricsToken = null,
  metrics = new ServerMetrics(),
  dbPool = SQLITE_POOL,
  diskGuard,
  envelopeOpener,
  releaseBlobDir = null,
}: BuildServerOptions): FastifyInstance {
  // Typed as Fastify's base logger so the instance type stays the plain, widely accepted one.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    return503OnClosing: true,
    // Our own check of an incoming x-request-id (Fastify's requestIdHeader would take any text).
    requestIdHeader: false,
    genReqId: requestIdFor,
    // The router's refusals skip every hook, so they get the server's headers and a count here.
    frameworkErrors: (error, request, reply) => {
      reply.headers(SECURITY_HEADERS).header(SERVER_ID_HEADER, SERVER_NAME).header(REQUEST_ID_HEADER, request.id);
      const status = sendFrameworkError(error, request, reply);
      metrics.observeRequest(request.method, undefined, status, reply.elapsedTime / 1000);
    },
    clientErrorHandler: sendClientError,
    trustProxy,
  });
  app.decorateRequest('kiosk', null);
  app.decorateRequest('pushRecorded', false);
  app.decorateRequest('contentCursor', null);
  registerPoolMetrics(metrics.registry, dbPool);
  // Every route, as registered: the OpenAPI document at /api/docs describes exactly these.
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      routes.push({ method, url: route.url });
    }
  });
  // However the app is closed, readiness says so first.
  app.addHook('preClose', async () => lifecycle.beginDrain());
  // The API speaks JSON only: any other body type is a 415, not a string for zod to puzzle over.
  app.removeContentTypeParser('text/plain');
  const storage = new StorageState();
  installErrorReplies(app, storage);
  // A write that went through means there is room again.
  app.addHook('onResponse', async (request, reply) => {
    if (storage.full && request.method === 'POST' && reply.statusCode < 300) storage.full = false;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS).header(SERVER_ID_HEADER, SERVER_NAME).header(REQUEST_ID_HEADER, request.id);
  });
  // No address holds a NUL character (%00): PostgreSQL refuses it in any text, so a route that
  // passed it to a query would answer 500 instead of saying what was wrong (the route fuzz found one).
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.includes('%00') || request.url.includes('\0')) {
      return sendError(reply, 400, 'invalid_request', 'The address holds a NUL character');
    }
  });
  // A body still arriving when the request's time is up is cut off: 408, and the connection closed.
  // (Node's own requestTimeout only looks every 30 s, and not at a body the app is reading.)
  app.addHook('onRequest', async (request, reply) => {
    // Already answered by an earlier hook (a refused credential), or nothing left to arrive.
    if (request.raw.complete || reply.sent) return;
    const timer = setTimeout(() => cutOffSlowBody(request, reply), timeouts.requestMs);
    timer.unref();
    request.raw.once('end', () => clearTimeout(timer));
    request.raw.once('close', () => clearTimeout(timer));
    // Answered before its body was read (a refused credential, a wrong content type): nothing is
    // left to cut off, and a pending timer would keep the request and its reply in memory until it
    // fires (the bad-input bench saw 600 MB held so for 100,000 requests).
    reply.raw.once('finish', () => clearTimeout(timer));
  });
  // A refused caller's connection is closed after the answer, not kept to drain what it still sends.
  app.addHook('onSend', async (_request, reply) => {
    if (CLOSE_AFTER.has(reply.statusCode)) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });

  // Brotli when the client takes it, else gzip; content pages compress (and cache) themselves.
  void app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD_BYTES,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY } },
  });

  registerProbeRoutes(app, db, lifecycle);
  if (metricsToken !== null) registerMetricsRoute(app, metrics, metricsToken);

  // Kiosk tokens and challenges are signed with the server's Ed25519 key (`kiosks/kiosk-tokens.ts`).
  const tokenKeys = { privateKey: contentKey.privateKey, publicKey: createPublicKey(contentKey.privateKey) };
  const clock = now ?? (() => new Date());
  void app.register(
    async (api) => {
      const limited = await publicLimitHooks(api, publicLimits);
      registerKioskEnrolmentRoutes(api, {
        db,
        keys: tokenKeys,
        serverKeys: { contentPublicKey: contentKey.publicKey, submissionPublicKey: submissionKey.publicKey },
        now: clock,
        limit: limited.enrol,
      });
      registerHealthRoute(api, db, limited.health, storage);
      registerTrackRoute(api, db, limited.track);
      await api.register(async (kioskApi) => {
        kioskApi.addHook('onRequest', kioskAuthHook(db, tokenKeys, clock));
        kioskApi.addHook('onSend', kioskContactHook(db, now ?? (() => new Date())));
        registerContentChangesRoute(kioskApi, { db, key: contentKey, cache: pageCache, metrics });
        registerSubmissionsBatchRoute(kioskApi, {
          db,
          submissionKey: submissionKey.privateKey,
          now,
          faults,
          metrics,
          opener: envelopeOpener,
          diskGuard,
        });
        registerStatusChangesRoute(kioskApi, db);
        registerHealthReportsRoute(kioskApi, { db, key: contentKey, now });
        registerOpenDataChangesRoute(kioskApi, { db, key: contentKey });
        registerReleaseRoutes(kioskApi, { db, blobDir: releaseBlobDir });
      });
    },
    { prefix: API_PREFIX },
  );
  void app.register((consoleApp) =>
    registerConsoleApi(consoleApp, {
      submissionKey: submissionKey.privateKey,
      ...consoleOptions,
      db,
      now,
    }),
  );
  // In a plugin, so it is registered after compression and its files are compressed too.
  void app.register(async (appFiles) => registerConsoleApp(appFiles, { dir: consoleAppDir }));
  registerOpen311Routes(app, { db, now: now ?? (() => new Date()) });
  registerApiDocsRoutes(app, routes);
  return app;
}
