/**
 * What the kiosk UI's service worker keeps (browser mode only): the files of one build of
 * dist/renderer, each with the SHA-256 of its bytes, and the build's version (the SHA-256 of that
 * list). The build writes the list into sw.js (vite.sw.config.ts), so a new build is a new worker.
 * Pure functions, shared by the worker, the build and the tests; nothing here may import the app
 * (the worker is bundled on its own).
 */
export interface PrecacheEntry {
  /** Path from the site root, e.g. `/assets/index-3f2a.js`; the page itself is `/index.html`. */
  url: string;
  /** Hex SHA-256 of the file as built. */
  revision: string;
}

export interface PrecacheManifest {
  version: string;
  files: PrecacheEntry[];
}

/** The page: served for every navigation that names no file of the build (the app's own routes). */
export const PRECACHE_INDEX = '/index.html';

/** The host's bridge calls (src-shared/bridge-transport.ts BRIDGE_HTTP_PREFIX): never cached. */
export const BRIDGE_PREFIX = '/bridge/';

/** The tags the host puts into the page when it serves it (session token, kiosk facts). */
const HOST_META = /\n {4}<meta name="tsonkh-[a-z-]+" content="[^"]*">/g;

/** The page as built: without what the host adds when serving it (see injectPageMeta). */
export function stripHostMeta(html: string): string {
  return html.replace(HOST_META, '');
}

/**
 * The kept page of this worker's build, with the host's tags of the moment when the host answered
 * (a fresh token and kiosk facts), else with those it had when it was kept. The build's own markup
 * and scripts are always the kept ones: a new build only arrives with its own worker.
 */
export function withHostMeta(kept: string, fromHost: string | null): string {
  if (fromHost === null) return kept;
  const tags = fromHost.match(HOST_META);
  if (!tags) return kept;
  const bare = stripHostMeta(kept);
  const head = /<head(\s[^>]*)?>/i.exec(bare);
  if (!head) return kept;
  const at = head.index + head[0].length;
  return `${bare.slice(0, at)}${tags.join('')}${bare.slice(at)}`;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The build's version: the hash of its file list, so any changed file makes a new version. */
export async function manifestFor(files: PrecacheEntry[]): Promise<PrecacheManifest> {
  const sorted = [...files].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const text = sorted.map((f) => `${f.url} ${f.revision}`).join('\n');
  return { version: (await sha256Hex(new TextEncoder().encode(text))).slice(0, 16), files: sorted };
}

/** Messages the page sends its worker (the skip message is workbox-window's `messageSkipWaiting`). */
export type WorkerMessage = { type: 'SKIP_WAITING' } | { type: 'GET_VERSION' };
