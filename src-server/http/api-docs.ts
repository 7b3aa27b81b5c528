import { z } from 'zod';
import { rollbackSettingsRequestSchema, setSettingsRequestSchema } from '../../src-shared/console/fleet-api.js';
import { kioskSettingsSchema } from '../../src-shared/schemas/kiosk-settings.js';
import { releaseVersionSchema, signedReleaseSchema } from '../../src-shared/schemas/release.js';
import {
  authChallengeRequestSchema,
  authChallengeResponseSchema,
  authTokenRequestSchema,
  authTokenResponseSchema,
  enrolRequestSchema,
  enrolResponseSchema,
} from '../../src-shared/schemas/enrolment.js';
import {
  kioskPinsRequestSchema,
  newEnrolmentCodeRequestSchema,
  newEnrolmentCodeResponseSchema,
} from '../../src-shared/console/kiosk-enrolment-api.js';
import {
  auditEntrySchema,
  auditQuerySchema,
  newOperatorRequestSchema,
  operatorAccountSchema,
  operatorChangeResponseSchema,
  resetPasswordRequestSchema,
  sessionResponseSchema,
  signInRequestSchema,
} from '../../src-shared/console/console-api.js';
import {
  answerCaseRequestSchema,
  caseDetailSchema,
  caseListPageSchema,
  caseListQuerySchema,
  extendCaseRequestSchema,
  forwardCaseRequestSchema,
  kioskListPageSchema,
  kioskListQuerySchema,
  noteCaseRequestSchema,
  returnCaseRequestSchema,
  takeCaseRequestSchema,
} from '../../src-shared/console/cases-api.js';
import { PUBLICATION_ROUTE_DOCS } from './publication-route-docs.js';
import {
  petitionReportSchema,
  publicReportPublishRequestSchema,
  publicReportPublishResponseSchema,
  reportQuerySchema,
} from '../../src-shared/console/report-api.js';
import {
  open311ErrorSchema,
  open311RequestParamsSchema,
  open311RequestSchema,
  open311RequestsQuerySchema,
  open311ServiceSchema,
  open311ServicesQuerySchema,
} from '../../src-shared/open311.js';
import {
  contentChangesQuerySchema,
  openDataChangesQuerySchema,
  errorResponseSchema,
  healthResponseSchema,
  signedContentPageSchema,
  statusChangesPageSchema,
  statusChangesQuerySchema,
  submissionBatchResponseSchema,
  submissionBatchSchema,
  trackAnswerRequestSchema,
  trackAnswerResponseSchema,
  trackResponseSchema,
} from '../../src-shared/protocol.js';
import { lawIdSchema } from '../../src-shared/schemas/law.js';
import { healthReportResponseSchema, healthReportSchema } from '../../src-shared/schemas/health-report.js';
import { lawCommentsQuerySchema } from '../routes/console-law-comments.js';
import { hearingSignupsQuerySchema, hearingSignupsSchema } from '../../src-shared/console/hearings-api.js';

/**
 * The server's whole HTTP API as OpenAPI 3.1, generated from the zod schemas the routes validate
 * with (zod 4's `z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is). One entry
 * per route in `API_ROUTE_DOCS`, keyed like the console policy (`METHOD url` as registered); the
 * document lists every route the app actually registered (collected by an `onRoute` hook), and a
 * route without an entry here is listed as undocumented (`x-undocumented`), which the test refuses.
 */

type Security = 'none' | 'kiosk' | 'session' | 'session+csrf' | 'metrics';
type Body = 'json' | 'csv' | 'json-or-csv' | 'html' | 'binary' | 'none';

export interface RouteDoc {
  summary: string;
  description?: string;
  tag: 'kiosk' | 'console' | 'open311' | 'operations' | 'docs';
  security: Security;
  query?: z.ZodType;
  /** Path parameters, as an object schema keyed by the parameter names. */
  params?: z.ZodType;
  body?: z.ZodType;
  /** The success answer's body schema (JSON), when it has one. */
  response?: z.ZodType;
  responseBody?: Body;
  /** The success status; 200 unless said. */
  status?: number;
  /** Error statuses the route answers with `errorResponseSchema` (or Open311's list). */
  errors?: readonly number[];
}

const okStatus = z.object({ status: z.string() });
const kioskCodeParams = z.strictObject({ kioskCode: z.string().regex(/^\d{4}$/) });
const fleetCodeParams = z.strictObject({ code: z.string().regex(/^\d{4}$/) });
const lawIdParams = z.strictObject({ lawId: lawIdSchema });
const caseIdParams = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,9}$/) });
const trackParams = z.strictObject({ trackingNo: z.string().max(64) });
const settingsVersionSchema = z.object({
  version: z.int(),
  scope: z.string(),
  settings: kioskSettingsSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  rollbackOf: z.int().nullable(),
});

export const API_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /livez': {
    summary: 'Liveness: the process answers (never touches the database)',
    tag: 'operations',
    security: 'none',
    response: okStatus,
  },
  'GET /readyz': {
    summary: 'Readiness: 503 while the database does not answer or the server is draining',
    tag: 'operations',
    security: 'none',
    response: okStatus,
    errors: [503],
  },
  'GET /metrics': {
    summary: 'Prometheus metrics (text exposition format); exists only with TSONKH_METRICS_TOKEN',
    tag: 'operations',
    security: 'metrics',
    responseBody: 'none',
    errors: [401],
  },
  'GET /api/v1/health': {
    summary: "The kiosks' health check: names the server so a captive portal is never taken for it",
    tag: 'kiosk',
    security: 'none',
    response: healthResponseSchema,
    errors: [503],
  },
  'GET /api/v1/track/:trackingNo': {
    summary: 'Public tracker: the status and dates of one submission, no personal data',
    tag: 'kiosk',
    security: 'none',
    params: trackParams,
    response: trackResponseSchema,
    errors: [400, 404],
  },
  'POST /api/v1/track/:trackingNo/answer': {
    summary:
      "Public answer look-up: the status and, with the receipt's secret, the answer; 5 wrong secrets a day per number",
    tag: 'kiosk',
    security: 'none',
    params: trackParams,
    body: trackAnswerRequestSchema,
    response: trackAnswerResponseSchema,
    errors: [400, 403, 404, 409, 429],
  },
  'GET /api/v1/content/changes': {
    summary:
      'A signed page of content changes after the kiosk’s cursor (Ed25519 over canonical JSON); in the protocol named by x-tsonkh-protocol (none: 1, with only the types and members protocol 1 knows)',
    tag: 'kiosk',
    security: 'kiosk',
    query: contentChangesQuerySchema,
    response: signedContentPageSchema,
    errors: [400, 401],
  },
  'GET /api/v1/open-data/changes': {
    summary:
      'A signed page of the open data (budget, contracts, licences, …) for the aimags the kiosk carries, after its cursor',
    tag: 'kiosk',
    security: 'kiosk',
    query: openDataChangesQuerySchema,
    response: signedContentPageSchema,
    errors: [400, 401],
  },
  'POST /api/v1/submissions/batch': {
    summary: 'Up to 100 sealed submissions; idempotent by key (200 all accepted, 409 a key reused, 422 rejected)',
    tag: 'kiosk',
    security: 'kiosk',
    body: submissionBatchSchema,
    response: submissionBatchResponseSchema,
    errors: [400, 401, 409, 413, 422],
  },
  'GET /api/v1/status-changes': {
    summary: "Status changes of the asking kiosk's submissions after a cursor",
    tag: 'kiosk',
    security: 'kiosk',
    query: statusChangesQuerySchema,
    response: statusChangesPageSchema,
    errors: [400, 401],
  },
  'POST /api/v1/health-reports': {
    summary:
      "The kiosk's health report (versions, queue, storage, printer, syncs, clock, events noticed offline); answers the clock drift",
    tag: 'kiosk',
    security: 'kiosk',
    body: healthReportSchema,
    response: healthReportResponseSchema,
    errors: [400, 401, 413],
  },
  'GET /api/v1/releases/:version/manifest': {
    summary:
      'The signed manifest of a kiosk release this kiosk may have (promoted, or pilot for a pilot kiosk): files by SHA-256, Ed25519 by the release key',
    tag: 'kiosk',
    security: 'kiosk',
    params: z.strictObject({ version: releaseVersionSchema }),
    response: signedReleaseSchema,
    errors: [401, 404],
  },
  'GET /api/v1/releases/blobs/:sha256': {
    summary:
      'One file of a release by its SHA-256: HTTP Range (206), strong ETag and If-Range, cached as immutable; never compressed on the fly',
    tag: 'kiosk',
    security: 'kiosk',
    params: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    responseBody: 'binary',
    errors: [401, 404, 416],
  },
  'POST /api/v1/enroll': {
    summary:
      'Enrols a kiosk: one-time code and the kiosk’s own public key → its kiosk code, place, mode and the keys to pin',
    tag: 'kiosk',
    security: 'none',
    body: enrolRequestSchema,
    response: enrolResponseSchema,
    errors: [400, 403, 404, 409, 410, 429],
  },
  'POST /api/v1/auth/challenge': {
    summary: 'A challenge for an enrolled kiosk to sign with its key (valid a minute)',
    tag: 'kiosk',
    security: 'none',
    body: authChallengeRequestSchema,
    response: authChallengeResponseSchema,
    errors: [400],
  },
  'POST /api/v1/auth/token': {
    summary: 'The signed challenge → a short-lived bearer token (and PINs changed at the centre, hashed)',
    tag: 'kiosk',
    security: 'none',
    body: authTokenRequestSchema,
    response: authTokenResponseSchema,
    errors: [400, 401, 403],
  },
  'POST /console/api/session': {
    summary: 'Sign in (sets the httpOnly session cookie); slows down and locks after wrong passwords',
    tag: 'console',
    security: 'none',
    body: signInRequestSchema,
    response: sessionResponseSchema,
    errors: [400, 401, 403, 429],
  },
  'GET /console/api/session': {
    summary: 'The signed-in operator and the CSRF token',
    tag: 'console',
    security: 'session',
    response: sessionResponseSchema,
    errors: [401],
  },
  'DELETE /console/api/session': {
    summary: 'Sign out',
    tag: 'console',
    security: 'session+csrf',
    responseBody: 'none',
    status: 204,
    errors: [401, 403],
  },
  'DELETE /console/api/sessions': {
    summary: 'Sign out everywhere: ends every session of the operator',
    tag: 'console',
    security: 'session+csrf',
    response: z.object({ sessionsEnded: z.int() }),
    errors: [401, 403],
  },
  'GET /console/api/operators': {
    summary: 'Operator accounts (administrator, auditor)',
    tag: 'console',
    security: 'session',
    response: z.object({ operators: z.array(operatorAccountSchema) }),
    errors: [401, 403],
  },
  'POST /console/api/operators': {
    summary: 'Create an operator account (administrator), audited',
    tag: 'console',
    security: 'session+csrf',
    body: newOperatorRequestSchema,
    response: operatorAccountSchema,
    status: 201,
    errors: [400, 401, 403, 409],
  },
  'POST /console/api/operators/:login/disable': {
    summary: 'Disable an operator account and end its sessions (administrator), audited',
    tag: 'console',
    security: 'session+csrf',
    params: z.strictObject({ login: z.string().max(64) }),
    response: operatorChangeResponseSchema,
    errors: [401, 403, 404, 409],
  },
  'POST /console/api/operators/:login/password': {
    summary: 'Give an operator a new password: enabled again, old sessions ended (administrator), audited',
    tag: 'console',
    security: 'session+csrf',
    params: z.strictObject({ login: z.string().max(64) }),
    body: resetPasswordRequestSchema,
    response: operatorChangeResponseSchema,
    errors: [400, 401, 403, 404],
  },
  ...PUBLICATION_ROUTE_DOCS,
  'GET /console': {
    summary: 'Redirects to the operator console (/console/)',
    tag: 'console',
    security: 'none',
    responseBody: 'none',
    status: 308,
  },
  'GET /console/*': {
    summary: 'The operator console web app: its built files, and index.html for its own pages',
    description:
      'Hashed assets are immutable, index.html is revalidated; every response carries the console CSP. ' +
      'An unknown /console/api path is a JSON 404; without a build, 503 saying to run npm run build.',
    tag: 'console',
    security: 'none',
    responseBody: 'html',
    errors: [404, 503],
  },
  'GET /console/api/audit': {
    summary: 'The audit log, filtered (administrator, auditor); CSV export is itself audited',
    tag: 'console',
    security: 'session',
    query: auditQuerySchema,
    response: z.object({ entries: z.array(auditEntrySchema) }),
    responseBody: 'json-or-csv',
    errors: [400, 401, 403],
  },
  'GET /console/api/laws/:lawId/comments': {
    summary: 'Every comment on a draft law, for its drafting body (JSON or CSV), audited',
    tag: 'console',
    security: 'session',
    params: lawIdParams,
    query: lawCommentsQuerySchema,
    responseBody: 'json-or-csv',
    errors: [400, 401, 403, 404],
  },
  'GET /console/api/report': {
    summary: 'The 11-11 report for a date range and aimag, computed by the database; CSV per table',
    tag: 'console',
    security: 'session',
    query: reportQuerySchema,
    response: petitionReportSchema,
    responseBody: 'json-or-csv',
    errors: [400, 401, 403],
  },
  'POST /console/api/report/public': {
    summary: 'Publish the public part of the report to kiosks now, as signed content (administrator)',
    tag: 'console',
    security: 'session+csrf',
    body: publicReportPublishRequestSchema,
    response: publicReportPublishResponseSchema,
    errors: [400, 401, 403],
  },
  'GET /console/api/cases': {
    summary: 'The case table: filters, sort and paging in the database; total = the database count',
    tag: 'console',
    security: 'session',
    query: caseListQuerySchema,
    response: caseListPageSchema,
    errors: [400, 401, 403],
  },
  'GET /console/api/cases/export': {
    summary: 'Every case matching the same filters as CSV (UTF-8 BOM, RFC 4180), streamed, audited',
    tag: 'console',
    security: 'session',
    query: caseListQuerySchema,
    responseBody: 'csv',
    errors: [400, 401, 403],
  },
  'GET /console/api/cases/:id': {
    summary: 'A case: what the citizen wrote (opened in memory), form answers with labels, place, timeline',
    tag: 'console',
    security: 'session',
    params: caseIdParams,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404],
  },
  'POST /console/api/cases/:id/forward': {
    summary: 'Forward a case to an agency (status forwarded)',
    tag: 'console',
    security: 'session+csrf',
    params: caseIdParams,
    body: forwardCaseRequestSchema,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404, 409],
  },
  'POST /console/api/cases/:id/take': {
    summary: 'Take a case in work (status in_progress)',
    tag: 'console',
    security: 'session+csrf',
    params: caseIdParams,
    body: takeCaseRequestSchema,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404, 409],
  },
  'POST /console/api/cases/:id/extend': {
    summary: "The law's one extension: 1 to 30 days, with a reason",
    tag: 'console',
    security: 'session+csrf',
    params: caseIdParams,
    body: extendCaseRequestSchema,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404, 409],
  },
  'POST /console/api/cases/:id/answer': {
    summary: 'Answer a case (status answered); the answer goes to the kiosk',
    tag: 'console',
    security: 'session+csrf',
    params: caseIdParams,
    body: answerCaseRequestSchema,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404, 409],
  },
  'POST /console/api/cases/:id/return': {
    summary: 'Return a case as not ours, saying who is responsible',
    tag: 'console',
    security: 'session+csrf',
    params: caseIdParams,
    body: returnCaseRequestSchema,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404, 409],
  },
  'POST /console/api/cases/:id/notes': {
    summary: 'An internal note, never sent to kiosks',
    tag: 'console',
    security: 'session+csrf',
    params: caseIdParams,
    body: noteCaseRequestSchema,
    response: caseDetailSchema,
    errors: [400, 401, 403, 404, 409],
  },
  'GET /console/api/hearings': {
    summary: "Each published public hearing of the operator's aimag with its number of kiosk sign-ups",
    tag: 'console',
    security: 'session',
    query: hearingSignupsQuerySchema,
    response: hearingSignupsSchema,
    errors: [400, 401, 403],
  },
  'GET /console/api/kiosks': {
    summary: 'Every kiosk: place, last contact and push, content cursor behind, submissions this week',
    tag: 'console',
    security: 'session',
    query: kioskListQuerySchema,
    response: kioskListPageSchema,
    errors: [400, 401, 403],
  },
  'GET /console/api/kiosks/export': {
    summary: 'The kiosks page as CSV (UTF-8 BOM, RFC 4180)',
    tag: 'console',
    security: 'session',
    query: kioskListQuerySchema,
    responseBody: 'csv',
    errors: [400, 401, 403],
  },
  'GET /console/api/fleet': {
    summary: "Every kiosk's state (online, late, offline, never seen), open alerts and settings version",
    tag: 'console',
    security: 'session',
    query: z.object({
      aimag: z
        .string()
        .regex(/^\d{2}$/)
        .optional(),
    }),
    response: z.object({ rows: z.array(z.looseObject({ kioskCode: z.string(), state: z.string() })) }),
    errors: [401, 403],
  },
  'GET /console/api/fleet/:code': {
    summary: "One kiosk's hourly health (48 hours), open events and remote settings",
    tag: 'console',
    security: 'session',
    params: fleetCodeParams,
    response: z.looseObject({ kioskCode: z.string(), hours: z.array(z.looseObject({})) }),
    errors: [401, 403, 404],
  },
  'POST /console/api/fleet/:code/settings': {
    summary: 'A new remote settings version for one kiosk (administrator), audited',
    tag: 'console',
    security: 'session+csrf',
    params: fleetCodeParams,
    body: setSettingsRequestSchema,
    response: settingsVersionSchema,
    status: 201,
    errors: [400, 401, 403, 404],
  },
  'POST /console/api/fleet/:code/settings/rollback': {
    summary: 'Bring back an earlier settings version of one kiosk as a new version (administrator), audited',
    tag: 'console',
    security: 'session+csrf',
    params: fleetCodeParams,
    body: rollbackSettingsRequestSchema,
    response: settingsVersionSchema,
    status: 201,
    errors: [400, 401, 403, 404],
  },
  'POST /console/api/kiosks/enrolment-codes': {
    summary: 'A one-time enrolment code for one kiosk (an hour), with its QR code (administrator; audited)',
    tag: 'console',
    security: 'session+csrf',
    body: newEnrolmentCodeRequestSchema,
    response: newEnrolmentCodeResponseSchema,
    status: 201,
    errors: [400, 401, 403],
  },
  'POST /console/api/kiosks/:kioskCode/revoke': {
    params: kioskCodeParams,
    summary: 'Takes a kiosk out of service until it is enrolled again (administrator; audited)',
    tag: 'console',
    security: 'session+csrf',
    errors: [401, 403, 404],
  },
  'PUT /console/api/kiosks/:kioskCode/pins': {
    params: kioskCodeParams,
    summary:
      'New technician and staff PINs, hashed at once, delivered with the kiosk’s next token (administrator; audited)',
    tag: 'console',
    security: 'session+csrf',
    body: kioskPinsRequestSchema,
    errors: [400, 401, 403, 404],
  },
  'GET /open311/v2/services.json': {
    summary: 'Open311 GeoReport v2: the petition categories',
    tag: 'open311',
    security: 'none',
    query: open311ServicesQuerySchema,
    response: z.array(open311ServiceSchema),
    errors: [400],
  },
  'GET /open311/v2/requests.json': {
    summary: 'Open311 GeoReport v2: petitions by date range, status and category (no personal data)',
    tag: 'open311',
    security: 'none',
    query: open311RequestsQuerySchema,
    response: z.array(open311RequestSchema),
    errors: [400],
  },
  'GET /open311/v2/requests/:id.json': {
    summary: 'Open311 GeoReport v2: one petition by its tracking number',
    tag: 'open311',
    security: 'none',
    params: open311RequestParamsSchema,
    response: z.array(open311RequestSchema),
    errors: [400, 404],
  },
  'GET /api/docs': {
    summary: 'This API description as a readable page (served locally, no CDN)',
    tag: 'docs',
    security: 'none',
    responseBody: 'html',
  },
  'GET /api/docs/openapi.json': {
    summary: 'This API description as OpenAPI 3.1 JSON',
    tag: 'docs',
    security: 'none',
    response: z.object({ openapi: z.string() }).loose(),
  },
};

export interface RegisteredRoute {
  method: string;
  url: string;
}

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema; request schemas as they are sent (input), answers as they come (output). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json, prefix: string): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  const defs = out.$defs as Record<string, Json> | undefined;
  delete out.$defs;
  if (!defs) return out;
  // Definitions move to the document's components, and their references with them.
  const rename = (name: string) => `${prefix}_${name}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const copy: Json = {};
    for (const [k, v] of Object.entries(value)) {
      copy[k] =
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(v.slice('#/$defs/'.length))}`
          : rewrite(v);
    }
    return copy;
  };
  for (const [name, def] of Object.entries(defs)) components[rename(name)] = rewrite(def);
  return rewrite(out) as Json;
}

/** `/requests/:id.json` → `/requests/{id}.json`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

const pathParamNames = (url: string) => [...url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);

function parameters(doc: RouteDoc | undefined, url: string, components: Json, prefix: string): Json[] {
  const params: Json[] = [];
  const pathProps = doc?.params
    ? ((jsonSchema(doc.params, 'input', components, `${prefix}_params`).properties ?? {}) as Record<string, Json>)
    : {};
  for (const name of pathParamNames(url)) {
    params.push({ name, in: 'path', required: true, schema: pathProps[name] ?? { type: 'string' } });
  }
  if (doc?.query) {
    const query = jsonSchema(doc.query, 'input', components, `${prefix}_query`);
    const required = new Set((query.required ?? []) as string[]);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = schema;
      params.push({
        name,
        in: 'query',
        required: required.has(name),
        schema: rest,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }
  }
  return params;
}

const SECURITY: Readonly<Record<Security, Json[]>> = {
  none: [],
  kiosk: [{ kioskCredential: [] }],
  session: [{ consoleSession: [] }],
  'session+csrf': [{ consoleSession: [], csrfToken: [] }],
  metrics: [{ metricsToken: [] }],
};

function operation(route: RegisteredRoute, doc: RouteDoc | undefined, components: Json): Json {
  // A wildcard names itself ("any"), so `GET /console` and `GET /console/*` get different ids.
  const prefix = `${route.method}${route.url}`.replace(/\*/g, 'any').replace(/[^A-Za-z0-9]+/g, '_');
  if (!doc) {
    return {
      summary: 'Not described yet',
      'x-undocumented': true,
      parameters: parameters(undefined, route.url, components, prefix),
      responses: { default: { description: 'Not described yet' } },
    };
  }
  const responses: Json = {};
  const success = String(doc.status ?? 200);
  const kind = doc.responseBody ?? 'json';
  const json = doc.response ? { schema: jsonSchema(doc.response, 'output', components, `${prefix}_response`) } : {};
  const content: Json = {};
  if (kind === 'json' || kind === 'json-or-csv') content['application/json'] = json;
  if (kind === 'csv' || kind === 'json-or-csv') content['text/csv'] = { schema: { type: 'string' } };
  if (kind === 'html') content['text/html'] = { schema: { type: 'string' } };
  if (kind === 'binary') content['application/octet-stream'] = { schema: { type: 'string', format: 'binary' } };
  responses[success] = {
    description: 'Success',
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
  const errorSchema = doc.tag === 'open311' ? open311ErrorSchema : errorResponseSchema;
  for (const status of doc.errors ?? []) {
    responses[String(status)] = {
      description: 'Refused, with a worded reason',
      content: { 'application/json': { schema: jsonSchema(errorSchema, 'output', components, 'Error') } },
    };
  }
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    operationId: prefix.replace(/^_+|_+$/g, ''),
    security: SECURITY[doc.security],
    parameters: parameters(doc, route.url, components, prefix),
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.body.safeParse(undefined).success,
            content: {
              'application/json': { schema: jsonSchema(doc.body, 'input', components, `${prefix}_body`) },
            },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document for the routes the app registered. */
export function buildOpenApiDocument(routes: readonly RegisteredRoute[], version: string): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  const seen = new Set<string>();
  for (const route of routes) {
    const method = route.method.toUpperCase();
    if (method === 'HEAD' || method === 'OPTIONS') continue;
    const key = `${method} ${route.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = operation({ method, url: route.url }, API_ROUTE_DOCS[key], components);
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Tsonkh central server',
      version,
      description:
        'Цонх: the central server of the public service kiosks. Kiosk protocol (/api/v1), operator console ' +
        '(/console/api), Open311 GeoReport v2 for petitions (/open311/v2), and probes. Generated from the zod ' +
        'schemas the routes validate with.',
    },
    tags: [
      { name: 'kiosk', description: 'Kiosk ↔ server protocol, version 1' },
      { name: 'console', description: 'The operator console (session cookie, CSRF token, roles)' },
      { name: 'open311', description: 'Open311 GeoReport v2, read-only, petitions without personal data' },
      { name: 'operations', description: 'Probes and metrics' },
      { name: 'docs', description: 'This description' },
    ],
    paths: sortedPaths,
    components: {
      schemas: components,
      securitySchemes: {
        kioskCredential: { type: 'http', scheme: 'bearer', description: "The kiosk's device credential" },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'tsonkh_console_session' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'TSONKH_METRICS_TOKEN' },
      },
    },
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A plain, self-contained page of the document: no script, no stylesheet from elsewhere. */
export function openApiHtml(document: Json): string {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as Json[];
      const paramRows = params
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? 'yes' : ''}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join('');
      const detail = (title: string, value: unknown) =>
        value === undefined
          ? ''
          : `<details><summary>${title}</summary><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></details>`;
      sections.push(
        `<section><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>` +
          `<p>${escapeHtml(String(op.summary ?? ''))}</p>` +
          (paramRows
            ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${paramRows}</tbody></table>`
            : '') +
          detail('Request body', op.requestBody) +
          detail('Responses', op.responses) +
          `</section>`,
      );
    }
  }
  const info = document.info as Json;
  return `<!doctype html>
<html lang="mn"><head><meta charset="utf-8"><title>${escapeHtml(String(info.title))}: API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
section{border-top:1px solid #ccc;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:bold}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:30rem}</style></head>
<body><h1>${escapeHtml(String(info.title))}: HTTP API</h1>
<p>${escapeHtml(String(info.description))}</p>
<p>OpenAPI ${escapeHtml(String(document.openapi))}: <a href="/api/docs/openapi.json">openapi.json</a></p>
<h2>Замууд (routes)</h2>
${sections.join('\n')}
</body></html>
`;
}
