import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './console/sessions.js';

/** Where the server keeps its data. One Kysely code path serves every kind (see db/database.ts). */
export type DatabaseTarget =
  | { kind: 'sqlite'; /** File path, or `:memory:` for throw-away databases. */ path: string }
  | { kind: 'postgres'; url: string };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  logLevel: LogLevel;
  /**
   * Set when TSONKH_DEMO=1: seed demo content and register the kiosk described by this file, and
   * (unless TSONKH_DEMO_OPEN_DATA=0) import the demo open data of issue 19.
   */
  demo: { kioskConfigPath: string; openData: boolean } | null;
  /**
   * The Ed25519 private key (PEM, pkcs8) that signs content pages: TSONKH_CONTENT_KEY, else
   * `<dataDir>/keys/content-signing.pem` (`fromEnv` false). Read at startup by `loadServerContentKey`.
   */
  contentKey: { path: string; fromEnv: boolean };
  /**
   * The P-256 private key (PEM, pkcs8) that opens sealed submissions: TSONKH_SUBMISSION_KEY, else
   * `<dataDir>/keys/submission-encryption.pem` (`fromEnv` false). Read at startup by `loadServerSubmissionKey`.
   */
  submissionKey: { path: string; fromEnv: boolean };
  /** The operator console: session lifetimes (TSONKH_SESSION_IDLE_MINUTES, TSONKH_SESSION_MAX_HOURS). */
  console: { sessionLimits: SessionLimits };
  /**
   * TSONKH_TRUST_PROXY: Fastify's `trustProxy`. false (unset): the peer is the client. `true`: any
   * proxy; else addresses/CIDRs (comma-separated) of trusted proxies, which is what to use.
   */
  /**
   * TSONKH_METRICS_TOKEN: the bearer token of `GET /metrics` (Prometheus). Null (unset): the route
   * does not exist (404), so kiosks and the internet never see the fleet's traffic figures.
   */
  metricsToken: string | null;
  /**
   * TSONKH_DRAIN_DELAY_MS: on SIGTERM, how long `/readyz` answers 503 while the server still takes
   * requests, so a load balancer that polls it moves traffic away before the listener closes.
   */
  drainDelayMs: number;
  trustProxy: boolean | string;
  /**
   * TSONKH_CONSOLE_DIR: the built operator console (`npm run build` puts it in `dist/console`),
   * served under `/console/`. A folder that does not exist makes `/console/` say how to build it.
   */
  consoleAppDir: string;
  /**
   * TSONKH_OPEN_THREADS: worker threads that open sealed envelopes (0, the default: the main thread
   * does). Give a process the cores the machine has beyond its server processes: one process on a
   * 2-core machine, 1; two processes on 2 cores, 0 (docs/operations.md, capacity).
   */
  openThreads: number;
  /** Test-only fault injection (TSONKH_FAULT_*); empty in normal operation. */
  faults: FaultOptions;
}

/** A bearer token (the metrics token) must not be guessable: at least this many characters. */
export const MIN_BEARER_TOKEN_LENGTH = 24;

/** Beyond this a drain delay is surely a typo (seconds for milliseconds, say). */
export const MAX_DRAIN_DELAY_MS = 60_000;

/** Test-only fault injection: never set these in production. */
export interface FaultOptions {
  /**
   * TSONKH_FAULT_CRASH_AFTER_COMMIT: the probability (0..1) that the process exits with code
   * `FAULT_CRASH_EXIT_CODE` after a submission batch has committed and before the reply is sent.
   */
  crashAfterCommit?: number;
}

/** The exit code of a crash simulated by TSONKH_FAULT_CRASH_AFTER_COMMIT. */
export const FAULT_CRASH_EXIT_CODE = 86;

/** A bad environment variable. The message always names the variable, so an operator can fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The repository root, found from this file so that defaults do not depend on the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm run build` puts the operator console's web app. */
export const DEFAULT_CONSOLE_APP_DIR = path.join(REPO_ROOT, 'dist', 'console');
export const DEFAULT_DEMO_KIOSK_CONFIG = path.join(REPO_ROOT, 'kiosk-config', 'example.json');
/** The committed, public demo key: demo mode signs with it when no key of its own exists. */
export const DEMO_CONTENT_KEY = path.join(REPO_ROOT, 'assets', 'demo-keys', 'content-signing.demo.pem');
/** Where `npm run keys` puts the key and the server looks for it, under the data folder. */
export const CONTENT_KEY_FILE = 'content-signing.pem';
export const defaultContentKeyPath = (dataDir: string) => path.join(dataDir, 'keys', CONTENT_KEY_FILE);
/** The committed, public demo key that opens sealed submissions in demo mode when no key of its own exists. */
export const DEMO_SUBMISSION_KEY = path.join(REPO_ROOT, 'assets', 'demo-keys', 'submission-encryption.demo.pem');
/** Where `npm run keys` puts the submission-encryption key and the server looks for it. */
export const SUBMISSION_KEY_FILE = 'submission-encryption.pem';
export const defaultSubmissionKeyPath = (dataDir: string) => path.join(dataDir, 'keys', SUBMISSION_KEY_FILE);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the server's settings from the environment. Empty values count as unset, so
 * `PORT=` in a service file means "default", not "port zero".
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): ServerConfig {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const dataDir = path.resolve(cwd, get('TSONKH_DATA_DIR') ?? './data');
  const demoFlag = get('TSONKH_DEMO');
  if (demoFlag !== undefined && demoFlag !== '0' && demoFlag !== '1') {
    throw new ConfigError(`TSONKH_DEMO must be "1" (seed demo content) or "0", got "${demoFlag}"`);
  }
  const demoKioskConfig = get('TSONKH_DEMO_KIOSK_CONFIG');
  const demoOpenData = get('TSONKH_DEMO_OPEN_DATA');
  if (demoOpenData !== undefined && demoOpenData !== '0' && demoOpenData !== '1') {
    throw new ConfigError(
      `TSONKH_DEMO_OPEN_DATA must be "1" (import the demo open data) or "0", got "${demoOpenData}"`,
    );
  }
  const contentKey = get('TSONKH_CONTENT_KEY');
  const submissionKey = get('TSONKH_SUBMISSION_KEY');
  if (get('TSONKH_OPERATOR_TOKEN') !== undefined) {
    // Refused rather than ignored: an operator who set it expects it to guard something.
    throw new ConfigError(
      'TSONKH_OPERATOR_TOKEN is no longer used: operator routes now need a console session. Remove it, and create ' +
        'accounts with `npm run operator -- add <login> --role admin` (see src-server/README.md)',
    );
  }
  const metricsToken = get('TSONKH_METRICS_TOKEN');
  if (metricsToken !== undefined && !isBearerToken(metricsToken)) {
    throw new ConfigError(
      `TSONKH_METRICS_TOKEN must be ${MIN_BEARER_TOKEN_LENGTH} to 512 printable ASCII characters without spaces ` +
        '(e.g. the output of `openssl rand -base64 32`)',
    );
  }
  const crashAfterCommit = parseProbability('TSONKH_FAULT_CRASH_AFTER_COMMIT', get('TSONKH_FAULT_CRASH_AFTER_COMMIT'));
  return {
    port: parsePort(get('PORT')),
    host: get('HOST') ?? '127.0.0.1',
    dataDir,
    database: parseDatabaseUrl(get('DATABASE_URL'), dataDir, cwd),
    logLevel: parseLogLevel(get('LOG_LEVEL')),
    demo:
      demoFlag === '1'
        ? {
            kioskConfigPath: demoKioskConfig ? path.resolve(cwd, demoKioskConfig) : DEFAULT_DEMO_KIOSK_CONFIG,
            openData: demoOpenData !== '0',
          }
        : null,
    contentKey: contentKey
      ? { path: path.resolve(cwd, contentKey), fromEnv: true }
      : { path: defaultContentKeyPath(dataDir), fromEnv: false },
    submissionKey: submissionKey
      ? { path: path.resolve(cwd, submissionKey), fromEnv: true }
      : { path: defaultSubmissionKeyPath(dataDir), fromEnv: false },
    metricsToken: metricsToken ?? null,
    drainDelayMs: parseDrainDelay(get('TSONKH_DRAIN_DELAY_MS')),
    console: {
      sessionLimits: {
        idleMs:
          parsePositive('TSONKH_SESSION_IDLE_MINUTES', get('TSONKH_SESSION_IDLE_MINUTES'), 60_000) ??
          DEFAULT_SESSION_LIMITS.idleMs,
        absoluteMs:
          parsePositive('TSONKH_SESSION_MAX_HOURS', get('TSONKH_SESSION_MAX_HOURS'), 3600_000) ??
          DEFAULT_SESSION_LIMITS.absoluteMs,
      },
    },
    trustProxy: parseTrustProxy(get('TSONKH_TRUST_PROXY')),
    consoleAppDir: path.resolve(cwd, get('TSONKH_CONSOLE_DIR') ?? DEFAULT_CONSOLE_APP_DIR),
    openThreads: parseOpenThreads(get('TSONKH_OPEN_THREADS')),
    faults: crashAfterCommit === undefined ? {} : { crashAfterCommit },
  };
}

/** A whole number from 1 to 100 000 of some unit, in milliseconds. */
function parsePositive(name: string, raw: string | undefined, unitMs: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 100_000)
    throw new ConfigError(`${name} must be a whole number from 1, got "${raw}"`);
  return n * unitMs;
}

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === 'true' || raw === '1') return true;
  if (/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(raw)) return raw;
  throw new ConfigError(
    `TSONKH_TRUST_PROXY must be true, false, or proxy addresses/CIDRs separated by commas, got "${raw}"`,
  );
}

/** A bearer token that cannot be guessed: printable ASCII without spaces, 24 to 512 characters. */
function isBearerToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token) && token.length >= MIN_BEARER_TOKEN_LENGTH && token.length <= 512;
}

/** A probability from 0 to 1 (`1`, `0.25`, `.5`). */
function parseProbability(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const p = Number(raw);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw) || !(p >= 0 && p <= 1)) {
    throw new ConfigError(`${name} must be a probability from 0 to 1 (test-only fault injection), got "${raw}"`);
  }
  return p;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535 (0 = any free port), got "${raw}"`);
  }
  return port;
}

function parseDrainDelay(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const ms = Number(raw);
  if (!/^\d+$/.test(raw) || ms > MAX_DRAIN_DELAY_MS) {
    throw new ConfigError(
      `TSONKH_DRAIN_DELAY_MS must be a whole number of milliseconds from 0 to ${MAX_DRAIN_DELAY_MS}, got "${raw}"`,
    );
  }
  return ms;
}

function parseLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (!level) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

/**
 * `sqlite:<path>` (relative to the working directory), unset (`<dataDir>/tsonkh.sqlite`), or a
 * PostgreSQL URL (`postgres://user:password@host:5432/dbname`, `postgresql://` too; query
 * parameters such as `?sslmode=require` are passed on to node-postgres as they are).
 */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string, cwd: string): DatabaseTarget {
  if (raw === undefined) return { kind: 'sqlite', path: path.join(dataDir, 'tsonkh.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length);
    if (file === '')
      throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/tsonkh.sqlite');
    return { kind: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid PostgreSQL URL: "${redactUrl(raw)}"`);
    }
    if (url.hostname === '' && !url.searchParams.has('host')) {
      throw new ConfigError(
        `DATABASE_URL names no host: "${redactUrl(raw)}"; e.g. postgres://tsonkh:…@127.0.0.1:5432/tsonkh`,
      );
    }
    if (url.pathname.replace(/^\//, '') === '') {
      throw new ConfigError(
        `DATABASE_URL names no database: "${redactUrl(raw)}"; e.g. postgres://tsonkh:…@127.0.0.1:5432/tsonkh`,
      );
    }
    return { kind: 'postgres', url: raw };
  }
  throw new ConfigError(
    `DATABASE_URL must look like sqlite:<path> or postgres://user:password@host:5432/dbname; got "${redactUrl(raw)}"`,
  );
}

/** Never echo a password from a connection string into logs. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Beyond this a thread count is surely a mistake. */
export const MAX_OPEN_THREADS = 16;

function parseOpenThreads(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > MAX_OPEN_THREADS) {
    throw new ConfigError(
      `TSONKH_OPEN_THREADS must be a whole number of threads from 0 to ${MAX_OPEN_THREADS}, got "${raw}"`,
    );
  }
  return n;
}
