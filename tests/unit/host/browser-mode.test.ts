import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_TOKEN_HEADER, BRIDGE_TOKEN_META } from '../../../src-shared/bridge-contract.js';
import { SERVER_NAME } from '../../../src-shared/protocol.js';
import { rendererDir, startBrowserModeKiosk, type BrowserModeKiosk } from '../../../src-main/browser-mode.js';
import { KioskConfigError } from '../../../src-main/config/load-kiosk-config.js';
import { journalDirFromEnv } from '../../../src-main/kiosk-host.js';
import { CREDENTIAL, journalEntry, receiptJob, tempDir, validConfigInput } from './fixtures.js';
import { json, startLocalServer } from './local-server.js';

const run = promisify(execFile);
const closers: Array<() => Promise<void>> = [];
let dir: string;

beforeEach(async () => {
  const temp = await tempDir('browser-mode');
  dir = temp.dir;
  closers.push(temp.remove);
  await mkdir(path.join(dir, 'renderer'));
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<html><head></head><body></body></html>');
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function configFile(serverUrl: string, extra: Record<string, unknown> = {}): Promise<string> {
  const input = validConfigInput();
  const file = path.join(dir, 'kiosk.json');
  await writeFile(file, JSON.stringify({ ...input, server: { ...input.server, url: serverUrl }, ...extra }));
  return file;
}

describe('startBrowserModeKiosk', () => {
  it('serves the renderer and answers bridge calls wired to the real services', async () => {
    const central = await startLocalServer((_req, res) =>
      json(res, 200, { service: SERVER_NAME, status: 'ok', time: new Date().toISOString(), database: 'ok' }),
    );
    closers.push(central.close);
    const kiosk: BrowserModeKiosk = await startBrowserModeKiosk({
      configPath: await configFile(central.url),
      port: 0,
      staticDir: path.join(dir, 'renderer'),
      journalDir: path.join(dir, 'journal'),
    });
    closers.push(kiosk.close);

    const html = await (await fetch(kiosk.url)).text();
    const token = new RegExp(`<meta name="${BRIDGE_TOKEN_META}" content="([^"]+)">`).exec(html)?.[1];
    expect(token).toBeDefined();

    const callBridge = async (method: string, body: unknown) => {
      const res = await fetch(new URL(`/bridge/${method}`, kiosk.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token ?? '' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as unknown;
    };
    const info = await callBridge('kiosk.info', {});
    expect(info).toMatchObject({ ok: true, value: { kioskCode: '0421', mode: 'browser' } });
    expect(JSON.stringify(info)).not.toContain(CREDENTIAL);
    expect(await callBridge('server.health', {})).toMatchObject({ ok: true, value: { online: true } });
    expect(await callBridge('printer.printReceipt', receiptJob())).toMatchObject({
      ok: true,
      value: { bytes: expect.any(Number) },
    });
    expect(await callBridge('journal.append', { entries: [journalEntry(5)] })).toEqual({
      ok: true,
      value: { appended: 1 },
    });
    expect(await callBridge('journal.pending', {})).toEqual({
      ok: true,
      value: { entries: [journalEntry(5)], maxSequence: 5 },
    });
    // The journal, and the host's private files: its key pair, its PINs (hashed) and the session
    // token kept for a host restarted under the page.
    expect((await readdir(path.join(dir, 'journal'))).sort()).toEqual([
      'bridge-token',
      'kiosk-key.pem',
      'pins.json',
      'submissions.jsonl',
    ]);
  });

  it('refuses to start with a bad config', async () => {
    const file = await configFile('http://127.0.0.1:1', { kioskCode: '12' });
    await expect(startBrowserModeKiosk({ configPath: file, port: 0, staticDir: dir })).rejects.toBeInstanceOf(
      KioskConfigError,
    );
  });

  it('exits with code 1 and the precise error when run directly with a bad config', async () => {
    const file = await configFile('ftp://example.mn');
    const result = await run(process.execPath, ['--import', 'tsx', 'src-main/browser-mode.ts'], {
      env: { ...process.env, TSONKH_KIOSK_CONFIG: file, TSONKH_KIOSK_PORT: '0', VITEST: '', NODE_ENV: 'production' },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('server.url: must be an http:// or https:// address');
    expect(result.stdout).toContain(file);
  });
});

describe('journalDirFromEnv (TSONKH_JOURNAL_DIR)', () => {
  it('uses TSONKH_JOURNAL_DIR when set, else the fallback, else <cwd>/data/journal', () => {
    expect(journalDirFromEnv({ TSONKH_JOURNAL_DIR: '/var/lib/tsonkh/journal' }, '/elsewhere')).toBe(
      '/var/lib/tsonkh/journal',
    );
    expect(journalDirFromEnv({ TSONKH_JOURNAL_DIR: 'rel/journal' })).toBe(path.resolve('rel/journal'));
    expect(journalDirFromEnv({ TSONKH_JOURNAL_DIR: '' }, '/home/kiosk/.config/tsonkh/journal')).toBe(
      '/home/kiosk/.config/tsonkh/journal',
    );
    expect(journalDirFromEnv({})).toBe(path.resolve('data', 'journal'));
  });
});

describe('rendererDir', () => {
  it('serves the renderer beside the host (a release, the installed package), else TSONKH_RENDERER_DIR', async () => {
    const temp = await tempDir('tsonkh-release-layout-');
    const release = temp.dir;
    await mkdir(path.join(release, 'host'), { recursive: true });
    expect(rendererDir(path.join(release, 'host'))).toBe(
      path.resolve(process.env.TSONKH_RENDERER_DIR || 'dist/renderer'),
    );
    await mkdir(path.join(release, 'renderer'), { recursive: true });
    await writeFile(path.join(release, 'renderer', 'index.html'), '<!doctype html>');
    expect(rendererDir(path.join(release, 'host'))).toBe(path.join(release, 'renderer'));
    await temp.remove();
  });
});
