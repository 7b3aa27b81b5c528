import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_API_PREFIX } from '../../src-shared/console/console-api.js';
import { sendError } from './error-replies.js';

/** Where the console's web app lives: its own files, with `/console/api` beside them. */
export const CONSOLE_APP_PATH = '/console/';

/**
 * The console's Content-Security-Policy: only its own files run and it talks only to its own
 * server; no inline script, no framing, no plugins, forms post nowhere else. Inline styles are
 * allowed because React and the charts set `style` attributes.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names every file under `assets/` by its content's hash: such a file never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is checked again each time, so a new build shows at once. */
const REVALIDATE = 'no-cache';

interface AppFile {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
}

/**
 * Every regular file of the built app, by its URL path under `/console/`. Only these are ever
 * served: a request is looked up here, never turned into a file path, so nothing outside the
 * folder (`..`, symbolic links, encoded slashes) can be reached. Null when the folder is missing.
 */
export function loadConsoleApp(dir: string): Map<string, AppFile> | null {
  const files = new Map<string, AppFile>();
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      const info = lstatSync(full);
      if (info.isDirectory()) walk(full, `${prefix}${name}/`);
      else if (info.isFile()) {
        const body = readFileSync(full);
        const urlPath = `${prefix}${name}`;
        files.set(urlPath, {
          body,
          contentType: CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
          cacheControl: urlPath.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        });
      }
    }
  };
  try {
    if (!lstatSync(dir).isDirectory()) return null;
    walk(dir, '');
  } catch {
    return null;
  }
  return files.has('index.html') ? files : null;
}

function sendFile(reply: FastifyReply, file: AppFile, ifNoneMatch: string | undefined): FastifyReply {
  reply.headers(SECURITY_HEADERS).header('cache-control', file.cacheControl).header('etag', file.etag);
  if (ifNoneMatch !== undefined && ifNoneMatch.split(/\s*,\s*/).includes(file.etag)) return reply.code(304).send();
  return reply.type(file.contentType).send(file.body);
}

/**
 * Serves the operator console's web app (`dist/console`, built by `npm run build`) under
 * `/console/`: its files with long caching for hashed assets and revalidation for the rest,
 * `index.html` for any extensionless path (the app's own pages, so a reload of
 * `/console/audit` works), 404 for a missing file. `/console/api/…` stays the API's: an unknown
 * API path is a JSON 404, never the app. A missing build is a worded 503, looked for again on
 * the next request (a build made while the server runs is found).
 */
export function registerConsoleApp(app: FastifyInstance, options: { dir: string }): void {
  let files: Map<string, AppFile> | null = null;
  const current = () => (files ??= loadConsoleApp(options.dir));

  app.get('/console', async (_request, reply) => reply.redirect(CONSOLE_APP_PATH, 308));

  app.get('/console/*', async (request, reply) => {
    const pathname = request.url.split('?', 1)[0] ?? '';
    if (pathname === CONSOLE_API_PREFIX || pathname.startsWith(`${CONSOLE_API_PREFIX}/`)) {
      return sendError(reply, 404, 'not_found', `No console API route ${request.method} ${pathname}`);
    }
    const app = current();
    if (!app) {
      return reply
        .code(503)
        .headers(SECURITY_HEADERS)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(
          'Операторын консол бүтээгдээгүй байна: `npm run build` ажиллуулна уу.\n' +
            'The operator console is not built: run `npm run build`.\n',
        );
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(CONSOLE_APP_PATH.length));
    } catch {
      return reply.code(400).type('text/plain; charset=utf-8').send('Bad path\n');
    }
    const ifNoneMatch = request.headers['if-none-match'];
    const file = app.get(relative === '' ? 'index.html' : relative);
    if (file) return sendFile(reply, file, ifNoneMatch);
    const last = relative.split('/').at(-1) ?? '';
    if (!last.includes('.')) return sendFile(reply, app.get('index.html')!, ifNoneMatch);
    return reply.code(404).headers(SECURITY_HEADERS).type('text/plain; charset=utf-8').send('Not found\n');
  });
}
