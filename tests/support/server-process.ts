import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../e2e/support/processes.js';

export { freePort } from '../e2e/support/processes.js';

/** The real central server as its own process, which a fault may end at any moment. */
export interface ServerChild {
  url: string;
  port: number;
  /** The process id (e.g. to read the process's CPU time from /proc). */
  pid: number;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** The exit code so far; undefined while the process runs. */
  exitCode(): number | null | undefined;
  /** The last lines the process printed, for failure messages. */
  output(): string;
  /** SIGTERM and wait (SIGKILL after 5 s); nothing when it has already exited. */
  stop(): Promise<void>;
}

/** How the child runs the server: `node --import tsx src-server/main.ts`, or the same sources bundled once. */
export type ServerRunner = 'tsx' | 'bundle';

const bundles = new Map<string, { dir: string; outfile: Promise<string> }>();

/**
 * `src-server/main.ts` and its sources bundled by esbuild (the transpiler tsx itself uses), once
 * per test process: the same code, but a start costs about 0.6 s of CPU instead of about 1.4 s,
 * which matters when a test restarts the server fifty times on two cores.
 */
export function bundledServer(): Promise<string> {
  return bundledEntry('src-server/main.ts');
}

/**
 * Any `src-server` entry point (the server, a command-line tool) bundled once per test process,
 * for tests that run it as a process many times. Packages stay external (resolved through a
 * `node_modules` link next to the bundle), and `import.meta.url` is pinned to
 * src-server/config.ts (the one module that reads it) so REPO_ROOT, the demo keys and the demo
 * content resolve as with tsx.
 */
export function bundledEntry(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-server-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = (async () => {
      const { build } = await import('esbuild');
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const file = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
      await build({
        entryPoints: [path.join(REPO_ROOT, entry)],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        define: {
          'import.meta.url': JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src-server', 'config.ts')).href),
        },
        logLevel: 'warning',
      });
      return file;
    })();
    bundle = { dir, outfile };
    bundles.set(entry, bundle);
  }
  return bundle.outfile;
}

/** Removes the bundles (a test's cleanup; a worker that is killed may skip its exit hooks). */
export async function removeBundledServer(): Promise<void> {
  const all = [...bundles.values()];
  bundles.clear();
  for (const { dir, outfile } of all) {
    await outfile.catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the server on `port` answers its health check within `timeoutMs`. */
export async function healthy(port: number, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `src-server/main.ts` (bundled, or the way tests/e2e/support/processes.ts does with
 * `node --import tsx`) in demo mode, on a fixed port and data folder so a restart finds the same database. `env`
 * adds variables (e.g. TSONKH_FAULT_CRASH_AFTER_COMMIT); any TSONKH_FAULT_* inherited from the
 * caller's environment is dropped. Resolves once the server answers its health check.
 */
export async function startServerChild(opts: {
  port: number;
  dataDir: string;
  /**
   * DATABASE_URL of the child (tests/support/test-database.ts `url`); unset: the SQLite file in
   * `dataDir`. An inherited DATABASE_URL is never used, so a developer's own setting cannot leak in.
   */
  databaseUrl?: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Default 'bundle'. */
  runner?: ServerRunner;
  /** Options for node itself, before the script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}): Promise<ServerChild> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('TSONKH_') || k === 'DATABASE_URL') delete env[k];
  Object.assign(env, {
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    TSONKH_DATA_DIR: opts.dataDir,
    ...(opts.databaseUrl !== undefined && { DATABASE_URL: opts.databaseUrl }),
    TSONKH_DEMO: '1',
    LOG_LEVEL: 'warn',
    ...opts.env,
  });
  const tsx = ['--import', 'tsx', 'src-server/main.ts'];
  // esbuild comes with tsx and vite rather than as a dependency of its own: without it, use tsx.
  const args =
    (opts.runner ?? 'bundle') === 'bundle'
      ? await bundledServer().then(
          (f) => [f],
          () => tsx,
        )
      : tsx;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A server left running would hold the port and keep vitest's worker alive.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (c) => {
      code = c;
      process.off('exit', killOnExit);
      resolve(c);
    }),
  );

  const deadline = performance.now() + (opts.readyTimeoutMs ?? 45_000);
  for (;;) {
    if (code !== undefined) {
      throw new Error(`the server exited (${code}) before it was ready:\n${lines.join('\n')}`);
    }
    if (await healthy(opts.port, 500)) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy:\n${lines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startupMs = performance.now() - started;

  return {
    url: `http://127.0.0.1:${opts.port}`,
    port: opts.port,
    pid: child.pid!,
    startupMs,
    exited,
    exitCode: () => code,
    output: () => lines.join('\n'),
    async stop() {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
