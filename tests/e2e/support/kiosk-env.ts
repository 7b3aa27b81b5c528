import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowserModeKiosk, type BrowserModeKiosk } from '../../../src-main/browser-mode.js';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import type { ReleaseSigningKey } from '../../../src-server/releases/release-key.js';
import { exportRelease, publishRelease, releaseBlobDir } from '../../../src-server/releases/release-store.js';
import { startServerChild, type ServerChild } from '../../support/server-process.js';
import { createFreshDatabase, type FreshDatabase } from '../../support/test-database.js';
import { REPO_ROOT, freePort } from './processes.js';

/**
 * The tag of the journeys whose server keeps what the kiosk sent: `npm run test:pg` runs these
 * again with the server on PostgreSQL (playwright.config.ts).
 */
export const SERVER_JOURNEY = { tag: '@server' };

/** The e2e worlds' PostgreSQL databases are named so; the Playwright teardown drops any left. */
export const E2E_DATABASE_PREFIX = 'tsonkh_e2e';

/** How a world starts: a failing printer, fields laid over the example kiosk config. */
export interface WorldOptions {
  printerFails?: boolean;
  config?: Record<string, unknown>;
  /** Where the kiosk host keeps its journal (default: the world's `journal` folder), e.g. on a small filesystem. */
  journalDir?: string;
  /**
   * Serve a copy of dist/renderer from the world's own folder (`env.rendererDir`), for tests that
   * replace or remove the host's UI files while the kiosk runs.
   */
  ownRenderer?: boolean;
  /**
   * The demo open data (issue 19) on the server, and so on the kiosk after its first sync. Only
   * the journeys that show it ask for it: importing and syncing its 3,400 records costs every
   * other world a couple of seconds of CPU.
   */
  openData?: boolean;
}

/**
 * One isolated world per test: a temp folder with the kiosk's config and its captured receipts,
 * the server's database (a SQLite file in the folder, or under `npm run test:pg` a fresh
 * PostgreSQL database), a real server process, the kiosk host in browser mode.
 */
export class KioskEnvironment {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-e2e-'));
  readonly dataDir = path.join(this.dir, 'server-data');
  readonly receiptsDir = path.join(this.dir, 'receipts');
  readonly configPath = path.join(this.dir, 'kiosk.json');
  /** The UI files the kiosk host serves: dist/renderer, or the world's copy (`ownRenderer`). */
  rendererDir = path.join(REPO_ROOT, 'dist/renderer');
  server: ServerChild | null = null;
  kiosk: BrowserModeKiosk | null = null;
  /** A second kiosk on the same server (`startSecondKiosk`), for what one kiosk sees of another's submissions. */
  secondKiosk: BrowserModeKiosk | null = null;
  serverPort = 0;
  /** Whether the server imports the demo open data (WorldOptions.openData). */
  openData = false;
  private database: FreshDatabase | null = null;
  private reader: Database | null = null;

  /** `config`: fields laid over the example kiosk config (idle timings, presentation, staff…). */
  async start(opts: WorldOptions = {}): Promise<void> {
    this.serverPort = await freePort();
    const example = JSON.parse(readFileSync(path.join(REPO_ROOT, 'kiosk-config/example.json'), 'utf8'));
    const config = {
      ...example,
      $schema: undefined,
      server: { ...example.server, url: `http://127.0.0.1:${this.serverPort}`, timeoutMs: 3000 },
      printer: { kind: 'capture', captureDir: this.receiptsDir, width: 48, fail: opts.printerFails ?? false },
      sync: { intervalSeconds: 2 },
      importDirs: [path.join(this.dir, 'usb')],
      testHooks: true,
      ...opts.config,
    };
    writeFileSync(this.configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
    this.openData = opts.openData ?? false;
    await this.startServer();
    if (opts.ownRenderer) {
      this.rendererDir = path.join(this.dir, 'renderer');
      cpSync(path.join(REPO_ROOT, 'dist/renderer'), this.rendererDir, { recursive: true });
    }
    this.kiosk = await startBrowserModeKiosk({
      configPath: this.configPath,
      port: 0,
      staticDir: this.rendererDir,
      journalDir: opts.journalDir ?? path.join(this.dir, 'journal'),
    });
  }

  /** The real server as its own process, in demo mode with this world's kiosk registered; same port and data every time. */
  async startServer(): Promise<void> {
    this.server = await startServerChild({
      port: this.serverPort,
      dataDir: this.dataDir,
      env: {
        TSONKH_DEMO_KIOSK_CONFIG: this.configPath,
        TSONKH_DEMO_OPEN_DATA: this.openData ? '1' : '0',
        DATABASE_URL: (await this.serverDatabase()).url,
      },
    });
  }

  /** The server's database, made on first use and kept for this world (across server restarts). */
  async serverDatabase(): Promise<FreshDatabase> {
    this.database ??= await createFreshDatabase({ dir: this.dataDir, databasePrefix: E2E_DATABASE_PREFIX });
    return this.database;
  }

  /** A connection to the server's database for the test's own reads (closed by `stop`). */
  async serverDb(): Promise<Database> {
    this.reader ??= createDatabase((await this.serverDatabase()).target);
    return this.reader;
  }

  async stopServer(): Promise<void> {
    await this.server?.stop();
    this.server = null;
  }

  async stop(): Promise<void> {
    await this.kiosk?.close();
    await this.secondKiosk?.close();
    this.secondKiosk = null;
    await this.stopServer();
    await this.reader?.destroy();
    this.reader = null;
  }

  /**
   * Runs one of the server's commands (`src-server/cli/*.ts`, as an operator would with npm run)
   * on this world's data folder and database, to its end; `input` is what is typed at its prompts.
   */
  async runCli(
    file: string,
    args: string[] = [],
    input?: string,
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
      input,
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TSONKH_DATA_DIR: this.dataDir,
        DATABASE_URL: (await this.serverDatabase()).url,
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /**
   * Another kiosk (code 0422, its own credential, journal and receipts) on the same server:
   * its config is the first kiosk's with those changed, registered with the server's own CLI.
   * Call after `start()`. Its IndexedDB is apart from the first kiosk's (another origin).
   */
  async startSecondKiosk(): Promise<BrowserModeKiosk> {
    const first = JSON.parse(readFileSync(this.configPath, 'utf8'));
    const configPath = path.join(this.dir, 'kiosk-2.json');
    const config = {
      ...first,
      kioskCode: '0422',
      server: { ...first.server, credential: 'demo-kiosk-0422-second-credential-for-tests' },
      printer: { ...first.printer, captureDir: path.join(this.dir, 'receipts-2') },
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
    const registered = await this.runCli('src-server/cli/register-kiosk.ts', [configPath]);
    if (registered.status !== 0) throw new Error(`registering the second kiosk failed: ${registered.stderr}`);
    this.secondKiosk = await startBrowserModeKiosk({
      configPath,
      port: 0,
      staticDir: path.join(REPO_ROOT, 'dist/renderer'),
      journalDir: path.join(this.dir, 'journal-2'),
    });
    return this.secondKiosk;
  }

  /**
   * A kiosk release on a USB stick as the centre makes one: this build (`dist/renderer` and
   * `dist/host`, the browser-mode deployable) published on this world's server with `key`, then
   * exported to `<stick>/tsonkh-release/` — the functions behind `npm run release -- publish` and
   * `-- export`, without two more processes.
   */
  async releaseOnStick(stick: string, version: string, key: ReleaseSigningKey): Promise<void> {
    const build = path.join(this.dir, `release-${version}`);
    for (const part of ['renderer', 'host']) {
      cpSync(path.join(REPO_ROOT, 'dist', part), path.join(build, part), { recursive: true });
    }
    const db = await this.serverDb();
    const blobDir = releaseBlobDir(this.dataDir);
    await publishRelease(db, { dir: build, version, key, blobDir, by: 'e2e' });
    await exportRelease(db, version, blobDir, stick);
  }

  /** Rows on the server for a tracking number, read from its database. */
  async serverRows(trackingNo: string): Promise<number> {
    const row = await (
      await this.serverDb()
    )
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tracking_no', '=', trackingNo)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  capturedReceipts(): { file: string; bytes: Buffer }[] {
    try {
      return readdirSync(this.receiptsDir)
        .filter((f) => f.endsWith('.bin'))
        .map((f) => ({ file: f, bytes: readFileSync(path.join(this.receiptsDir, f)) }));
    } catch {
      return [];
    }
  }
}
