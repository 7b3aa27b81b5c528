import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../../../src-server/http/console-app.js';
import { createTestServer, type TestServer } from './helpers.js';

/** The console's web app as the server serves it: files, SPA fallback, caching, CSP, no escape from its folder. */
describe('the console web app under /console/', () => {
  let dir: string;
  let server: TestServer;
  const INDEX = '<!doctype html><html lang="mn"><title>Консол</title><div id="root"></div></html>';
  const SCRIPT = 'console.log("консол");'.repeat(200);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-console-app-'));
    mkdirSync(path.join(dir, 'app', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'app', 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'app', 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'app', 'assets', 'link.txt'));
    server = await createTestServer({ seed: false, consoleAppDir: path.join(dir, 'app') });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });

  it('serves index.html with the CSP and revalidation, and for every page of the app', async () => {
    for (const url of ['/console/', '/console/audit', '/console/cases/12?sort=due']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    const redirect = await get('/console');
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe('/console/');
  });

  it('serves hashed assets as immutable, compressed, and answers 304 to a matching ETag', async () => {
    const res = await get('/console/assets/index-abc123.js', { 'accept-encoding': 'br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    const etag = String(res.headers.etag);
    const again = await get('/console/assets/index-abc123.js', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('never serves a file outside the build, a symbolic link, or a missing file, and keeps API 404s JSON', async () => {
    for (const url of [
      '/console/../secret.txt',
      '/console/assets/..%2F..%2Fsecret.txt',
      '/console/assets/link.txt',
      '/console/assets/missing.js',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.body, url).not.toContain('not for the web');
    }
    const api = await get('/console/api/no-such-route');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('says how to build the console when it is not built', async () => {
    const bare = await createTestServer({ seed: false, consoleAppDir: path.join(dir, 'nothing-here') });
    try {
      const res = await bare.app.inject({ method: 'GET', url: '/console/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});
