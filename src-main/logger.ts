import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys that must never reach a log line, wherever they appear in a logged object. */
const REDACT_PATHS = ['credential', '*.credential', 'headers.authorization', '*.headers.authorization', 'token'];

function defaultLevel(): string {
  if (process.env.NODE_ENV === 'test' || process.env.VITEST) return 'silent';
  return process.env.LOG_LEVEL ?? 'info';
}

const root = pino({ level: defaultLevel(), redact: { paths: REDACT_PATHS, censor: '[redacted]' } });

/**
 * One logger per host module, so a technician reading the kiosk's log can tell the printer
 * from the transport. Tests run silent; `LOG_LEVEL` picks the level everywhere else. The
 * credential and the session token are redacted even if someone logs them by mistake.
 */
export function createLogger(module: string): Logger {
  return root.child({ module });
}
