import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BUILT =
  existsSync(path.join(ROOT, 'dist/main/main.cjs')) && existsSync(path.join(ROOT, 'dist/renderer/index.html'));

/** The fuse wire's marker in every Electron binary since 12 (@electron/fuses looks for it). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A fuse byte: '0' off, '1' on. */
const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);

describe('electron packaging', () => {
  it('package.json main is the bundled Electron main process, and the builder packs the built app', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('dist/main/main.cjs');
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder/);
    const vite = readFileSync(path.join(ROOT, 'vite.electron.config.ts'), 'utf8');
    expect(vite).toContain("'dist/main'");
    expect(vite).toContain("entryFileNames: '[name].cjs'");
  });
});

/**
 * The real electron-builder run on the real electron-builder.yml, with a stand-in for the Electron
 * binary (it cannot be downloaded here): a file carrying the fuse wire, all eight fuses "on", as
 * a fresh Electron binary would. What the builder puts in app.asar and resources/, and how it
 * flips the fuses, is then what a real `npm run dist` does.
 */
describe.runIf(BUILT)('the packed kiosk (electron-builder --dir on the built app)', () => {
  let work: string;
  let appDir: string;
  let asarFiles: string[];

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-pack-'));
    const electronDist = path.join(work, 'electron');
    execFileSync('mkdir', ['-p', electronDist]);
    const wire = Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n'),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, 8]),
      Buffer.alloc(8, ON),
    ]);
    writeFileSync(path.join(electronDist, 'electron'), wire, { mode: 0o755 });
    const electronVersion = (
      JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
    ).version;
    writeFileSync(path.join(electronDist, 'version'), electronVersion);
    execFileSync(
      path.join(ROOT, 'node_modules/.bin/electron-builder'),
      [
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${path.join(work, 'out')}`,
      ],
      { cwd: ROOT, stdio: 'pipe', env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' } },
    );
    appDir = path.join(work, 'out', 'linux-unpacked');
    asarFiles = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false })
      .map((f) => f.replaceAll('\\', '/'))
      .filter((f) => path.extname(f) !== '' || f.endsWith('/package.json'));
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('puts only the built app in the archive: no sources, tests, maps, keys, data or node_modules', () => {
    expect(asarFiles.length).toBeGreaterThan(3);
    const outsideAllowlist = asarFiles.filter(
      (f) => !/^\/(dist\/main\/(main|kiosk-main|preload)\.cjs|dist\/renderer\/.+|package\.json)$/.test(f),
    );
    expect(outsideAllowlist).toEqual([]);
    const forbidden = asarFiles.filter((f) =>
      /\.(map|ts|tsx|pem|key|db|sqlite|jsonl)$|node_modules|\/tests?\/|\/src-|\/data\/|private|secret/i.test(f),
    );
    expect(forbidden).toEqual([]);
  });

  it('carries the main entry package.json names (the release loader), the kiosk main and preload beside it, and the renderer', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(asarFiles).toContain(`/${pkg.main}`);
    // The loader's factory build: what runs before any release, and when a release is refused.
    expect(asarFiles).toContain('/dist/main/kiosk-main.cjs');
    expect(asarFiles).toContain('/dist/main/preload.cjs');
    expect(asarFiles).toContain('/dist/renderer/index.html');
  });

  it('puts the extra resources the host reads beside the archive (receipt fonts, config schema)', () => {
    const fonts = readdirSync(path.join(appDir, 'resources', 'fonts'));
    for (const subset of ['latin', 'cyrillic', 'cyrillic-ext', 'latin-ext'])
      for (const weight of ['400', '700']) expect(fonts).toContain(`noto-sans-${subset}-${weight}-normal.woff`);
    expect(fonts).toContain('OFL.txt');
    expect(existsSync(path.join(appDir, 'resources', 'kiosk-config', 'schema.json'))).toBe(true);
  });

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or --inspect; only the integrity-checked archive; encrypted cookies', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'tsonkh-kiosk'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: OFF,
      nodeOptions: OFF,
      inspect: OFF,
      onlyAsar: ON,
      asarIntegrity: ON,
      cookieEncryption: ON,
      fileProtocolPrivileges: OFF,
    });
  });
});
