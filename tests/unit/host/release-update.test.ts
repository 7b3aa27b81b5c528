import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { healthReportResponseSchema } from '../../../src-shared/schemas/health-report.js';
import type { ReleaseOffer } from '../../../src-shared/schemas/release.js';
import { generateReleaseKey } from '../../../src-server/releases/release-key.js';
import {
  addPilot,
  exportRelease,
  promoteRelease,
  publishRelease,
  releaseManifest,
  signedRelease,
} from '../../../src-server/releases/release-store.js';
import { blobPath } from '../../../src-server/releases/release-files.js';
import { downloadRelease, sha256OfFile } from '../../../src-main/update/download-release.js';
import { installRelease } from '../../../src-main/update/install-release.js';
import { planStart, superviseReleases } from '../../../src-main/update/launcher.js';
import {
  createFolderReleaseSource,
  createHttpReleaseSource,
  type ReleaseSource,
} from '../../../src-main/update/release-source.js';
import { readPointer, releaseRoot } from '../../../src-main/update/release-root.js';
import { UpdateError } from '../../../src-main/update/update-error.js';
import { createUpdater } from '../../../src-main/update/updater.js';
import { createHostServices } from '../../../src-main/bridge/host-services.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { createSubmissionJournal } from '../../../src-main/journal/submission-journal.js';
import type { ReceiptPrinter } from '../../../src-main/printer/printer.js';
import type { ServerTransport } from '../../../src-main/transport/server-transport.js';
import { validConfig } from './fixtures.js';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';
import { authHeaders, createTestServer, DEMO_CREDENTIAL, DEMO_KIOSK_CODE, type TestServer } from '../server/helpers.js';

const KEY = generateReleaseKey().key;
const OTHER_KEY = generateReleaseKey().key;
const BIG = 400_000;

/** A release folder: a host entry, an index page, a large unchanged vendor chunk and one screen chunk. */
async function makeRelease(dir: string, vendor: Buffer, screen: string): Promise<string> {
  await mkdir(path.join(dir, 'host'), { recursive: true });
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'host', 'browser-mode.mjs'), 'export {};\n');
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Tsonkh</title>\n');
  await writeFile(path.join(dir, 'renderer', 'assets', 'vendor.js'), vendor);
  await writeFile(path.join(dir, 'renderer', 'assets', 'screen.js'), screen);
  return dir;
}

describe('kiosk updates over a thin link (issue 18)', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let work: string;
  let v1: string;
  const newScreen = randomBytes(BIG).toString('base64');

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'tsonkh-update-'));
    const blobDir = path.join(work, 'server-blobs');
    server = await createTestServer({ releaseBlobDir: blobDir });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.app.server.address() as AddressInfo).port;
    proxy = await startFaultProxy({ host: '127.0.0.1', port });
    const vendor = randomBytes(BIG);
    v1 = await makeRelease(path.join(work, 'src-1.0.0'), vendor, 'old screen\n');
    const v11 = await makeRelease(path.join(work, 'src-1.1.0'), vendor, newScreen);
    for (const [dir, version] of [
      [v1, '1.0.0'],
      [v11, '1.1.0'],
    ] as const) {
      await publishRelease(server.db, { dir, version, key: KEY, blobDir, by: 'cli:test' });
    }
    await promoteRelease(server.db, '1.0.0');
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  const source = (version = '1.1.0') =>
    createHttpReleaseSource({
      baseUrl: proxy.url,
      manifestPath: `/api/v1/releases/${version}/manifest`,
      authorization: async () => `Bearer ${DEMO_CREDENTIAL}`,
      idleTimeoutMs: 5000,
    });
  const kioskRoot = async (name: string) => releaseRoot(await mkdtemp(path.join(work, `${name}-`)));
  const offerToKiosk = async (): Promise<ReleaseOffer | undefined> => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/health-reports',
      headers: authHeaders(),
      payload: {
        kioskTime: new Date().toISOString(),
        appVersion: '1.0.0',
        content: { cursor: 0, signedAt: null, stale: false },
        settingsVersion: null,
        uptimeS: 1,
        outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
        storage: { usedBytes: null, freeBytes: null, persisted: null },
        printer: 'ok',
        sync: { content: null, status: null, push: null },
      },
    });
    return healthReportResponseSchema.parse(res.json()).release;
  };

  it('offers the pilot release to a pilot kiosk; the kiosk downloads only the changed file, resuming after a cut', async () => {
    // Not offered until this kiosk is a pilot (the rest wait for the promotion).
    expect(await offerToKiosk()).toBeUndefined();
    await addPilot(server.db, DEMO_KIOSK_CODE);
    const offer = await offerToKiosk();
    expect(offer).toMatchObject({ version: '1.1.0', channel: 'pilot' });

    const root = await kioskRoot('resume');
    proxy.resetStats();
    proxy.cutOnceAfter(150_000);
    // Where each request for the file's bytes started: the second must continue the first.
    const asked: number[] = [];
    const http = source();
    const recording: ReleaseSource = {
      ...http,
      kind: 'server',
      signedRelease: () => http.signedRelease(),
      openBlob: (sha, offset) => {
        asked.push(offset);
        return http.openBlob(sha, offset);
      },
    };
    const result = await downloadRelease({
      root,
      source: recording,
      releasePublicKey: KEY.publicKey,
      runningVersion: '1.0.0',
      localDirs: [v1],
    });
    expect(proxy.stats.cuts).toBe(1);
    // The unchanged vendor chunk, index and host came from the running version; only the screen travelled, once.
    expect(result).toMatchObject({ version: '1.1.0', reusedFiles: 3, fetchedFiles: 1 });
    expect(result.fetchedBytes).toBe(Buffer.byteLength(newScreen));
    // The second request continued where the kept bytes end, not from byte 0.
    expect(asked).toHaveLength(2);
    expect(asked[0]).toBe(0);
    expect(asked[1]).toBeGreaterThan(0);
    // On the wire: the 150,000 bytes before the cut (what was still in the sockets then is lost:
    // how much depends on how busy the machine is, so the second request's start is the measure),
    // the rest of the file from that start, and the manifest and headers.
    expect(proxy.stats.down).toBeLessThan(150_000 + Buffer.byteLength(newScreen) - asked[1]! + 20_000);
    const manifest = (await releaseManifest(server.db, '1.1.0'))!;
    for (const file of manifest.files) {
      expect(await sha256OfFile(path.join(root.versionDir('1.1.0'), file.path))).toBe(file.sha256);
    }
  });

  it('refuses a corrupted byte: the file is fetched again, and never installed from bad bytes', async () => {
    const root = await kioskRoot('corrupt');
    proxy.corruptOnceAfter(200_000);
    const result = await downloadRelease({
      root,
      source: source(),
      releasePublicKey: KEY.publicKey,
      runningVersion: '1.0.0',
      localDirs: [v1],
    });
    expect(result.fetchedBytes).toBeGreaterThan(Buffer.byteLength(newScreen));
    const manifest = (await releaseManifest(server.db, '1.1.0'))!;
    const screen = manifest.files.find((f) => f.path === 'renderer/assets/screen.js')!;
    expect(await sha256OfFile(path.join(root.versionDir('1.1.0'), screen.path))).toBe(screen.sha256);

    // A server that keeps sending wrong bytes: the update stops, nothing is staged.
    const stored = blobPath(path.join(work, 'server-blobs'), screen.sha256);
    const good = await readFile(stored);
    const bad = Buffer.from(good);
    bad[1000] = bad[1000]! ^ 0xff;
    await writeFile(stored, bad);
    try {
      const other = await kioskRoot('corrupt-server');
      const refused = downloadRelease({
        root: other,
        source: source(),
        releasePublicKey: KEY.publicKey,
        runningVersion: '1.0.0',
        localDirs: [v1],
        attemptsPerFile: 2,
      });
      await expect(refused).rejects.toMatchObject({ problem: 'hash_mismatch' });
      expect(await stat(other.versionDir('1.1.0')).catch(() => null)).toBeNull();
    } finally {
      await writeFile(stored, good);
    }
  });

  it('refuses a release signed with another key, a changed manifest and an older version', async () => {
    const root = await kioskRoot('refuse');
    const run = (over: { key?: string; running?: string; src?: ReleaseSource }) =>
      downloadRelease({
        root,
        source: over.src ?? source(),
        releasePublicKey: over.key ?? KEY.publicKey,
        runningVersion: over.running ?? '1.0.0',
      });
    await expect(run({ key: OTHER_KEY.publicKey })).rejects.toMatchObject({ problem: 'wrong_key' });
    const tampered: ReleaseSource = {
      ...source(),
      kind: 'server',
      openBlob: (sha, offset) => source().openBlob(sha, offset),
      async signedRelease() {
        const signed = (await source().signedRelease()) as { manifest: string };
        return { ...signed, manifest: signed.manifest.replace('browser-mode.mjs"', 'browser-mode.mjs" ') };
      },
    };
    await expect(run({ src: tampered })).rejects.toMatchObject({ problem: 'bad_signature' });
    await expect(run({ running: '1.1.0' })).rejects.toMatchObject({ problem: 'older_version' });
    await expect(run({ running: '2.0.0' })).rejects.toBeInstanceOf(UpdateError);
    expect(await readPointer(root)).toBeNull();
  });

  it('installs only when the kiosk has had no visitor for a while, then after promotion offers it to all', async () => {
    const root = await kioskRoot('idle');
    let lastVisit: number | null = Date.now();
    const updater = createUpdater({
      root,
      releasePublicKey: KEY.publicKey,
      runningVersion: '1.0.0',
      serverSource: (offer) =>
        createHttpReleaseSource({
          baseUrl: proxy.url,
          manifestPath: offer.manifestPath,
          authorization: async () => `Bearer ${DEMO_CREDENTIAL}`,
        }),
      lastVisitAt: () => lastVisit,
      idleForMs: 60_000,
      localDirs: [v1],
    });
    updater.offer({ version: '1.1.0', manifestPath: '/api/v1/releases/1.1.0/manifest', channel: 'pilot' });
    await updater.idle();
    // A visitor was here a moment ago: staged, not installed; the old version still runs.
    expect(updater.report()).toMatchObject({ state: 'downloaded', version: '1.1.0' });
    expect(await readPointer(root)).toBeNull();
    // The server says the kiosk is open: still waiting for it to be idle.
    updater.noteOpenNow(true);
    expect(await updater.installIfIdle()).toBe(false);
    lastVisit = Date.now() - 120_000;
    expect(await updater.installIfIdle()).toBe(true);
    expect(updater.report()).toEqual({ state: 'installed', version: '1.1.0' });
    expect(await readPointer(root)).toMatchObject({ version: '1.1.0', confirmed: false });

    await promoteRelease(server.db, '1.1.0');
    await server.db.deleteFrom('release_pilots').execute();
    expect(await offerToKiosk()).toMatchObject({ version: '1.1.0', channel: 'all' });
  });

  it('installs outside opening hours (the server says closed), even a moment after a visitor', async () => {
    const root = await kioskRoot('closed');
    const updater = createUpdater({
      root,
      releasePublicKey: KEY.publicKey,
      runningVersion: '1.0.0',
      serverSource: (offer) =>
        createHttpReleaseSource({
          baseUrl: proxy.url,
          manifestPath: offer.manifestPath,
          authorization: async () => `Bearer ${DEMO_CREDENTIAL}`,
        }),
      lastVisitAt: () => Date.now(),
      idleForMs: 60_000,
      localDirs: [v1],
    });
    updater.offer({ version: '1.1.0', manifestPath: '/api/v1/releases/1.1.0/manifest', channel: 'pilot' });
    await updater.idle();
    expect(await readPointer(root)).toBeNull();
    updater.noteOpenNow(false);
    await vi.waitFor(async () => expect(await readPointer(root)).toMatchObject({ version: '1.1.0' }));
    expect(updater.report()).toEqual({ state: 'installed', version: '1.1.0' });
  });

  it('takes a release from a folder (a USB stick), verified the same way', async () => {
    await exportRelease(server.db, '1.1.0', path.join(work, 'server-blobs'), path.join(work, 'stick'));
    const stick = path.join(work, 'stick', 'tsonkh-release');
    const root = await kioskRoot('usb');
    const result = await downloadRelease({
      root,
      source: createFolderReleaseSource(stick),
      releasePublicKey: KEY.publicKey,
      runningVersion: '1.0.0',
    });
    expect(result).toMatchObject({ version: '1.1.0', fetchedFiles: 4 });
    const refused = downloadRelease({
      root: await kioskRoot('usb-wrong'),
      source: createFolderReleaseSource(stick),
      releasePublicKey: OTHER_KEY.publicKey,
      runningVersion: '1.0.0',
    });
    await expect(refused).rejects.toMatchObject({ problem: 'wrong_key' });
  });

  it('installs a release from a USB stick through the technician screen’s bridge call, and refuses one of another key', async () => {
    const media = path.join(work, 'media');
    await exportRelease(server.db, '1.1.0', path.join(work, 'server-blobs'), path.join(media, 'STICK'));
    const journal = createSubmissionJournal({ dir: path.join(work, 'usb-state') });
    const hostFor = async (releasePublicKey: string) => {
      const root = await kioskRoot('usb-bridge');
      const updater = createUpdater({
        root,
        releasePublicKey,
        runningVersion: '1.0.0',
        serverSource: () => source(),
        lastVisitAt: () => Date.now(),
      });
      const handlers = createHostServices({
        config: { ...validConfig(path.join(work, 'receipts')), importDirs: [media] },
        transport: {} as ServerTransport,
        printer: { status: async () => ({ state: 'ready' }) } as unknown as ReceiptPrinter,
        journal,
        mode: 'browser',
        updater,
      });
      const found = await dispatchBridgeCall(handlers, 'usb.findFolders', {});
      if (!found.ok) throw new Error(found.error.message);
      const { folders } = found.value as { folders: Array<{ id: string; location: string }> };
      const stick = folders.find((f) => f.location.endsWith('STICK'))!;
      return { root, reply: await dispatchBridgeCall(handlers, 'update.installFromUsb', { folderId: stick.id }) };
    };
    try {
      const good = await hostFor(KEY.publicKey);
      // A visitor was here a moment ago, but the technician asked: installed for the next start.
      expect(good.reply).toEqual({
        ok: true,
        value: { ok: true, version: '1.1.0', fetchedFiles: 4, reusedFiles: 0, installed: true },
      });
      expect(await readPointer(good.root)).toMatchObject({ version: '1.1.0' });
      const bad = await hostFor(OTHER_KEY.publicKey);
      // Refused with why, as an answer the technician screen words; nothing installed.
      expect(bad.reply).toEqual({ ok: true, value: { ok: false, refused: 'wrong_key' } });
      expect(await readPointer(bad.root)).toBeNull();
    } finally {
      await journal.close();
    }
  });

  it('rolls back a new version that crashes at every start to the previous one', async () => {
    const root = await kioskRoot('rollback');
    // Two versions staged as the updater stages them: a good one that confirms itself, a crashing one.
    const confirmScript = (version: string) =>
      `import { readFileSync, writeFileSync, renameSync } from 'node:fs';\n` +
      `const file = process.env.TSONKH_RELEASE_ROOT + '/current.json';\n` +
      `const p = JSON.parse(readFileSync(file, 'utf8'));\n` +
      `if (p.version === '${version}') { p.confirmed = true; p.failedStarts = 0; writeFileSync(file + '.t', JSON.stringify(p)); renameSync(file + '.t', file); }\n`;
    const stage = async (version: string, entryText: string) => {
      const dir = path.join(work, `launch-${version}`);
      await mkdir(path.join(dir, 'host'), { recursive: true });
      await writeFile(path.join(dir, 'host', 'browser-mode.mjs'), entryText);
      await writeFile(path.join(dir, 'index.html'), version);
      const blobDir = path.join(work, 'launch-blobs');
      await publishRelease(server.db, { dir, version, key: KEY, blobDir, by: 'cli:test' });
      const signed = await signedRelease(server.db, version);
      const flat = path.join(work, `stick-${version}`);
      await mkdir(path.join(flat, 'blobs'), { recursive: true });
      await writeFile(path.join(flat, 'release.json'), JSON.stringify(signed));
      for (const file of (await releaseManifest(server.db, version))!.files) {
        await writeFile(path.join(flat, 'blobs', file.sha256), await readFile(blobPath(blobDir, file.sha256)));
      }
      await downloadRelease({
        root,
        source: createFolderReleaseSource(flat),
        releasePublicKey: KEY.publicKey,
        runningVersion: null,
      });
    };
    await stage('3.0.0', confirmScript('3.0.0'));
    await stage('3.1.0', 'process.exit(1);\n');
    await installRelease(root, '3.0.0');
    const first = await readPointer(root);
    expect(first).toMatchObject({ version: '3.0.0', previous: null });
    await writeFile(root.pointer, JSON.stringify({ ...first, confirmed: true }));
    await installRelease(root, '3.1.0');

    const started: string[] = [];
    await superviseReleases({
      root,
      maxFailedStarts: 2,
      maxStarts: 3,
      healthyWithinMs: 60_000,
      onStart: (plan) => started.push(plan.version),
      start: (plan) =>
        spawn(process.execPath, [plan.entry], {
          stdio: 'ignore',
          env: { ...process.env, TSONKH_RELEASE_ROOT: root.root },
        }),
    });
    expect(started).toEqual(['3.1.0', '3.1.0', '3.0.0']);
    const pointer = await readPointer(root);
    expect(pointer).toMatchObject({ version: '3.0.0', confirmed: true, rolledBack: { version: '3.1.0' } });
    expect((await planStart(root, 2))?.version).toBe('3.0.0');
    // The kiosk's next report says so.
    const updater = createUpdater({
      root,
      releasePublicKey: KEY.publicKey,
      runningVersion: '3.0.0',
      serverSource: () => source(),
      lastVisitAt: () => null,
    });
    await updater.ready;
    expect(updater.report()).toMatchObject({ state: 'rolled_back', version: '3.1.0' });

    // A new version that hangs (never reports healthy) is stopped after its time and rolled back too.
    await stage('3.2.0', 'setInterval(() => undefined, 1000);\n');
    await installRelease(root, '3.2.0');
    const hung: string[] = [];
    await superviseReleases({
      root,
      maxFailedStarts: 1,
      maxStarts: 2,
      healthyWithinMs: 1500,
      onStart: (plan) => hung.push(plan.version),
      start: (plan) =>
        spawn(process.execPath, [plan.entry], {
          stdio: 'ignore',
          env: { ...process.env, TSONKH_RELEASE_ROOT: root.root },
        }),
    });
    expect(hung).toEqual(['3.2.0', '3.0.0']);
    expect(await readPointer(root)).toMatchObject({ version: '3.0.0', rolledBack: { version: '3.2.0' } });
  });
  it('starts the build the kiosk came with before any release, rolls the first release back to it, and never takes that release again', async () => {
    const root = await kioskRoot('factory');
    const factoryDir = path.join(work, 'factory');
    await mkdir(factoryDir, { recursive: true });
    const factory = { version: '1.0.0', entry: path.join(factoryDir, 'browser-mode.mjs') };
    await writeFile(factory.entry, 'export {};\n');
    expect(await planStart(root, 2, new Date(), factory)).toEqual(factory);

    // The first release, installed while the factory build runs: its rollback is the factory build.
    const dir = path.join(work, 'launch-4.0.0');
    await mkdir(path.join(dir, 'host'), { recursive: true });
    await writeFile(path.join(dir, 'host', 'browser-mode.mjs'), 'process.exit(1);\n');
    const blobDir = path.join(work, 'factory-blobs');
    await publishRelease(server.db, { dir, version: '4.0.0', key: KEY, blobDir, by: 'cli:test' });
    const flat = path.join(work, 'stick-4.0.0');
    await mkdir(path.join(flat, 'blobs'), { recursive: true });
    await writeFile(path.join(flat, 'release.json'), JSON.stringify(await signedRelease(server.db, '4.0.0')));
    for (const file of (await releaseManifest(server.db, '4.0.0'))!.files) {
      await writeFile(path.join(flat, 'blobs', file.sha256), await readFile(blobPath(blobDir, file.sha256)));
    }
    await downloadRelease({
      root,
      source: createFolderReleaseSource(flat),
      releasePublicKey: KEY.publicKey,
      runningVersion: null,
    });
    await installRelease(root, '4.0.0', new Date(), factory.version);
    expect(await readPointer(root)).toMatchObject({ version: '4.0.0', previous: '1.0.0', confirmed: false });

    const started: string[] = [];
    await superviseReleases({
      root,
      factory,
      maxFailedStarts: 2,
      maxStarts: 3,
      healthyWithinMs: 60_000,
      onStart: (plan) => started.push(plan.version),
      start: (plan) => spawn(process.execPath, [plan.entry], { stdio: 'ignore' }),
    });
    expect(started).toEqual(['4.0.0', '4.0.0', '1.0.0']);
    expect(await readPointer(root)).toMatchObject({ version: '1.0.0', rolledBack: { version: '4.0.0' } });
    expect((await planStart(root, 2, new Date(), factory))?.entry).toBe(factory.entry);

    // Offered again (it is still the newest), the release it rolled back from is not taken.
    let asked = 0;
    const updater = createUpdater({
      root,
      releasePublicKey: KEY.publicKey,
      runningVersion: '1.0.0',
      serverSource: () => {
        asked++;
        return source();
      },
      lastVisitAt: () => null,
    });
    await updater.ready;
    updater.offer({ version: '4.0.0', manifestPath: '/api/v1/releases/4.0.0/manifest', channel: 'all' });
    expect(asked).toBe(0);
    expect(updater.report()).toMatchObject({ state: 'rolled_back', version: '4.0.0' });
  });
});
