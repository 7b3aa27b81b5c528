import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { injectPageMeta } from '../../../src-main/bridge/http-bridge.js';
import { BRIDGE_HTTP_PREFIX } from '../../../src-shared/bridge-transport.js';
import {
  BRIDGE_PREFIX,
  manifestFor,
  sha256Hex,
  stripHostMeta,
  withHostMeta,
} from '../../../src-renderer/ui-update/precache.js';
import { writePrecacheManifest } from '../../../scripts/precache-manifest.js';

const built =
  '<!doctype html>\n<html lang="mn">\n  <head>\n    <meta charset="UTF-8">\n  </head>\n  <body></body>\n</html>\n';

describe('the page the worker keeps', () => {
  it('is the build’s page once the host’s tags are taken out, whatever they hold', () => {
    const served = injectPageMeta(built, { 'tsonkh-session': 'tok"en<1>', 'tsonkh-kiosk-info': '{"code":"0421"}' });
    expect(served).not.toBe(built);
    expect(stripHostMeta(served)).toBe(built);
  });

  it('is served with the host’s tags of the moment, or those it was kept with when the host has no page', () => {
    const kept = injectPageMeta(built, { 'tsonkh-session': 'old' });
    const fresh = injectPageMeta(built.replace('<body>', '<body class="next-build">'), { 'tsonkh-session': 'new' });
    const served = withHostMeta(kept, fresh);
    expect(served).toContain('content="new"');
    expect(served).not.toContain('content="old"');
    // The markup is the kept build's, never the host's newer one.
    expect(served).not.toContain('next-build');
    expect(stripHostMeta(served)).toBe(built);
    expect(withHostMeta(kept, null)).toBe(kept);
    expect(withHostMeta(kept, 'Not found')).toBe(kept);
  });

  it('never caches the bridge', () => {
    expect(BRIDGE_PREFIX).toBe(BRIDGE_HTTP_PREFIX);
  });
});

describe('the build’s list of files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('has a version that changes with any file', async () => {
    const a = await manifestFor([
      { url: '/b.js', revision: '1' },
      { url: '/a.js', revision: '2' },
    ]);
    expect(a.files.map((f) => f.url)).toEqual(['/a.js', '/b.js']);
    const b = await manifestFor([
      { url: '/a.js', revision: '2' },
      { url: '/b.js', revision: '1' },
    ]);
    expect(b.version).toBe(a.version);
    const c = await manifestFor([
      { url: '/a.js', revision: '2' },
      { url: '/b.js', revision: '3' },
    ]);
    expect(c.version).not.toBe(a.version);
  });

  it('is written into the worker with every file’s hash, and written again for a new build', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsonkh-precache-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), built);
    writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.info(1)');
    writeFileSync(path.join(dir, 'sw.js'), '(()=>{const m=JSON.parse(`__TSONKH_PRECACHE_MANIFEST__`);self.m=m})();');
    const first = await writePrecacheManifest(dir);
    expect(first.files).toEqual([
      { url: '/assets/app-1.js', revision: await sha256Hex(new TextEncoder().encode('console.info(1)')) },
      { url: '/index.html', revision: await sha256Hex(new TextEncoder().encode(built)) },
    ]);
    const worker = readFileSync(path.join(dir, 'sw.js'), 'utf8');
    const literal = /JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(worker)![1]!;
    expect(JSON.parse(JSON.parse(literal) as string)).toEqual(first);
    writeFileSync(path.join(dir, 'index.html'), built.replace('<body>', '<body class="x">'));
    const second = await writePrecacheManifest(dir);
    expect(second.version).not.toBe(first.version);
    expect(readFileSync(path.join(dir, 'sw.js'), 'utf8')).toContain(second.version);
    expect(readFileSync(path.join(dir, 'sw.js'), 'utf8')).not.toContain(first.version);
  });
});
