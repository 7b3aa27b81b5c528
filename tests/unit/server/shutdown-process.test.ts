import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submissionBatchResponseSchema } from '../../../src-shared/protocol.js';
import { createDatabase } from '../../../src-server/db/database.js';
import { authHeaders, countRows, makePetition } from './helpers.js';
import { collectLogLines, spawnEntry, waitForExit, waitForLog } from './process.js';

/** Reads a whole response. */
function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

describe('SIGTERM drains the real server process', () => {
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('turns readiness 503, finishes a batch in flight with 200, stores it, closes the database and exits 0', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-drain-'));
    child = await spawnEntry('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DEMO: '1',
      TSONKH_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      TSONKH_DRAIN_DELAY_MS: '1500',
    });
    const proc = child;
    const lines = collectLogLines(proc);
    const url = new URL(String((await waitForLog(proc, lines, (l) => l.msg === 'tsonkh central server ready')).url));
    expect((await fetch(new URL('/readyz', url))).status).toBe(200);

    // A batch whose body arrives in two halves: the request is in flight from the first byte,
    // and held there by this test (not by a timer), across the signal and the listener's close.
    const item = await makePetition(1);
    const body = Buffer.from(JSON.stringify({ items: [item] }), 'utf8');
    const half = Math.floor(body.length / 2);
    const req = httpRequest(new URL('/api/v1/submissions/batch', url), {
      method: 'POST',
      agent: false,
      headers: {
        ...authHeaders(),
        'content-type': 'application/json',
        'content-length': String(body.length),
        'x-request-id': 'drain-test-batch',
      },
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', reject);
    });
    req.write(body.subarray(0, half));
    await waitForLog(proc, lines, (l) => l.reqId === 'drain-test-batch' && l.msg === 'incoming request');

    proc.kill('SIGTERM');
    await waitForLog(proc, lines, (l) => String(l.msg).startsWith('shutting down'));
    // Still listening during the drain delay, but no longer asking for work.
    const readyz = await fetch(new URL('/readyz', url));
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'draining' });
    expect((await fetch(new URL('/livez', url))).status).toBe(200);

    await waitForLog(proc, lines, (l) => String(l.msg).startsWith('closing the listener'));
    expect(lines.some((l) => l.msg === 'stopped')).toBe(false);
    req.end(body.subarray(half));
    const res = await response;
    const text = await readAll(res);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('drain-test-batch');
    expect(submissionBatchResponseSchema.parse(JSON.parse(text)).results[0]).toMatchObject({
      idempotencyKey: item.idempotencyKey,
      result: 'accepted',
    });

    expect(await waitForExit(proc)).toEqual({ code: 0, signal: null });
    const order = lines.map((l) => l.msg);
    expect(order.indexOf('submission batch')).toBeLessThan(order.indexOf('stopped'));

    // The database was closed cleanly (SQLite removes the WAL file when its last connection
    // closes properly), and the row is there.
    expect(existsSync(path.join(dir, 'tsonkh.sqlite-wal'))).toBe(false);
    const db = createDatabase({ kind: 'sqlite', path: path.join(dir, 'tsonkh.sqlite') });
    try {
      expect(await countRows(db, 'submissions')).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
