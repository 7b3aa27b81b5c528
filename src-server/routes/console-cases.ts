import type { KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  answerCaseRequestSchema,
  caseListQuerySchema,
  extendCaseRequestSchema,
  forwardCaseRequestSchema,
  kioskListQuerySchema,
  noteCaseRequestSchema,
  returnCaseRequestSchema,
  takeCaseRequestSchema,
  type CaseAction,
} from '../../src-shared/console/cases-api.js';
import { recordAudit } from '../audit/audit-log.js';
import { performCaseAction, CaseActionError, type CaseActionRequest, type OnAnswered } from '../cases/case-actions.js';
import { caseCsvChunks } from '../cases/case-csv.js';
import { readCaseDetail, readCaseFacts } from '../cases/case-detail.js';
import { iterateCases, listCases, type CaseScope } from '../cases/case-query.js';
import { kiosksCsv, listKiosks } from '../cases/kiosk-list.js';
import { decideCase, type Decision } from '../console/policy.js';
import type { ActiveSession } from '../console/sessions.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession, scopedAimag } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

export interface ConsoleCasesDeps {
  db: Database;
  now: () => Date;
  /** The server's submission private key: opens what the citizen wrote, in memory, for the case page. */
  submissionKey: KeyObject | null;
  /** Called inside the answer's transaction (delivery of the answer to the kiosk). */
  onAnswered?: OnAnswered | undefined;
}

const ID = /^[1-9]\d{0,9}$/;

/** 403, in the server log and the audit log (`access.denied`), as the guard does for roles. */
async function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleCasesDeps,
  session: ActiveSession,
  decision: Extract<Decision, { allowed: false }>,
  details: Record<string, unknown>,
): Promise<FastifyReply> {
  const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
  request.log.warn(
    { operator: session.operator.login, role: session.operator.role, route, reason: decision.reason },
    "console request outside the operator's role or scope",
  );
  await recordAudit(
    deps.db,
    {
      action: 'access.denied',
      outcome: 'denied',
      actor: { id: session.operator.id, login: session.operator.login },
      target: route,
      ip: request.ip,
      details: {
        route: `${request.method} ${request.routeOptions.url ?? ''}`,
        role: session.operator.role,
        reason: decision.reason,
        ...details,
      },
    },
    deps.now(),
  );
  return sendError(reply, 403, 'forbidden', `Not allowed: ${decision.message}`);
}

/**
 * The scope of a case list: the guard already held an aimag operator to its aimag (`?aimag=`);
 * an agency handler sees only its agency's cases, and naming another agency is refused.
 */
function listScope(
  request: FastifyRequest,
  session: ActiveSession,
  agency: string | undefined,
): CaseScope | Extract<Decision, { allowed: false }> {
  const { operator } = session;
  if (operator.role === 'agency_handler') {
    if (operator.agencyId === null) {
      return { allowed: false, reason: 'misconfigured', message: 'this agency handler account has no agency' };
    }
    if (agency !== undefined && agency !== operator.agencyId) {
      return {
        allowed: false,
        reason: 'scope',
        message: `a handler of ${operator.agencyId} may not see the cases of ${agency}`,
      };
    }
    return { aimagCode: null, agencyId: operator.agencyId };
  }
  return { aimagCode: scopedAimag(request), agencyId: null };
}

/** The case named by `:id`, when it exists and the operator may reach it; else the reply is sent. */
async function caseInScope(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleCasesDeps,
): Promise<{ id: number; session: ActiveSession } | FastifyReply> {
  const session = requireConsoleSession(request);
  const { id: raw } = request.params as { id: string };
  if (!ID.test(raw)) return sendError(reply, 400, 'invalid_request', `"${raw.slice(0, 40)}" is not a case id`);
  const id = Number(raw);
  const facts = await readCaseFacts(deps.db, id);
  if (!facts) return sendError(reply, 404, 'not_found', `there is no case ${id}`);
  const decision = decideCase(session.operator, facts);
  if (!decision.allowed) return refuse(request, reply, deps, session, decision, { case: id, aimag: facts.aimagCode });
  return { id, session };
}

const ACTION_SCHEMAS = {
  forward: forwardCaseRequestSchema,
  take: takeCaseRequestSchema,
  extend: extendCaseRequestSchema,
  answer: answerCaseRequestSchema,
  return: returnCaseRequestSchema,
  notes: noteCaseRequestSchema,
} as const satisfies Record<CaseAction, z.ZodType>;

/**
 * The console's cases and kiosks routes (contract: src-shared/console/cases-api.ts): the case
 * table with server-side filters, sort and paging, its CSV, the case page, the six actions, and
 * the kiosks page with its CSV. Role and aimag scope come from the guard (policy.ts); a case
 * named by id is checked against the operator's aimag or agency here, refused with 403 and
 * logged like any other refusal.
 */
export function registerConsoleCasesRoutes(app: FastifyInstance, deps: ConsoleCasesDeps): void {
  app.get('/cases', async (request, reply) => {
    const session = requireConsoleSession(request);
    const query = caseListQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const scope = listScope(request, session, query.data.agency);
    if ('allowed' in scope) return refuse(request, reply, deps, session, scope, { agency: query.data.agency });
    reply.header('cache-control', 'no-store');
    return listCases(deps.db, query.data, scope, deps.now());
  });

  app.get('/cases/export', async (request, reply) => {
    const session = requireConsoleSession(request);
    const query = caseListQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const scope = listScope(request, session, query.data.agency);
    if ('allowed' in scope) return refuse(request, reply, deps, session, scope, { agency: query.data.agency });
    const { sort: _sort, dir: _dir, page: _page, pageSize: _pageSize, ...filter } = query.data;
    const now = deps.now();
    await recordAudit(
      deps.db,
      {
        action: 'cases.export',
        outcome: 'ok',
        actor: { id: session.operator.id, login: session.operator.login },
        target: 'cases',
        ip: request.ip,
        details: { filter, scope },
      },
      now,
    );
    const stream = Readable.from(caseCsvChunks(iterateCases(deps.db, filter, scope, { now })));
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cases-${now.toISOString().slice(0, 10)}.csv"`)
      .send(stream);
  });

  app.get('/cases/:id', async (request, reply) => {
    const found = await caseInScope(request, reply, deps);
    if (!('id' in found)) return found;
    const now = deps.now();
    const detail = await readCaseDetail(deps.db, found.id, { submissionKey: deps.submissionKey, now });
    if (!detail) return sendError(reply, 404, 'not_found', `there is no case ${found.id}`);
    // Reading what a citizen wrote is itself on the record.
    await recordAudit(
      deps.db,
      {
        action: 'cases.view',
        outcome: 'ok',
        actor: { id: found.session.operator.id, login: found.session.operator.login },
        target: detail.row.trackingNo,
        ip: request.ip,
        details: { case: found.id },
      },
      now,
    );
    reply.header('cache-control', 'no-store');
    return detail;
  });

  for (const action of Object.keys(ACTION_SCHEMAS) as CaseAction[]) {
    app.post(`/cases/:id/${action}`, async (request, reply) => {
      const body = ACTION_SCHEMAS[action].safeParse(request.body ?? {});
      if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
      const found = await caseInScope(request, reply, deps);
      if (!('id' in found)) return found;
      const { operator } = found.session;
      try {
        await performCaseAction(
          deps.db,
          found.id,
          { id: operator.id, login: operator.login, ip: request.ip },
          { action, ...body.data } as CaseActionRequest,
          { now: deps.now, ...(deps.onAnswered ? { onAnswered: deps.onAnswered } : {}) },
        );
      } catch (err) {
        if (err instanceof CaseActionError) return sendError(reply, err.status, err.code, err.message);
        throw err;
      }
      request.log.info({ case: found.id, action, operator: operator.login }, 'case action');
      const detail = await readCaseDetail(deps.db, found.id, { submissionKey: deps.submissionKey, now: deps.now() });
      reply.header('cache-control', 'no-store');
      return detail;
    });
  }

  app.get('/kiosks', async (request, reply) => {
    const query = kioskListQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    reply.header('cache-control', 'no-store');
    return listKiosks(deps.db, query.data, scopedAimag(request), deps.now());
  });

  app.get('/kiosks/export', async (request, reply) => {
    const query = kioskListQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const page = await listKiosks(deps.db, query.data, scopedAimag(request), deps.now());
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="kiosks.csv"')
      .send(kiosksCsv(page));
  });
}
