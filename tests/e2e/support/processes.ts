import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** A free loopback port: bind port 0, read it, release it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

export interface ServerProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Runs the real central server as its own process (tsx), with demo content, on loopback.
 * Stopping sends SIGTERM and waits; a process left over is killed when the test process exits.
 */
export async function startServer(opts: {
  port: number;
  dataDir: string;
  kioskConfig: string;
  /** DATABASE_URL of the server (e.g. a fresh PostgreSQL database); unset: the SQLite file in `dataDir`. */
  databaseUrl?: string;
}): Promise<ServerProcess> {
  const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...parentEnv,
      ...(opts.databaseUrl !== undefined && { DATABASE_URL: opts.databaseUrl }),
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      TSONKH_DATA_DIR: opts.dataDir,
      TSONKH_DEMO: '1',
      TSONKH_DEMO_KIOSK_CONFIG: opts.kioskConfig,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exitHook = () => child.kill('SIGKILL');
  process.once('exit', exitHook);
  const url = `http://127.0.0.1:${opts.port}`;
  await waitFor(async () => ((await fetch(`${url}/api/v1/health`)).ok ? true : undefined), 'the server health check');
  return {
    url,
    port: opts.port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      process.off('exit', exitHook);
    },
  };
}
