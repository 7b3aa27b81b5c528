import type { FastifyInstance, LogLevel } from 'fastify';

/** Most verbose first, as pino orders them. */
const ORDER: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Route options for routes polled every few seconds (probes, metrics): their per-request
 * "incoming request"/"request completed" lines would drown the kiosks' own, so they log warnings
 * and worse only, and never more than the server's level allows (a silent server stays silent).
 */
export function quietRoute(app: FastifyInstance): { logLevel: LogLevel } {
  const level = app.log.level;
  return { logLevel: ORDER.indexOf(level) > ORDER.indexOf('warn') ? (level as LogLevel) : 'warn' };
}
