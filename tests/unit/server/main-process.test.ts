import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { healthResponseSchema, signedContentPageSchema } from '../../../src-shared/protocol.js';
import { generateContentKey, verifySignedPage } from '../../../src-server/content/signing.js';
import { authHeaders, DEMO_PUBLIC_KEY } from './helpers.js';
import { collectLogLines, spawnTsx, waitForExit, waitForLog } from './process.js';

describe('src-server/main.ts as a real process', () => {
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts in demo mode, serves health and content, and stops cleanly on SIGTERM', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-main-'));
    child = spawnTsx('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DEMO: '1',
      TSONKH_DATA_DIR: dir,
      LOG_LEVEL: 'info',
    });
    const lines = collectLogLines(child);
    const ready = await waitForLog(child, lines, (l) => l.msg === 'tsonkh central server ready');
    const url = String(ready.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(healthResponseSchema.parse(await health.json()).database).toBe('ok');

    // The demo content (assets/demo-content), signed with the demo key, compressed on the wire.
    const content = await fetch(`${url}/api/v1/content/changes?limit=1000`, {
      headers: { ...authHeaders(), 'accept-encoding': 'br, gzip' },
    });
    expect(content.headers.get('content-encoding')).toBe('br');
    const signed = signedContentPageSchema.parse(await content.json());
    expect(signed.page.changes.length).toBeGreaterThan(0);
    expect(verifySignedPage(signed, DEMO_PUBLIC_KEY)).toBe(true);
    expect(lines.find((l) => l.msg === 'demo content and kiosk ready')).toBeDefined();

    child.kill('SIGTERM');
    expect(await waitForExit(child)).toEqual({ code: 0, signal: null });
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
  });

  it('refuses to start outside demo mode without a content key, saying how to make one', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-main-'));
    child = spawnTsx('src-server/main.ts', [], { PORT: '0', TSONKH_DATA_DIR: dir, TSONKH_DEMO: '0' });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    const text = JSON.stringify(lines);
    expect(text).toContain(path.join(dir, 'keys', 'content-signing.pem'));
    expect(text).toContain('TSONKH_CONTENT_KEY');
    expect(text).toContain('npm run keys');
  });

  it('signs with the key TSONKH_CONTENT_KEY names', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-main-'));
    const { key, pem } = generateContentKey();
    const keyFile = path.join(dir, 'my-key.pem');
    await writeFile(keyFile, pem, { mode: 0o600 });
    child = spawnTsx('src-server/main.ts', [], { PORT: '0', TSONKH_DATA_DIR: dir, TSONKH_CONTENT_KEY: keyFile });
    const lines = collectLogLines(child);
    const ready = await waitForLog(child, lines, (l) => l.msg === 'tsonkh central server ready');
    expect(lines.find((l) => l.msg === 'content-signing key loaded')).toMatchObject({ keyId: key.keyId });
    const res = await fetch(`${String(ready.url)}/api/v1/content/changes`, { headers: authHeaders() });
    // No kiosk is registered outside demo mode: the credential is refused before any content.
    expect(res.status).toBe(401);
    child.kill('SIGTERM');
    expect((await waitForExit(child)).code).toBe(0);
  });

  it('exits with a message naming a bad variable', async () => {
    child = spawnTsx('src-server/main.ts', [], { PORT: 'eighty' });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    expect(JSON.stringify(lines)).toContain('PORT must be');
  });
});
