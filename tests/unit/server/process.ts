import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { bundledEntry } from '../../support/server-process.js';
import { REPO_ROOT } from './helpers.js';

/**
 * Runs a server entry point (`src-server/main.ts`, a CLI) as its own Node process, as `tsx
 * <file>` would, but from an esbuild bundle of it made once per test file: a start costs about
 * 0.7 s of CPU instead of about 2 s, and these suites start dozens. `stdin: 'pipe'` for a CLI
 * that reads its standard input.
 */
export async function spawnEntry(
  file: string,
  args: string[],
  env: Record<string, string>,
  opts: { stdin?: 'pipe' | 'ignore' } = {},
): Promise<ChildProcess> {
  const script = await bundledEntry(file).catch(() => null);
  return spawn(process.execPath, script ? [script, ...args] : ['--import', 'tsx', file, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
}

/** Runs a command-line entry point to its end; returns its exit code and everything it printed. */
export async function runEntry(
  file: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = await spawnEntry(file, args, env, { stdin: input === undefined ? 'ignore' : 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  if (input !== undefined) child.stdin?.end(input);
  const { code } = await waitForExit(child);
  return { code, stdout, stderr };
}

/** Collects a child's stdout as parsed pino log lines. */
export function collectLogLines(child: ChildProcess): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    });
  }
  return lines;
}

export function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Resolves with the first log line matching `predicate`; rejects if the process exits first or time runs out. */
export function waitForLog(
  child: ChildProcess,
  lines: Array<Record<string, unknown>>,
  predicate: (line: Record<string, unknown>) => boolean,
  // A demo start migrates, seeds the content and imports the open data: seconds on a busy machine.
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const found = lines.find(predicate);
      if (found) {
        clearInterval(timer);
        resolve(found);
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`log line not seen (exit ${child.exitCode}): ${JSON.stringify(lines)}`));
      }
    }, 25);
  });
}

/**
 * For a suite whose tests run a chain of real processes (each `node --import tsx` start is 1–2 s
 * of CPU): with one test file per core, or on a busy machine, the default 30 s is too tight for
 * a test that starts five of them. A hang still fails, only later.
 */
export const PROCESS_SUITE = { timeout: 120_000 } as const;
