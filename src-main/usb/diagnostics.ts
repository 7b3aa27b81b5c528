import type { KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { ENROLMENT_CODE_ALPHABET } from '../../src-shared/schemas/enrolment.js';
import { DIAGNOSTICS_FORMAT, type DiagnosticsRendererPart } from '../../src-shared/usb/diagnostics.js';
import type { DiskState } from '../storage/disk-watch.js';
import { fileStamp, writeFileWhole } from './durable-write.js';

export interface DiagnosticsInput {
  config: KioskConfig;
  renderer: DiagnosticsRendererPart;
  versions: Record<string, string>;
  uptimeS: number;
  journal: { pending: number; maxSequence: number } | { error: string };
  disk: DiskState;
  printer: { state: string; reason?: string } | null;
  /** The host's recent log lines (JSON text, already redacted by the logger). */
  logs: readonly string[];
  now?: Date;
}

/** A phone (8 digits) or a registration number (two Cyrillic letters, 8 digits) in a log line. */
const PERSONAL_PATTERNS = [/[А-ЯЁӨҮ]{2}\s?\d{8}/giu, /(?<![\d-])\d{8}(?![\d-])/g];
const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;
/**
 * Secrets of an enrolled kiosk by their shape, wherever they show: a PIN's scrypt hash
 * (`pins.json`), the base64 of an Ed25519 private key even without its PEM lines (every PKCS#8
 * Ed25519 key starts with these bytes), a bearer token or challenge of the server's kiosk auth
 * (`kt1.`/`kc1.`, src-server/kiosks/kiosk-tokens.ts), and an `Authorization` value.
 */
const SECRET_SHAPES = [
  /scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+/g,
  /MC4CAQAwBQYDK2VwBCIEI[A-Za-z0-9+/=]*/g,
  /\bk[ct]1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
  /Bearer\s+[A-Za-z0-9._~+/=-]+/g,
];
/** A one-time enrolment code in a log line (`ABCD-EFGH` or run together; `ENROLMENT_CODE_ALPHABET`). */
const ENROLMENT_CODE = new RegExp(`\\b[${ENROLMENT_CODE_ALPHABET}]{4}-?[${ENROLMENT_CODE_ALPHABET}]{4}\\b`, 'g');

/** What the kiosk is set up as, field by field: no credential, no PIN, no staff names, no keys. */
function settingsOf(config: KioskConfig) {
  return {
    kioskCode: config.kioskCode,
    name: config.name,
    place: config.place,
    presentation: config.presentation,
    languages: config.languages,
    defaultLanguage: config.defaultLanguage,
    idle: config.idle,
    syncIntervalSeconds: config.sync.intervalSeconds,
    serverTimeoutMs: config.server.timeoutMs,
    printer: {
      kind: config.printer.kind,
      width: config.printer.width,
      ...(config.printer.text ? { text: config.printer.text } : {}),
    },
    staffCount: config.staff.length,
    technicianPinSet: config.technicianPin !== undefined,
    importDirs: config.importDirs.length,
    publicSite: config.publicSite,
    demo: config.demo === true,
  };
}

/**
 * The secrets this host knows, longest first, so a shorter one inside a longer one (a PIN inside
 * a credential) cannot leave a part of it.
 */
function secretsOf(config: KioskConfig): string[] {
  return [config.server.credential, config.technicianPin, ...config.staff.flatMap((s) => [s.pin, s.name])]
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
}

/**
 * Makes the text of a diagnostics bundle. Built from an allow-list (settings field by field,
 * counts not contents), then scrubbed as a second line of defence: the host's own secrets, any
 * PEM private key, PIN hashes, kiosk tokens, and phone-, registration-number- or
 * enrolment-code-like runs in log lines are replaced. It reads no file of the host's private
 * folder (the kiosk key, `pins.json`, `enrolment.json`).
 */
export function diagnosticsText(input: DiagnosticsInput): string {
  const now = input.now ?? new Date();
  const logs = input.logs.map((line) =>
    [...PERSONAL_PATTERNS, ENROLMENT_CODE].reduce((text, pattern) => text.replace(pattern, '[removed]'), line),
  );
  const bundle = {
    format: DIAGNOSTICS_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    versions: input.versions,
    settings: settingsOf(input.config),
    host: { uptimeS: input.uptimeS, journal: input.journal, disk: input.disk, printer: input.printer },
    kiosk: input.renderer,
    logs,
  };
  let text = JSON.stringify(bundle, null, 2);
  for (const secret of secretsOf(input.config)) text = text.split(secret).join('[redacted]');
  // A JSON string holds a PEM with \n escapes; match both forms.
  text = text.replace(PEM_BLOCK, '[redacted key]');
  text = text.replace(/-----BEGIN [A-Z ]+-----(?:\\n|[^"])*?-----END [A-Z ]+-----/g, '[redacted key]');
  for (const shape of SECRET_SHAPES) text = text.replace(shape, '[redacted]');
  return `${text}\n`;
}

/** Writes the bundle to a USB folder; returns the file's name and size. */
export async function writeDiagnostics(dir: string, input: DiagnosticsInput): Promise<{ file: string; bytes: number }> {
  const now = input.now ?? new Date();
  const bytes = Buffer.from(diagnosticsText({ ...input, now }), 'utf8');
  const name = `tsonkh-diagnostics-${input.config.kioskCode}-${fileStamp(now)}.json`;
  await writeFileWhole(dir, name, bytes);
  return { file: name, bytes: bytes.length };
}
