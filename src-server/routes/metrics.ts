import type { FastifyInstance } from 'fastify';
import { bearerTokenHook } from '../http/bearer-token.js';
import { quietRoute } from '../http/quiet-route.js';
import type { ServerMetrics } from '../ops/metrics.js';

/**
 * `GET /metrics` (Prometheus text format), only with `Authorization: Bearer <TSONKH_METRICS_TOKEN>`.
 * Kiosks reach this server over the internet on the same port, and the numbers describe the
 * fleet's traffic, so without a token the route does not exist (404), like the operator routes.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: ServerMetrics, token: string): void {
  void app.register(async (scoped) => {
    scoped.addHook(
      'onRequest',
      bearerTokenHook(
        token,
        'Metrics need "Authorization: Bearer <metrics token>" (TSONKH_METRICS_TOKEN on the server)',
      ),
    );
    scoped.get('/metrics', quietRoute(scoped), async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(text);
    });
  });
}
