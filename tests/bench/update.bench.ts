// Kiosk update over a thin link (issue 18, "updated over thin links").
//
// A real server process (SQLite, demo mode) hosts two releases published with the release CLI
// (`npm run release -- publish`): 1.0.0 built from the real browser-mode deployable (dist/renderer
// + dist/host, `npm run build` first), and 1.0.1 where one screen of the renderer changed: the
// chunk holding the technician screen gets a one-line change and, as Vite does, a new hashed name,
// so every file naming it (index.html, the chunks importing it) changes too. The kiosk runs 1.0.0
// and takes 1.0.1 as the host's updater does (src-main/update/): the signed manifest, then only the
// files it lacks, through the fault proxy capped at 256 kbit/s.
//
// full_bytes   the whole release (what a kiosk without it downloads: every file)
// delta_bytes  bytes that crossed the capped link for the update (manifest, blobs, HTTP headers)
// ratio        delta_bytes / full_bytes
// seconds      how long the update took on the capped link
//
// Target: ratio ≤ 0.25 (a one-screen change costs at most a quarter of a full download).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadRelease } from '../../src-main/update/download-release.js';
import { createHttpReleaseSource } from '../../src-main/update/release-source.js';
import { releaseRoot } from '../../src-main/update/release-root.js';
import { REPO_ROOT } from '../e2e/support/processes.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { freePort, startServerChild } from '../support/server-process.js';
import { report } from './support/report.js';

const CAP_BYTES_PER_S = 256_000 / 8;
const DEMO_CREDENTIAL = 'demo-kiosk-0421-credential-change-me';
const dist = path.join(REPO_ROOT, 'dist');
for (const part of ['renderer', 'host']) {
  if (!existsSync(path.join(dist, part))) {
    console.error(`dist/${part} is missing: run npm run build first`);
    process.exit(1);
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-update-bench-'));
const dataDir = path.join(work, 'data');
const keyFile = path.join(work, 'release-key.pem');

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src-server/cli/release.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSONKH_DATA_DIR: dataDir, TSONKH_DEMO: '1', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`release ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The deployable as a release folder: `renderer/` and `host/`, without source maps. */
function layout(dir: string): string {
  cpSync(path.join(dist, 'renderer'), path.join(dir, 'renderer'), { recursive: true });
  cpSync(path.join(dist, 'host'), path.join(dir, 'host'), { recursive: true });
  return dir;
}

/** One screen changed: its chunk gets a one-line change and a new name; files naming it follow. */
function changeOneScreen(dir: string): string {
  const assets = path.join(dir, 'renderer', 'assets');
  const chunks = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const screen =
    chunks.find((f) => readFileSync(path.join(assets, f), 'utf8').includes('usb-panel')) ??
    chunks.sort((a, b) => readFileSync(path.join(assets, a)).length - readFileSync(path.join(assets, b)).length)[0]!;
  const text = readFileSync(path.join(assets, screen), 'utf8').replace('usb-panel', 'usb-panel-v2');
  const hash = createHash('sha256').update(text).digest('base64url').slice(0, 8);
  const renamed = screen.replace(/-[A-Za-z0-9_-]{8}\.js$/, `-${hash}.js`);
  writeFileSync(path.join(assets, screen), text);
  renameSync(path.join(assets, screen), path.join(assets, renamed));
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
    );
  let naming = 0;
  for (const file of walk(path.join(dir, 'renderer'))) {
    if (!/\.(js|html|css)$/.test(file)) continue;
    const body = readFileSync(file, 'utf8');
    if (body.includes(screen)) {
      writeFileSync(file, body.replaceAll(screen, renamed));
      naming++;
    }
  }
  console.log(`# changed ${screen} → ${renamed}; ${naming} file(s) name it`);
  return dir;
}

const port = await freePort();
const server = await startServerChild({ port, dataDir, runner: 'tsx' });
try {
  cli('keygen', keyFile);
  const v1 = layout(path.join(work, 'v1'));
  const v2 = changeOneScreen(layout(path.join(work, 'v2')));
  cli('publish', v1, '--version', '1.0.0', '--key', keyFile);
  cli('publish', v2, '--version', '1.0.1', '--key', keyFile);
  cli('promote', '1.0.1');
  const publicKey = readFileSync(keyFile, 'utf8');
  const { releaseKeyFromPem } = await import('../../src-server/releases/release-key.js');
  const key = releaseKeyFromPem(publicKey);

  const proxy = await startFaultProxy({ host: '127.0.0.1', port }, { bytesPerSecond: CAP_BYTES_PER_S });
  const root = releaseRoot(path.join(work, 'kiosk'));
  const started = performance.now();
  const result = await downloadRelease({
    root,
    source: createHttpReleaseSource({
      baseUrl: proxy.url,
      manifestPath: '/api/v1/releases/1.0.1/manifest',
      authorization: async () => `Bearer ${DEMO_CREDENTIAL}`,
    }),
    releasePublicKey: key.publicKey,
    runningVersion: '1.0.0',
    localDirs: [v1],
  });
  const seconds = (performance.now() - started) / 1000;
  await proxy.close();
  const full = result.manifest.files.reduce((sum, f) => sum + f.size, 0);
  const delta = proxy.stats.down + proxy.stats.up;
  console.log(
    `# ${result.manifest.files.length} files; ${result.fetchedFiles} fetched (${result.fetchedBytes} bytes of files), ${result.reusedFiles} reused`,
  );
  report('update', 'full_bytes', full);
  report('update', 'delta_bytes', delta);
  report('update', 'ratio', delta / full, '≤0.25');
  report('update', 'seconds', seconds, `at 256 kbit/s (full download ≈ ${Math.round(full / CAP_BYTES_PER_S)} s)`);
  console.log(`BENCH update full_bytes=${full} delta_bytes=${delta} ratio=${(delta / full).toFixed(3)} target=≤0.25`);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
