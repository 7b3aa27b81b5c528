import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src-server/app.js';
import { API_ROUTE_DOCS, openApiPath } from '../../../src-server/http/api-docs.js';
import { DEMO_KEY, DEMO_SUBMISSION_KEY, openTestDatabase, silentLogger, type TestDatabase } from './helpers.js';

type Json = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The OpenAPI 3.1 document at /api/docs/openapi.json: every route the app registers (walked with
 * Fastify's own onRoute hook, the metrics route included) appears, described, with the structure
 * OpenAPI 3.1 requires.
 */
describe('OpenAPI 3.1 description of the whole HTTP API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const registered: string[] = [];
  let document: Json;

  beforeAll(async () => {
    t = await openTestDatabase();
    app = buildServer({
      db: t.db,
      logger: silentLogger(),
      contentKey: DEMO_KEY,
      submissionKey: DEMO_SUBMISSION_KEY,
      metricsToken: 'metrics-token-for-the-test',
    });
    // The app is built but not ready: plugins register their routes at ready(), after this hook.
    app.addHook('onRoute', (route) => {
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        if (method !== 'HEAD') registered.push(`${method} ${route.url}`);
      }
    });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    document = res.json<Json>();
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('lists every registered route, each one described', () => {
    expect(registered.length).toBeGreaterThan(15);
    const paths = document.paths as Record<string, Record<string, Json>>;
    const undocumented: string[] = [];
    for (const route of registered) {
      const [method, url] = route.split(' ') as [string, string];
      const op = paths[openApiPath(url)]?.[method.toLowerCase()];
      expect(op, route).toBeDefined();
      if (op?.['x-undocumented'] === true) undocumented.push(route);
    }
    // A new route needs an entry in src-server/http/api-docs.ts API_ROUTE_DOCS.
    expect(undocumented).toEqual([]);
    // Routes the app registers before this hook exists (probes, Open311, the docs) are found by
    // asking the router; and no entry describes a route that does not exist.
    const missing = Object.keys(API_ROUTE_DOCS).filter((key) => {
      const [method, url] = key.split(' ') as [string, string];
      return !app.hasRoute({ method: method as 'GET', url });
    });
    expect(missing).toEqual([]);
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      Object.keys(API_ROUTE_DOCS)
        .map((key) => key.replace(/ (.*)$/, (_m, url: string) => ` ${openApiPath(url)}`))
        .sort(),
    );
    for (const prefix of ['/api/v1/', '/console/api/', '/open311/v2/', '/livez', '/readyz', '/metrics', '/api/docs']) {
      expect(
        Object.keys(paths).some((p) => p.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it('has the structure of an OpenAPI 3.1 document', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const info = document.info as Json;
    expect(typeof info.title).toBe('string');
    expect(typeof info.version).toBe('string');
    const paths = document.paths as Record<string, Record<string, Json>>;
    const operationIds = new Set<string>();
    const schemes = Object.keys(((document.components as Json).securitySchemes ?? {}) as Json);
    for (const [path, item] of Object.entries(paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(HTTP_METHODS, `${method} ${path}`).toContain(method);
        expect(typeof op.responses).toBe('object');
        expect(Object.keys(op.responses as Json).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          expect(status).toMatch(/^(default|[1-5](\d\d|XX))$/);
          expect(typeof response.description).toBe('string');
        }
        // Every path template has its required path parameter, and nothing else is "in: path".
        const params = (op.parameters ?? []) as Json[];
        const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
        expect(pathParams.sort()).toEqual([...templated].sort());
        for (const p of params) {
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          if (p.in === 'path') expect(p.required).toBe(true);
          expect(typeof p.schema).toBe('object');
        }
        const id = op.operationId as string;
        expect(operationIds.has(id), id).toBe(false);
        operationIds.add(id);
        for (const requirement of (op.security ?? []) as Json[]) {
          for (const name of Object.keys(requirement)) expect(schemes).toContain(name);
        }
      }
    }
    // Every reference points at something in the document.
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const target = ref.slice('"$ref":"#/'.length, -1).split('/');
      let node: unknown = document;
      for (const part of target) node = (node as Json | undefined)?.[part];
      expect(node, ref).toBeDefined();
    }
  });

  it('is generated from the schemas the routes validate with', () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    const report = paths['/console/api/report']!.get!;
    const names = (report.parameters as Json[]).map((p) => p.name);
    expect(names).toEqual(['from', 'to', 'aimag', 'format', 'table']);
    expect((report.parameters as Json[]).find((p) => p.name === 'table')?.schema).toMatchObject({
      enum: ['summary', 'by-category', 'by-agency', 'by-aimag', 'by-soum', 'by-channel', 'law-comments'],
    });
    const batch = paths['/api/v1/submissions/batch']!.post!;
    const body = ((batch.requestBody as Json).content as Json)['application/json'] as Json;
    expect((body.schema as Json).type).toBe('object');
    const track = paths['/open311/v2/requests/{id}.json']!.get!;
    expect(track.tags).toEqual(['open311']);
  });

  it('serves a readable page from the server itself, with nothing from elsewhere', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/console/api/report');
    expect(res.body).toContain('/open311/v2/requests.json');
    expect(res.body).not.toMatch(/<script|https?:\/\/(?!json-schema\.org)[a-z]/i);
  });
});
