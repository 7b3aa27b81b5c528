import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, openApiHtml, type RegisteredRoute } from '../http/api-docs.js';

/** The API's own version in the document (the kiosk protocol is `/api/v1`). */
const API_VERSION = '1';

/**
 * `GET /api/docs` (a readable page) and `GET /api/docs/openapi.json` (OpenAPI 3.1), public, made
 * once from the routes the app registered (`routes` is filled by the app's `onRoute` hook before
 * the first request can arrive).
 */
export function registerApiDocsRoutes(app: FastifyInstance, routes: readonly RegisteredRoute[]): void {
  let document: Record<string, unknown> | undefined;
  let html: string | undefined;
  const doc = () => (document ??= buildOpenApiDocument(routes, API_VERSION));
  app.get('/api/docs/openapi.json', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(doc()),
  );
  app.get('/api/docs', async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send((html ??= openApiHtml(doc()))),
  );
}
