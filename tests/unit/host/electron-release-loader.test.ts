import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import { releaseManifestSchema } from '../../../src-shared/schemas/release.js';
import { listReleaseFiles } from '../../../src-server/releases/release-files.js';
import {
  generateReleaseKey,
  signReleaseText,
  type ReleaseSigningKey,
} from '../../../src-server/releases/release-key.js';
import { readReleasePublicKeySync } from '../../../src-main/config/load-kiosk-config.js';
import { downloadRelease } from '../../../src-main/update/download-release.js';
import { confirmHealthy, installRelease } from '../../../src-main/update/install-release.js';
import {
  ELECTRON_RELEASE_FILES,
  electronReleaseRootDir,
  loadElectronMain,
  watchUnconfirmedStart,
  type ElectronStart,
} from '../../../src-main/update/release-loader.js';
import { createFolderReleaseSource } from '../../../src-main/update/release-source.js';
import { readPointer, releaseRoot, type ReleaseRoot } from '../../../src-main/update/release-root.js';
import { UpdateError } from '../../../src-main/update/update-error.js';
import { createUpdater } from '../../../src-main/update/updater.js';

/**
 * The packaged kiosk's release loader (issue 18: the Electron build takes releases), in plain Node:
 * real releases in a temp folder, signed with the project's release-key functions, staged by the
 * updater's own download, and main bundles really `require`d. Only the few lines of
 * src-main/electron/main.ts that hand it Electron's `app` are not run here (no Electron binary).
 */
const KEY = generateReleaseKey().key;
const OTHER_KEY = generateReleaseKey().key;
const FACTORY_VERSION = '1.0.0';

/** What every loaded main (factory or release) leaves behind: its folder and version. */
type Loaded = { version: string; dir: string };
const loadedMains = () => ((globalThis as Record<string, unknown>).__tsonkhLoaded ?? []) as Loaded[];

/** A main bundle that records that it ran (`behaviour` runs after, e.g. a crash). */
const mainScript = (version: string, behaviour = '') =>
  `'use strict';\n(globalThis.__tsonkhLoaded ??= []).push({ version: ${JSON.stringify(version)}, dir: __dirname });\n${behaviour}\n`;

const requireFresh = createRequire(import.meta.url);
/** `require` as Electron's main process would, run again for each start (a new process each time). */
const load = (entry: string) => {
  delete requireFresh.cache[entry];
  requireFresh(entry);
};

let work: string;
let factoryEntry: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tsonkh-electron-loader-'));
  // The archive's own main (in the package: app.asar/dist/main/kiosk-main.cjs).
  factoryEntry = path.join(work, 'app', 'dist', 'main', 'kiosk-main.cjs');
  await mkdir(path.dirname(factoryEntry), { recursive: true });
  await writeFile(factoryEntry, mainScript('factory'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A release folder as `npm run build` lays out dist/: main + preload, renderer, and the browser-mode host. */
async function releaseFolder(
  version: string,
  options: { electron?: boolean; mainBehaviour?: string } = {},
): Promise<string> {
  const dir = path.join(work, `src-${version}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(path.join(dir, 'host'), { recursive: true });
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'host', 'browser-mode.mjs'), 'export {};\n');
  await writeFile(path.join(dir, 'renderer', 'index.html'), `<!doctype html><title>Tsonkh ${version}</title>\n`);
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), `console.info(${JSON.stringify(version)});\n`);
  if (options.electron !== false) {
    await mkdir(path.join(dir, 'main'), { recursive: true });
    await writeFile(path.join(dir, 'main', 'kiosk-main.cjs'), mainScript(version, options.mainBehaviour));
    await writeFile(path.join(dir, 'main', 'preload.cjs'), "'use strict';\n");
  }
  return dir;
}

/** Signs a folder's manifest as `npm run release -- publish` does and writes it as a USB stick's release. */
async function stickOf(dir: string, version: string, key: ReleaseSigningKey): Promise<string> {
  const manifest = releaseManifestSchema.parse({
    format: 1,
    product: 'tsonkh-kiosk',
    version,
    createdAt: new Date().toISOString(),
    entry: 'host/browser-mode.mjs',
    files: await listReleaseFiles(dir),
  });
  const text = canonicalJson(manifest);
  const stick = `${dir}-stick`;
  await mkdir(path.join(stick, 'blobs'), { recursive: true });
  await writeFile(
    path.join(stick, 'release.json'),
    JSON.stringify({ manifest: text, signature: signReleaseText(text, key), keyId: key.keyId }),
  );
  for (const file of manifest.files) {
    await copyFile(path.join(dir, ...file.path.split('/')), path.join(stick, 'blobs', file.sha256));
  }
  return stick;
}

/** Staged by the updater's own download (checked with `key`), then installed as the updater installs. */
async function stageAndInstall(root: ReleaseRoot, dir: string, version: string, key = KEY): Promise<void> {
  await downloadRelease({
    root,
    source: createFolderReleaseSource(await stickOf(dir, version, key)),
    releasePublicKey: key.publicKey,
    runningVersion: null,
  });
  await installRelease(root, version, new Date(), FACTORY_VERSION);
}

const newRoot = async () => releaseRoot(await mkdtemp(path.join(work, 'root-')));

/** One start of the packaged kiosk: what the loader plans and runs, and what ran. */
function startKiosk(root: ReleaseRoot, options: { key?: string | null; maxFailedStarts?: number } = {}) {
  const env: NodeJS.ProcessEnv = {};
  const before = loadedMains().length;
  let start: ElectronStart | undefined;
  let crashed: unknown = null;
  try {
    start = loadElectronMain({
      root,
      factory: { version: FACTORY_VERSION, entry: factoryEntry },
      releasePublicKey: options.key === undefined ? KEY.publicKey : options.key,
      maxFailedStarts: options.maxFailedStarts ?? 3,
      env,
      load,
    });
  } catch (error) {
    // What src-main/electron/main.ts does with it: the process exits and systemd starts it again.
    crashed = error;
  }
  return { start, env, ran: loadedMains().slice(before), crashed };
}

describe('the Electron release loader (issue 18)', () => {
  it('runs the archive’s own main when no release is installed', async () => {
    const root = await newRoot();
    const { start, env, ran } = startKiosk(root);
    expect(ran).toEqual([{ version: 'factory', dir: path.dirname(factoryEntry) }]);
    expect(start).toMatchObject({ factory: true, version: FACTORY_VERSION, unconfirmed: false, rendererDir: null });
    expect(start?.refused).toBeUndefined();
    // The host confirms and reports the version it was started as.
    expect(env).toEqual({ TSONKH_RELEASE_VERSION: FACTORY_VERSION });
    expect(await readPointer(root)).toBeNull();
  });

  it('runs a verified release’s main from its own folder, with its own renderer, counting the start until it is healthy', async () => {
    const root = await newRoot();
    await stageAndInstall(root, await releaseFolder('2.0.0'), '2.0.0');
    const versionDir = root.versionDir('2.0.0');

    const first = startKiosk(root);
    expect(first.ran).toEqual([{ version: '2.0.0', dir: path.join(versionDir, 'main') }]);
    expect(first.start).toMatchObject({ factory: false, version: '2.0.0', unconfirmed: true });
    // kiosk-main.cjs takes preload.cjs beside it (__dirname) and the renderer the loader checked.
    expect(first.env).toEqual({
      TSONKH_RELEASE_VERSION: '2.0.0',
      TSONKH_RENDERER_DIR: path.join(versionDir, 'renderer'),
    });
    expect(await readPointer(root)).toMatchObject({ version: '2.0.0', confirmed: false, failedStarts: 1 });

    // The host's first health report through the new version confirms it (updater.confirmRunning).
    await confirmHealthy(root, '2.0.0');
    const next = startKiosk(root);
    expect(next.start).toMatchObject({ version: '2.0.0', unconfirmed: false });
    expect(await readPointer(root)).toMatchObject({ version: '2.0.0', confirmed: true, failedStarts: 0 });
  });

  it('refuses a release with one byte changed, or a file added, and runs the factory build saying why', async () => {
    const root = await newRoot();
    await stageAndInstall(root, await releaseFolder('2.1.0'), '2.1.0');
    const script = path.join(root.versionDir('2.1.0'), 'renderer', 'assets', 'app.js');
    const bytes = await readFile(script);
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(script, bytes);

    const { start, env, ran } = startKiosk(root);
    expect(ran.map((m) => m.version)).toEqual(['factory']);
    expect(start?.factory).toBe(true);
    expect(start?.refused).toMatch(/^2\.1\.0: hash_mismatch: renderer\/assets\/app\.js does not match its hash/);
    expect(env.TSONKH_RENDERER_DIR).toBeUndefined();
    // Recorded: current.json names the factory build, with what was refused and why …
    const pointer = await readPointer(root);
    expect(pointer).toMatchObject({ version: FACTORY_VERSION, confirmed: true, rolledBack: { version: '2.1.0' } });
    expect(pointer?.rolledBack?.reason).toContain('renderer/assets/app.js does not match its hash');
    // … which the next health report tells, and the refused version is not taken again.
    let asked = 0;
    const updater = createUpdater({
      root,
      releasePublicKey: KEY.publicKey,
      runningVersion: FACTORY_VERSION,
      serverSource: () => {
        asked++;
        throw new Error('not asked');
      },
      lastVisitAt: () => null,
    });
    await updater.ready;
    expect(updater.report()).toMatchObject({ state: 'rolled_back', version: '2.1.0' });
    updater.offer({ version: '2.1.0', manifestPath: '/api/v1/releases/2.1.0/manifest', channel: 'all' });
    expect(asked).toBe(0);

    // A file slipped into the release's renderer (not in the signed manifest) is refused the same way.
    const other = await newRoot();
    await stageAndInstall(other, await releaseFolder('2.2.0'), '2.2.0');
    await writeFile(path.join(other.versionDir('2.2.0'), 'renderer', 'extra.js'), 'alert(1);\n');
    const added = startKiosk(other);
    expect(added.ran.map((m) => m.version)).toEqual(['factory']);
    expect(added.start?.refused).toContain('renderer/extra.js is not in the signed manifest');

    // So is a main bundle that went missing.
    const third = await newRoot();
    await stageAndInstall(third, await releaseFolder('2.3.0'), '2.3.0');
    await rm(path.join(third.versionDir('2.3.0'), 'main', 'kiosk-main.cjs'));
    const missing = startKiosk(third);
    expect(missing.ran.map((m) => m.version)).toEqual(['factory']);
    expect(missing.start?.refused).toContain('main/kiosk-main.cjs is missing');
  });

  it('refuses a release signed with another key, and one whose manifest was changed after signing', async () => {
    const root = await newRoot();
    // Staged as if the pinned key had been another (the loader checks again at every start).
    await stageAndInstall(root, await releaseFolder('3.0.0'), '3.0.0', OTHER_KEY);
    const { start, ran } = startKiosk(root);
    expect(ran.map((m) => m.version)).toEqual(['factory']);
    expect(start?.refused).toMatch(
      /^3\.0\.0: wrong_key: the release is signed with key [0-9a-f]{16}, not the pinned key/,
    );
    expect(await readPointer(root)).toMatchObject({ version: FACTORY_VERSION, rolledBack: { version: '3.0.0' } });

    const changed = await newRoot();
    await stageAndInstall(changed, await releaseFolder('3.1.0'), '3.1.0');
    const file = changed.signedReleaseFile('3.1.0');
    const signed = JSON.parse(await readFile(file, 'utf8')) as { manifest: string };
    // A file's hash replaced in the manifest text (to match tampered bytes): the signature no longer holds.
    signed.manifest = signed.manifest.replace(
      /"sha256":"[0-9a-f]/,
      (m) => `${m.slice(0, -1)}${m.endsWith('0') ? '1' : '0'}`,
    );
    await writeFile(file, JSON.stringify(signed));
    const second = startKiosk(changed);
    expect(second.ran.map((m) => m.version)).toEqual(['factory']);
    expect(second.start?.refused).toMatch(/^3\.1\.0: bad_signature/);

    // No key pinned (a config problem, not the release's): the factory build runs, nothing is recorded.
    const unpinned = await newRoot();
    await stageAndInstall(unpinned, await releaseFolder('3.2.0'), '3.2.0');
    const noKey = startKiosk(unpinned, { key: null });
    expect(noKey.ran.map((m) => m.version)).toEqual(['factory']);
    expect(noKey.start?.refused).toContain('no release key is pinned');
    expect(await readPointer(unpinned)).toMatchObject({ version: '3.2.0', confirmed: false, failedStarts: 0 });
  });

  it('counts the starts of a new version that crashes and rolls back to the previous one after N', async () => {
    const root = await newRoot();
    await stageAndInstall(root, await releaseFolder('4.0.0'), '4.0.0');
    await confirmHealthy(root, '4.0.0');
    await stageAndInstall(
      root,
      await releaseFolder('4.1.0', { mainBehaviour: "throw new Error('4.1.0 cannot start');" }),
      '4.1.0',
    );
    expect(await readPointer(root)).toMatchObject({ version: '4.1.0', previous: '4.0.0', failedStarts: 0 });

    // systemd's Restart=always: each start is a new process running the loader again.
    const starts = [0, 1, 2].map(() => startKiosk(root, { maxFailedStarts: 2 }));
    expect(starts.map((s) => s.start?.version)).toEqual([undefined, undefined, '4.0.0']);
    expect(starts.map((s) => s.ran.map((m) => m.version))).toEqual([['4.1.0'], ['4.1.0'], ['4.0.0']]);
    expect(starts[0]!.crashed).toBeInstanceOf(Error);
    expect(starts[2]!.start).toMatchObject({ factory: false, unconfirmed: false, rolledBackFrom: '4.1.0' });
    expect(await readPointer(root)).toMatchObject({
      version: '4.0.0',
      confirmed: true,
      rolledBack: { version: '4.1.0', reason: 'not healthy after 2 starts' },
    });

    // The first release crashing rolls back to the build the kiosk came with.
    const first = await newRoot();
    await stageAndInstall(first, await releaseFolder('5.0.0', { mainBehaviour: "throw new Error('no');" }), '5.0.0');
    const runs = [0, 1, 2, 3].map(() => startKiosk(first, { maxFailedStarts: 3 }));
    expect(runs.map((s) => s.ran.map((m) => m.version))).toEqual([['5.0.0'], ['5.0.0'], ['5.0.0'], ['factory']]);
    expect(await readPointer(first)).toMatchObject({ version: FACTORY_VERSION, rolledBack: { version: '5.0.0' } });
  });

  it('runs the factory build for a browser-mode-only release, and an Electron kiosk’s updater does not take one', async () => {
    const root = await newRoot();
    await stageAndInstall(root, await releaseFolder('6.0.0', { electron: false }), '6.0.0');
    const { start, ran } = startKiosk(root);
    expect(ran.map((m) => m.version)).toEqual(['factory']);
    expect(start?.refused).toContain('not a release for Electron kiosks');
    expect(start?.refused).toContain('main/kiosk-main.cjs');
    expect(await readPointer(root)).toMatchObject({ version: FACTORY_VERSION, rolledBack: { version: '6.0.0' } });

    // Before that: the Electron host's updater (kiosk-host.ts) refuses it before fetching a file.
    const stick = await stickOf(await releaseFolder('6.1.0', { electron: false }), '6.1.0', KEY);
    const fresh = await newRoot();
    const refused = await downloadRelease({
      root: fresh,
      source: createFolderReleaseSource(stick),
      releasePublicKey: KEY.publicKey,
      runningVersion: FACTORY_VERSION,
      requiredFiles: ELECTRON_RELEASE_FILES,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpdateError);
    expect(refused).toMatchObject({ problem: 'bad_manifest' });
    expect((refused as Error).message).toContain('main/kiosk-main.cjs');
  });

  it('restarts a new version that never reports healthy within its time (where systemd restarts the kiosk)', async () => {
    const root = await newRoot();
    await stageAndInstall(root, await releaseFolder('7.0.0'), '7.0.0');
    vi.useFakeTimers();
    try {
      const gaveUp = vi.fn();
      watchUnconfirmedStart(root, '7.0.0', 120_000, gaveUp);
      vi.advanceTimersByTime(119_000);
      expect(gaveUp).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1_000);
      expect(gaveUp).toHaveBeenCalledTimes(1);

      // Confirmed in time: left alone.
      await confirmHealthy(root, '7.0.0');
      const healthy = vi.fn();
      watchUnconfirmedStart(root, '7.0.0', 120_000, healthy);
      vi.advanceTimersByTime(120_000);
      expect(healthy).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('finds the releases folder and the pinned key as the host does', async () => {
    expect(
      electronReleaseRootDir({ TSONKH_RELEASE_ROOT: '/var/lib/tsonkh-kiosk/releases' }, '/home/k/.config/Tsonkh'),
    ).toBe('/var/lib/tsonkh-kiosk/releases');
    expect(electronReleaseRootDir({ TSONKH_JOURNAL_DIR: '/var/lib/tsonkh-kiosk/journal' }, '/x')).toBe(
      '/var/lib/tsonkh-kiosk/journal/releases',
    );
    expect(electronReleaseRootDir({}, '/home/k/.config/Tsonkh')).toBe('/home/k/.config/Tsonkh/journal/releases');

    const config = path.join(work, 'kiosk.json');
    await writeFile(config, `\uFEFF${JSON.stringify({ kioskCode: '6501', releasePublicKey: KEY.publicKey })}`);
    expect(readReleasePublicKeySync(config)).toBe(KEY.publicKey);
    await writeFile(config, JSON.stringify({ kioskCode: '6501' }));
    expect(readReleasePublicKeySync(config)).toBeNull();
    await writeFile(config, JSON.stringify({ releasePublicKey: 'not a key' }));
    expect(() => readReleasePublicKeySync(config)).toThrow(/releasePublicKey/);
  });
});
