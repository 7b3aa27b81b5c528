/**
 * The kiosk UI's service worker (browser mode; Electron's app:// needs none). It keeps the build
 * it was made with, file by file, checked against the build's hashes, and serves it from there:
 * a host whose files are being replaced (404, 500 or half-copied) still starts the kiosk with its
 * UI. A new build brings a new worker, which fetches and checks its files in the background and
 * then waits: the page lets it take over only at the attract screen (ui-updates.ts), never during
 * a visit. Bundled on its own (vite.sw.config.ts), written by hand rather than with workbox-build:
 * what it does is small, and the check of every file against the build's hash is ours.
 */
import { PRECACHE_INDEX, BRIDGE_PREFIX, sha256Hex, stripHostMeta, withHostMeta } from './precache.js';
import type { PrecacheManifest, WorkerMessage } from './precache.js';

/** Replaced by the build with this build's manifest (vite.sw.config.ts). */
const MANIFEST = JSON.parse('__TSONKH_PRECACHE_MANIFEST__') as PrecacheManifest;
const CACHE_PREFIX = 'tsonkh-ui-';
const CACHE = `${CACHE_PREFIX}${MANIFEST.version}`;
const KNOWN = new Set(MANIFEST.files.map((f) => f.url));

// The worker's own types (lib "webworker" cannot sit beside the DOM in one project).
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(answer: Promise<Response>): void;
}
interface WorkerMessageEvent extends ExtendableEvent {
  readonly data: WorkerMessage | undefined;
  readonly ports: readonly MessagePort[];
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

/** Every file of the build, each checked against its hash; any miss fails the install (tried again later). */
async function keepBuild(): Promise<void> {
  const cache = await caches.open(CACHE);
  await Promise.all(
    MANIFEST.files.map(async ({ url, revision }) => {
      const response = await fetch(url, { cache: 'no-store' });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      const bytes = await response.arrayBuffer();
      const asBuilt =
        url === PRECACHE_INDEX ? new TextEncoder().encode(stripHostMeta(new TextDecoder().decode(bytes))) : bytes;
      if ((await sha256Hex(asBuilt)) !== revision) throw new Error(`${url}: not the file of build ${MANIFEST.version}`);
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      await cache.put(url, new Response(bytes, { status: 200, headers }));
    }),
  );
}

async function dropOtherBuilds(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
}

async function hostPage(request: Request): Promise<string | null> {
  try {
    const response = await fetch(request, { cache: 'no-store' });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

async function page(request: Request): Promise<Response> {
  const kept = await (await caches.open(CACHE)).match(PRECACHE_INDEX);
  if (!kept) return fetch(request);
  const headers = new Headers(kept.headers);
  headers.delete('content-length');
  return new Response(withHostMeta(await kept.text(), await hostPage(request)), { status: 200, headers });
}

async function file(request: Request, path: string): Promise<Response> {
  return (await (await caches.open(CACHE)).match(path)) ?? fetch(request);
}

worker.addEventListener('install', (event) => event.waitUntil(keepBuild()));
worker.addEventListener('activate', (event) => event.waitUntil(dropOtherBuilds().then(() => worker.clients.claim())));
worker.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') event.waitUntil(worker.skipWaiting());
  else if (event.data?.type === 'GET_VERSION') event.ports[0]?.postMessage(MANIFEST.version);
});
worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || url.pathname.startsWith(BRIDGE_PREFIX)) return;
  if (KNOWN.has(url.pathname) && url.pathname !== PRECACHE_INDEX) event.respondWith(file(request, url.pathname));
  else if (request.mode === 'navigate') event.respondWith(page(request));
});
