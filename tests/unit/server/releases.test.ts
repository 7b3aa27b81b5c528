import { verify } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthReportResponseSchema, type HealthReportInput } from '../../../src-shared/schemas/health-report.js';
import { releaseManifestSchema, signedReleaseSchema } from '../../../src-shared/schemas/release.js';
import { publicKeyFromRaw } from '../../../src-server/content/signing.js';
import { generateReleaseKey } from '../../../src-server/releases/release-key.js';
import {
  addPilot,
  promoteRelease,
  publishRelease,
  ReleaseError,
  releaseManifest,
  removePilot,
} from '../../../src-server/releases/release-store.js';
import { parseRange } from '../../../src-server/routes/releases.js';
import { fleetPageSchema } from '../../../src-shared/console/fleet-api.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs } from './console-helpers.js';
import { authHeaders, createTestServer, DEMO_KIOSK_CODE, type TestServer } from './helpers.js';

const KEY = generateReleaseKey().key;

function report(appVersion: string, update?: HealthReportInput['update']): HealthReportInput {
  const at = new Date().toISOString();
  return {
    kioskTime: at,
    appVersion,
    content: { cursor: 0, signedAt: null, stale: false },
    settingsVersion: null,
    uptimeS: 60,
    outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
    storage: { usedBytes: null, freeBytes: null, persisted: null },
    printer: 'ok',
    sync: { content: null, status: null, push: null },
    events: [],
    ...(update ? { update } : {}),
  };
}

async function releaseDir(root: string, name: string, screen: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'host'), { recursive: true });
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'host', 'browser-mode.mjs'), 'console.log("host");\n');
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Tsonkh</title>\n');
  await writeFile(path.join(dir, 'renderer', 'assets', 'screen.js'), screen);
  await writeFile(path.join(dir, 'renderer', 'assets', 'screen.js.map'), '{}');
  return dir;
}

describe('kiosk releases on the server', () => {
  let server: TestServer;
  let work: string;
  let blobDir: string;
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'tsonkh-releases-'));
    blobDir = path.join(work, 'blobs');
    server = await createTestServer({ releaseBlobDir: blobDir });
  });
  afterEach(async () => {
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  const sendReport = async (body: HealthReportInput) => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/health-reports',
      headers: authHeaders(),
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    return healthReportResponseSchema.parse(res.json());
  };
  const publish = async (version: string, screen = `screen ${version}\n`) =>
    publishRelease(server.db, {
      dir: await releaseDir(work, version, screen),
      version,
      key: KEY,
      blobDir,
      by: 'cli:test',
    });

  it('offers a release to the pilot kiosks first, then to every kiosk once promoted', async () => {
    const published = await publish('1.1.0');
    expect(published).toMatchObject({ channel: 'pilot', fileCount: 3, newBlobs: 3 });
    // Not a pilot: nothing offered, and its manifest is not served to it.
    expect((await sendReport(report('1.0.0'))).release).toBeUndefined();
    const hidden = await server.app.inject({ url: '/api/v1/releases/1.1.0/manifest', headers: authHeaders() });
    expect(hidden.statusCode).toBe(404);

    await addPilot(server.db, DEMO_KIOSK_CODE);
    expect((await sendReport(report('1.0.0'))).release).toEqual({
      version: '1.1.0',
      manifestPath: '/api/v1/releases/1.1.0/manifest',
      channel: 'pilot',
    });
    // A kiosk that runs it (or newer) is offered nothing; a developer's build neither.
    expect((await sendReport(report('1.1.0'))).release).toBeUndefined();
    expect((await sendReport(report('dev-build'))).release).toBeUndefined();

    expect(await removePilot(server.db, DEMO_KIOSK_CODE)).toBe(true);
    expect((await sendReport(report('1.0.0'))).release).toBeUndefined();
    await promoteRelease(server.db, '1.1.0');
    expect((await sendReport(report('1.0.0'))).release).toMatchObject({ version: '1.1.0', channel: 'all' });

    // A newer pilot release goes to pilots only; the rest keep the promoted one.
    await publish('1.2.0');
    expect((await sendReport(report('1.0.0'))).release?.version).toBe('1.1.0');
    await addPilot(server.db, DEMO_KIOSK_CODE);
    expect((await sendReport(report('1.0.0'))).release).toMatchObject({ version: '1.2.0', channel: 'pilot' });
  });

  it('serves the signed manifest, verifiable with the release key, to authenticated kiosks only', async () => {
    await publish('2.0.0');
    await promoteRelease(server.db, '2.0.0');
    const anonymous = await server.app.inject({ url: '/api/v1/releases/2.0.0/manifest' });
    expect(anonymous.statusCode).toBe(401);
    const res = await server.app.inject({ url: '/api/v1/releases/2.0.0/manifest', headers: authHeaders() });
    expect(res.statusCode).toBe(200);
    const signed = signedReleaseSchema.parse(res.json());
    expect(signed.keyId).toBe(KEY.keyId);
    const ok = verify(
      null,
      Buffer.from(signed.manifest, 'utf8'),
      publicKeyFromRaw(Buffer.from(KEY.publicKey, 'base64')),
      Buffer.from(signed.signature, 'base64'),
    );
    expect(ok).toBe(true);
    const manifest = releaseManifestSchema.parse(JSON.parse(signed.manifest));
    expect(manifest.files.map((f) => f.path)).toEqual([
      'host/browser-mode.mjs',
      'renderer/assets/screen.js',
      'renderer/index.html',
    ]);
    expect(manifest.entry).toBe('host/browser-mode.mjs');
    await expect(publish('2.0.0')).rejects.toBeInstanceOf(ReleaseError);
    await expect(promoteRelease(server.db, '9.9.9')).rejects.toBeInstanceOf(ReleaseError);
  });

  it('serves blobs with ranges, a strong ETag and If-Range', async () => {
    const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(100);
    await publish('3.0.0', text);
    const manifest = (await releaseManifest(server.db, '3.0.0'))!;
    const file = manifest.files.find((f) => f.path === 'renderer/assets/screen.js')!;
    const url = `/api/v1/releases/blobs/${file.sha256}`;
    const whole = await server.app.inject({ url, headers: { ...authHeaders(), 'accept-encoding': 'br, gzip' } });
    expect(whole.statusCode).toBe(200);
    expect(whole.body).toBe(text);
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(whole.headers.etag).toBe(`"${file.sha256}"`);
    expect(whole.headers['cache-control']).toContain('immutable');
    expect(whole.headers['accept-ranges']).toBe('bytes');

    const part = await server.app.inject({
      url,
      headers: { ...authHeaders(), range: 'bytes=100-', 'if-range': `"${file.sha256}"` },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-${text.length - 1}/${text.length}`);
    expect(part.body).toBe(text.slice(100));

    const stale = await server.app.inject({
      url,
      headers: { ...authHeaders(), range: 'bytes=100-', 'if-range': '"other"' },
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(text);

    const past = await server.app.inject({ url, headers: { ...authHeaders(), range: `bytes=${text.length}-` } });
    expect(past.statusCode).toBe(416);
    const cached = await server.app.inject({ url, headers: { ...authHeaders(), 'if-none-match': `"${file.sha256}"` } });
    expect(cached.statusCode).toBe(304);
    const missing = await server.app.inject({
      url: `/api/v1/releases/blobs/${'0'.repeat(64)}`,
      headers: authHeaders(),
    });
    expect(missing.statusCode).toBe(404);
    expect((await server.app.inject({ url })).statusCode).toBe(401);
  });

  it('parses single byte ranges', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual([0, 9]);
    expect(parseRange('bytes=90-200', 100)).toEqual([90, 99]);
    expect(parseRange('bytes=-10', 100)).toEqual([90, 99]);
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
  });

  it('stores the update report a kiosk sends, for the fleet', async () => {
    await sendReport(report('1.0.0', { state: 'downloading', version: '1.1.0', bytes: 1234 }));
    const row = await server.db
      .selectFrom('kiosk_health')
      .select(['update_state', 'update_version'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ update_state: 'downloading', update_version: '1.1.0' });
    // The console's fleet shows the version and the update per kiosk.
    await addTestOperator(server.db, OPERATORS_BY_ROLE.admin);
    const admin = await signInAs(server.app, 'admin');
    const fleet = await server.app.inject({ url: '/console/api/fleet', headers: admin.headers() });
    expect(fleet.statusCode).toBe(200);
    const rows = fleetPageSchema.parse(fleet.json()).rows;
    expect(rows.find((r) => r.kioskCode === DEMO_KIOSK_CODE)).toMatchObject({
      appVersion: '1.0.0',
      updateState: 'downloading',
      updateVersion: '1.1.0',
    });
  });
});
