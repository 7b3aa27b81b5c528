import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys that must never reach a log line, wherever they appear in a logged object. */
const REDACT_PATHS = ['credential', '*.credential', 'headers.authorization', '*.headers.authorization', 'token'];

function defaultLevel(): string {
  if (process.env.NODE_ENV === 'test' || process.env.VITEST) return 'silent';
  return process.env.LOG_LEVEL ?? 'info';
}

/** Log lines kept in memory for a technician's diagnostics bundle (the newest last). */
export const RECENT_LOG_LINES = 1000;
const recent: string[] = [];

/**
 * The host's log goes to stdout as ever, and its last RECENT_LOG_LINES lines (already redacted
 * by pino) are also kept here for `recentLogLines`, so a kiosk without a log file can still hand
 * its recent log in.
 */
const root = pino(
  { level: defaultLevel(), redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
  pino.multistream([
    { stream: process.stdout, level: 'trace' },
    {
      level: 'trace',
      stream: {
        write(line: string) {
          recent.push(line.endsWith('\n') ? line.slice(0, -1) : line);
          if (recent.length > RECENT_LOG_LINES) recent.splice(0, recent.length - RECENT_LOG_LINES);
        },
      },
    },
  ]),
);

/** The host's most recent log lines (JSON text), oldest first. */
export function recentLogLines(): string[] {
  return [...recent];
}

/**
 * One logger per host module, so a technician reading the kiosk's log can tell the printer
 * from the transport. Tests run silent; `LOG_LEVEL` picks the level everywhere else. The
 * credential and the session token are redacted even if someone logs them by mistake.
 */
export function createLogger(module: string): Logger {
  return root.child({ module });
}
