import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentPageSchema, healthResponseSchema } from '../../../src-shared/protocol.js';
import { authHeaders, DEMO_CHANGE_COUNT } from './helpers.js';
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

    const content = await fetch(`${url}/api/v1/content/changes?limit=1000`, { headers: authHeaders() });
    expect(contentPageSchema.parse(await content.json()).changes).toHaveLength(DEMO_CHANGE_COUNT);

    child.kill('SIGTERM');
    expect(await waitForExit(child)).toEqual({ code: 0, signal: null });
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
  });

  it('exits with a message naming a bad variable', async () => {
    child = spawnTsx('src-server/main.ts', [], { PORT: 'eighty' });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    expect(JSON.stringify(lines)).toContain('PORT must be');
  });
});
