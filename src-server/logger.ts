import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * The server's root logger: JSON lines on stdout for the service manager to collect.
 * Credentials never reach the log: the Authorization header is redacted wherever it appears.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    name: 'tsonkh-server',
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'credential'], censor: '[redacted]' },
  });
}
