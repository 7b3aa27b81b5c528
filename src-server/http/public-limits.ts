import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';

/**
 * How often a caller without a credential may make the server work. Tracking numbers are
 * guessable (kiosk code, sequence, check digit), so look-ups are limited per client address and,
 * across all clients, per range of numbers (one kiosk's numbers): walking one kiosk's receipts
 * from many addresses stops too. Counted in each server process's memory: behind a load balancer
 * with N processes a client gets up to N times these.
 */
export interface PublicLimits {
  /** Look-ups (status or answer) by one client address per minute. */
  trackPerClient: number;
  /** Look-ups of one kiosk's numbers, from anyone, per minute. */
  trackPerRange: number;
  /** Health checks by one client address per minute (kiosks check every half minute). */
  healthPerClient: number;
  /** Enrolment tries by one client address per minute (a technician types a code a few times at most). */
  enrolPerClient?: number;
}

/** Enough for a technician's typing mistakes; far too few to guess a code in its hour. */
export const ENROL_PER_CLIENT = 20;

export const PUBLIC_LIMITS: PublicLimits = { trackPerClient: 120, trackPerRange: 600, healthPerClient: 300 };

const MINUTE_MS = 60_000;

/** The range a tracking number belongs to: its kiosk code (the first four digits). */
function numberRange(request: FastifyRequest): string {
  const raw = (request.params as { trackingNo?: unknown } | undefined)?.trackingNo;
  const digits = typeof raw === 'string' ? raw.replace(/\D/g, '') : '';
  return digits.slice(0, 4);
}

/**
 * Look-ups per range of numbers per minute, from anyone. The library's limiter runs one limit
 * per request, so this second one is a plain fixed window: at most 10,000 ranges (four digits).
 */
function rangeLimit(max: number, now: () => number = Date.now): onRequestHookHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (request, reply) => {
    const range = numberRange(request);
    const at = now();
    let window = windows.get(range);
    if (!window || at - window.start >= MINUTE_MS) {
      if (windows.size >= 10_000) windows.clear();
      window = { start: at, count: 0 };
      windows.set(range, window);
    }
    window.count++;
    if (window.count > max) {
      const after = Math.ceil((window.start + MINUTE_MS - at) / 1000);
      reply.header('retry-after', String(after));
      throw Object.assign(new Error(`Too many look-ups of these numbers: try again in ${after} seconds`), {
        statusCode: 429,
      });
    }
  };
}

export interface PublicLimitHooks {
  track: onRequestHookHandler[];
  health: onRequestHookHandler[];
  enrol: onRequestHookHandler[];
}

/** Registers the limiter (no global limit) and returns the hooks the public routes add. */
export async function publicLimitHooks(app: FastifyInstance, limits: PublicLimits): Promise<PublicLimitHooks> {
  await app.register(fastifyRateLimit, {
    global: false,
    // Thrown, so the server's error handler answers it in the one error shape (429).
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests: try again in ${context.after}`), { statusCode: 429 }),
  });
  const perClient = (max: number) => app.rateLimit({ max, timeWindow: MINUTE_MS });
  return {
    track: [perClient(limits.trackPerClient), rangeLimit(limits.trackPerRange)],
    health: [perClient(limits.healthPerClient)],
    enrol: [perClient(limits.enrolPerClient ?? ENROL_PER_CLIENT)],
  };
}
