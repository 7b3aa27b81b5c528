import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * The server's root logger: JSON lines on stdout for the service manager to collect.
 * Credentials never reach the log: the Authorization and Cookie headers (a console session) and
 * any `password` field are redacted wherever they appear.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    name: 'tsonkh-server',
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'credential',
        'req.headers.cookie',
        'headers.cookie',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}
