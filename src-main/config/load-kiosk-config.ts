import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { kioskConfigSchema, releasePublicKeySchema, type KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { describeIssues } from '../../src-shared/zod-issues.js';
import { KioskConfigError } from './kiosk-config-error.js';
import { DEMO_VALUES } from '../../src-shared/demo-values.js';
import { createLogger } from '../logger.js';

const log = createLogger('config');

export { KioskConfigError } from './kiosk-config-error.js';

/** Env var naming this kiosk's provisioning file. */
export const KIOSK_CONFIG_ENV = 'TSONKH_KIOSK_CONFIG';
const DEFAULT_CONFIG = 'kiosk-config/example.json';
export const SERVER_URL_ENV = 'TSONKH_SERVER_URL';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The config file this process should use: `TSONKH_KIOSK_CONFIG`, else the example from the working folder. */
export function kioskConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[KIOSK_CONFIG_ENV] || DEFAULT_CONFIG);
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `file not found (set ${KIOSK_CONFIG_ENV} to this kiosk's config file)`;
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return `cannot be read: ${(error as Error).message}`;
  }
}

/** Line and column (1-based) of a character offset, as an editor shows them. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

function jsonProblem(text: string, error: SyntaxError): string {
  const explicit = /line (\d+) column (\d+)/.exec(error.message);
  const position = /position (\d+)/.exec(error.message);
  const where = explicit
    ? { line: Number(explicit[1]), column: Number(explicit[2]) }
    : lineAndColumn(text, position ? Number(position[1]) : text.length);
  const reason = error.message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
  return `invalid JSON at line ${where.line}, column ${where.column}: ${reason}`;
}

/**
 * Reads and checks a kiosk's provisioning file. Everything wrong is reported at once, so a
 * technician fixes the file in one pass; `printer.captureDir` is resolved against the file's
 * own folder so the same file works from any working directory.
 */
export async function loadKioskConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<KioskConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new KioskConfigError(absolute, [readProblem(error)]);
  }
  text = text.replace(/^\uFEFF/, '');

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new KioskConfigError(absolute, [jsonProblem(text, error as SyntaxError)]);
  }

  // `TSONKH_SERVER_URL` points a kiosk at another server without editing its file (demo, tests);
  // it is validated as if it were in the file.
  const serverUrl = env[SERVER_URL_ENV];
  if (serverUrl && isRecord(raw) && isRecord(raw.server)) raw = { ...raw, server: { ...raw.server, url: serverUrl } };

  raw = fillUnenrolled(raw);
  const parsed = kioskConfigSchema.safeParse(raw);
  if (!parsed.success) throw new KioskConfigError(absolute, describeIssues(parsed.error.issues, raw));

  const config = parsed.data;
  const demoProblems = config.demo ? [] : demoValuesIn(config);
  if (demoProblems.length > 0) throw new KioskConfigError(absolute, demoProblems);
  // A demonstration's config holds only the public demo values (and git checks files out 0644).
  const readableByOthers = config.demo ? null : await readableByOthersMode(absolute);
  if (readableByOthers !== null) {
    log.warn(
      { file: absolute, mode: readableByOthers.toString(8) },
      'the kiosk config (server credential, PINs) can be read by other users: chmod 600 it',
    );
  }
  return {
    ...config,
    printer:
      config.printer.kind === 'capture'
        ? { ...config.printer, captureDir: path.resolve(path.dirname(absolute), config.printer.captureDir) }
        : config.printer,
    importDirs: config.importDirs.map((d) => path.resolve(path.dirname(absolute), d)),
  };
}

/**
 * Only the pinned release key, read blocking, for the Electron release loader: it decides which
 * main to run before anything else may happen (src-main/update/release-loader.ts). The rest of the
 * file is checked by the host that then starts, which reports any problem as it always does.
 * Null when the file pins no key; throws `KioskConfigError` when the file or the key is unusable.
 */
export function readReleasePublicKeySync(file: string): string | null {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new KioskConfigError(absolute, [readProblem(error)]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new KioskConfigError(absolute, [jsonProblem(text, error as SyntaxError)]);
  }
  if (!isRecord(raw) || raw.releasePublicKey === undefined) return null;
  const key = releasePublicKeySchema.safeParse(raw.releasePublicKey);
  if (!key.success) {
    throw new KioskConfigError(
      absolute,
      key.error.issues.map((issue) => `releasePublicKey: ${issue.message}`),
    );
  }
  return key.data;
}

/**
 * A kiosk not yet enrolled (issue 17) has a config without `kioskCode` or `server.credential`: only its printer,
 * languages and the like. Its identity, server and keys come from enrolment
 * (`enrolment/enrolment-store.ts`); until then these stand-ins fill the schema's places, and the
 * host knows them (`isUnenrolledConfig`) so it never sends them anywhere.
 */
export const UNENROLLED = {
  kioskCode: '0000',
  credential: 'not-enrolled-no-credential-0000',
  url: 'http://not-enrolled.invalid',
  // Valid in form only: no key anyone holds (all zero bytes).
  contentPublicKey: `${'A'.repeat(43)}=`,
  submissionPublicKey: `${'A'.repeat(87)}=`,
} as const;

function fillUnenrolled(raw: unknown): unknown {
  if (!isRecord(raw) || raw.kioskCode !== undefined) return raw;
  const server = isRecord(raw.server) ? raw.server : {};
  // A config with a credential but no kiosk code is a mistake, not a fresh kiosk: named as such.
  if (server.credential !== undefined) return raw;
  return {
    kioskCode: UNENROLLED.kioskCode,
    name: { mn: 'Бүртгэлгүй ТҮЦ', kk: 'Тіркелмеген ТҮЦ', en: 'Kiosk not enrolled' },
    place: { aimag: '00', soum: '0000', location: { mn: '—' } },
    contentPublicKey: UNENROLLED.contentPublicKey,
    submissionPublicKey: UNENROLLED.submissionPublicKey,
    ...raw,
    server: { url: UNENROLLED.url, credential: UNENROLLED.credential, ...server },
  };
}

/** A config of a kiosk that was never set up the old way: it works only once enrolled. */
export function isUnenrolledConfig(config: KioskConfig): boolean {
  return config.kioskCode === UNENROLLED.kioskCode && config.server.credential === UNENROLLED.credential;
}

const MAKE_REAL =
  'Use the values of your own server (`npm run keys` prints its public keys; give each kiosk its own credential), ' +
  'or set "demo": true on a demonstration machine.';

/** The public demo keys and credential, named, in a config that is not a demonstration's. */
function demoValuesIn(config: KioskConfig): string[] {
  const problems: string[] = [];
  if (config.contentPublicKey === DEMO_VALUES.contentPublicKey)
    problems.push(`contentPublicKey: is the public demo key; anyone can sign content with it. ${MAKE_REAL}`);
  if (config.nextContentPublicKey === DEMO_VALUES.contentPublicKey)
    problems.push(`nextContentPublicKey: is the public demo key; anyone can sign content with it. ${MAKE_REAL}`);
  if (config.submissionPublicKey === DEMO_VALUES.submissionPublicKey)
    problems.push(`submissionPublicKey: is the public demo key; anyone can read what citizens send. ${MAKE_REAL}`);
  if (config.server.credential === DEMO_VALUES.kioskCredential)
    problems.push(`server.credential: is the public demo credential; anyone can send as this kiosk. ${MAKE_REAL}`);
  return problems;
}

/** The file's permission bits when users other than its owner may read or write it, else null. */
export async function readableByOthersMode(file: string): Promise<number | null> {
  if (process.platform === 'win32') return null;
  const mode = (await stat(file)).mode & 0o777;
  return (mode & 0o077) !== 0 ? mode : null;
}
