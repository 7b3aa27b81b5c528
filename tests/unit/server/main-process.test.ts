import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import {
  healthResponseSchema,
  signedContentPageSchema,
  submissionBatchResponseSchema,
} from '../../../src-shared/protocol.js';
import { DEFAULT_DEMO_KIOSK_CONFIG, FAULT_CRASH_EXIT_CODE } from '../../../src-server/config.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';
import { registerKioskFromConfigFile } from '../../../src-server/kiosks/kiosk-config-file.js';
import { generateContentKey, verifySignedPage } from '../../../src-server/content/signing.js';
import { createDatabase } from '../../../src-server/db/database.js';
import { generateSubmissionKey } from '../../../src-server/submissions/submission-key.js';
import { authHeaders, countRows, DEMO_PUBLIC_KEY, makePetition } from './helpers.js';
import { collectLogLines, spawnEntry, waitForExit, waitForLog, PROCESS_SUITE } from './process.js';
import { createFreshDatabase, type FreshDatabase } from '../../support/test-database.js';

const METRICS_TOKEN = 'metrics-token-main-process-0123456789';

describe('src-server/main.ts as a real process', PROCESS_SUITE, () => {
  let child: ChildProcess | undefined;
  let fresh: FreshDatabase | undefined;
  let dir: string | undefined;
  let databaseUrl: string | undefined;
  /** A data folder and an empty database of the dialect under test, passed on as DATABASE_URL. */
  const freshData = async (): Promise<FreshDatabase> => {
    fresh = await createFreshDatabase({ prefix: 'tsonkh-main-' });
    return fresh;
  };
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    await fresh?.drop();
    fresh = undefined;
    dir = undefined;
  });

  it('starts in demo mode, serves health and content, and stops cleanly on SIGTERM', async () => {
    ({ dir, url: databaseUrl } = await freshData());
    child = await spawnEntry('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DEMO: '1',
      TSONKH_DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      TSONKH_METRICS_TOKEN: METRICS_TOKEN,
    });
    const lines = collectLogLines(child);
    const ready = await waitForLog(child, lines, (l) => l.msg === 'tsonkh central server ready');
    const url = String(ready.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.metrics).toBe(true);

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

    // The real process adds Node's own metrics to the server's.
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toMatch(/tsonkh_http_requests_total\{method="GET",route="\/api\/v1\/health",status_code="200"\} 1/);
    expect(text).toContain('tsonkh_content_pages_served_total{encoding="br"} 1');

    child.kill('SIGTERM');
    expect(await waitForExit(child)).toEqual({ code: 0, signal: null });
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
  });

  it('refuses to start outside demo mode without a content key, saying how to make one', async () => {
    ({ dir, url: databaseUrl } = await freshData());
    child = await spawnEntry('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      TSONKH_DEMO: '0',
    });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    const text = JSON.stringify(lines);
    expect(text).toContain(path.join(dir, 'keys', 'content-signing.pem'));
    expect(text).toContain('TSONKH_CONTENT_KEY');
    expect(text).toContain('npm run keys');
  });

  it('refuses to start outside demo mode without a submission key, naming the variable', async () => {
    ({ dir, url: databaseUrl } = await freshData());
    const keyFile = path.join(dir, 'my-key.pem');
    await writeFile(keyFile, generateContentKey().pem, { mode: 0o600 });
    child = await spawnEntry('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      TSONKH_CONTENT_KEY: keyFile,
    });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    const text = JSON.stringify(lines);
    expect(text).toContain(path.join(dir, 'keys', 'submission-encryption.pem'));
    expect(text).toContain('TSONKH_SUBMISSION_KEY');
    expect(text).toContain('npm run keys');
  });

  it('signs with the key TSONKH_CONTENT_KEY names, and opens with the one TSONKH_SUBMISSION_KEY names', async () => {
    ({ dir, url: databaseUrl } = await freshData());
    const { key, pem } = generateContentKey();
    const keyFile = path.join(dir, 'my-key.pem');
    await writeFile(keyFile, pem, { mode: 0o600 });
    const submission = generateSubmissionKey();
    const subFile = path.join(dir, 'my-submission-key.pem');
    await writeFile(subFile, submission.pem, { mode: 0o600 });
    child = await spawnEntry('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      TSONKH_CONTENT_KEY: keyFile,
      TSONKH_SUBMISSION_KEY: subFile,
    });
    const lines = collectLogLines(child);
    const ready = await waitForLog(child, lines, (l) => l.msg === 'tsonkh central server ready');
    expect(lines.find((l) => l.msg === 'content-signing key loaded')).toMatchObject({ keyId: key.keyId });
    expect(lines.find((l) => l.msg === 'submission-encryption key loaded')).toMatchObject({
      keyId: submission.key.keyId,
      publicKey: submission.key.publicKey,
    });
    const res = await fetch(`${String(ready.url)}/api/v1/content/changes`, { headers: authHeaders() });
    // No kiosk is registered outside demo mode: the credential is refused before any content.
    expect(res.status).toBe(401);
    child.kill('SIGTERM');
    expect((await waitForExit(child)).code).toBe(0);
  });

  it('outside demo mode, a kiosk left with the public demo credential stops the server, named', async () => {
    ({ dir, url: databaseUrl } = await freshData());
    // A database where a demonstration once ran: the demo kiosk is registered.
    const db = createDatabase(fresh!.target);
    await migrateToLatest(db);
    await registerKioskFromConfigFile(db, DEFAULT_DEMO_KIOSK_CONFIG, { demo: true });
    await expect(registerKioskFromConfigFile(db, DEFAULT_DEMO_KIOSK_CONFIG, { demo: false })).rejects.toThrow(
      /server\.credential is the public demo credential/,
    );
    await db.destroy();
    const contentFile = path.join(dir, 'content.pem');
    await writeFile(contentFile, generateContentKey().pem, { mode: 0o600 });
    const submissionFile = path.join(dir, 'submission.pem');
    await writeFile(submissionFile, generateSubmissionKey().pem, { mode: 0o600 });
    child = await spawnEntry('src-server/main.ts', [], {
      PORT: '0',
      TSONKH_DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      TSONKH_CONTENT_KEY: contentFile,
      TSONKH_SUBMISSION_KEY: submissionFile,
    });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    const fatal = lines.find((l) => l.level === 60);
    expect(String(fatal?.msg)).toMatch(/^kiosk 0421 is registered with the public demo credential/);
    expect(String(fatal?.msg)).toContain('TSONKH_DEMO=1');
  });

  it('exits with a message naming a bad variable', async () => {
    child = await spawnEntry('src-server/main.ts', [], { PORT: 'eighty' });
    const lines = collectLogLines(child);
    expect((await waitForExit(child)).code).toBe(2);
    expect(JSON.stringify(lines)).toContain('PORT must be');
  });

  it('TSONKH_FAULT_CRASH_AFTER_COMMIT=1: exits 86 after commit, before the reply; a resend gets the original ack', async () => {
    const data = await freshData();
    ({ dir, url: databaseUrl } = data);
    const env = { PORT: '0', TSONKH_DEMO: '1', TSONKH_DATA_DIR: dir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' };
    const item = await makePetition(1);
    const push = (url: string) =>
      fetch(`${url}/api/v1/submissions/batch`, {
        method: 'POST',
        headers: { ...authHeaders(), 'content-type': 'application/json' },
        body: JSON.stringify({ items: [item] }),
      });

    child = await spawnEntry('src-server/main.ts', [], { ...env, TSONKH_FAULT_CRASH_AFTER_COMMIT: '1' });
    let lines = collectLogLines(child);
    let ready = await waitForLog(child, lines, (l) => l.msg === 'tsonkh central server ready');
    expect(lines.some((l) => String(l.msg).includes('TEST-ONLY fault injection'))).toBe(true);
    const crashed = await push(String(ready.url)).then(
      (res) => `answered ${res.status}`,
      (err: unknown) => `failed: ${String(err)}`,
    );
    expect(crashed).toMatch(/^failed/);
    expect(await waitForExit(child)).toEqual({ code: FAULT_CRASH_EXIT_CODE, signal: null });

    // The row was committed although the kiosk never heard so.
    const db = createDatabase(data.target);
    try {
      expect(await countRows(db, 'submissions')).toBe(1);
      expect(await countRows(db, 'status_changes')).toBe(1);
    } finally {
      await db.destroy();
    }

    child = await spawnEntry('src-server/main.ts', [], env);
    lines = collectLogLines(child);
    ready = await waitForLog(child, lines, (l) => l.msg === 'tsonkh central server ready');
    const resent = await push(String(ready.url));
    expect(resent.status).toBe(200);
    const [result] = submissionBatchResponseSchema.parse(await resent.json()).results;
    expect(result).toMatchObject({
      idempotencyKey: item.idempotencyKey,
      result: 'accepted',
      ack: { serverId: 1, status: 'received', trackingNo: item.trackingNo },
    });
    expect(result?.result === 'accepted' && result.ack.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    child.kill('SIGTERM');
    expect((await waitForExit(child)).code).toBe(0);

    const after = createDatabase(data.target);
    try {
      expect(await countRows(after, 'submissions')).toBe(1);
      expect(await countRows(after, 'status_changes')).toBe(1);
    } finally {
      await after.destroy();
    }
  });
});
