import { protocol } from 'electron';
import { APP_SCHEME } from '../security/app-url.js';
import { RENDERER_SECURITY_HEADERS } from '../security/csp.js';
import { appRequestPath } from '../static/app-request-path.js';
import { readStaticFile } from '../static/read-static-file.js';

/** Must run before `app.whenReady()`: makes `app://` a secure, standard origin with fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves `app://kiosk/...` from the built renderer only (index.html for the app's routes),
 * with the same CSP as browser mode. The renderer is never loaded from `file://`, which would
 * give it the whole disk as its origin.
 */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const urlPath = appRequestPath(request.url);
    if (urlPath === undefined || request.method !== 'GET') return new Response('not found', { status: 404 });
    const file = await readStaticFile(rendererDir, urlPath);
    if (!file.ok) return new Response(file.reason, { status: file.status });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        ...RENDERER_SECURITY_HEADERS,
        'content-type': file.contentType,
        'cache-control': file.isIndex ? 'no-store' : 'no-cache',
      },
    });
  });
}
