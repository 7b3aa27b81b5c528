import type { FastifyInstance } from 'fastify';
import { publicReportPublishRequestSchema, reportQuerySchema } from '../../src-shared/console/report-api.js';
import { pickText } from '../../src-shared/pick-text.js';
import { petitionCategorySchema } from '../../src-shared/schemas/content.js';
import { appendAudit, recordAudit } from '../audit/audit-log.js';
import { auditedTransaction } from '../db/audit-chain-lock.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession, scopedAimag } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { publishPublicReportIn } from '../report/public-report.js';
import { reportTableCsv } from '../report/report-csv.js';
import { computeReport } from '../report/report-query.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/** Mongolian titles of the published petition categories, for the CSV's name column. */
async function categoryNames(db: Database): Promise<(id: string) => string> {
  const rows = await db
    .selectFrom('content_current')
    .select(['entity_id', 'data'])
    .where('type', '=', 'petition-category')
    .execute();
  const names = new Map<string, string>();
  for (const row of rows) {
    const parsed = petitionCategorySchema.safeParse(JSON.parse(row.data));
    if (parsed.success) names.set(row.entity_id, pickText(parsed.data.title, 'mn'));
  }
  return (id) => names.get(id) ?? '';
}

/**
 * The 11-11 report (`src-shared/console/report-api.ts`):
 * - `GET /console/api/report?from=&to=[&aimag=][&format=csv&table=…]` (administrator, auditor,
 *   and an aimag operator for its own aimag only): every figure computed by the database. A CSV
 *   export of a table is audited (it leaves the server); viewing is not.
 * - `POST /console/api/report/public` (administrator): derive the public report now and publish
 *   it to kiosks as signed content, audited in the same transaction.
 */
export function registerConsoleReportRoutes(app: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  app.get('/report', async (request, reply) => {
    const session = requireConsoleSession(request);
    const query = reportQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const aimagCode = scopedAimag(request);
    const { from, to, format, table } = query.data;
    const now = deps.now();
    const report = await computeReport(deps.db, { from, to, aimagCode }, now);
    reply.header('cache-control', 'no-store');
    if (format === 'json' || table === undefined) return reply.send(report);
    await recordAudit(
      deps.db,
      {
        action: 'report.export',
        outcome: 'ok',
        actor: { id: session.operator.id, login: session.operator.login },
        target: table,
        ip: request.ip,
        details: { from, to, aimag: aimagCode },
      },
      now,
    );
    const file = `tsonkh-report-${table}-${from}-${to}${aimagCode === null ? '' : `-${aimagCode}`}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(reportTableCsv(report, table, await categoryNames(deps.db)));
  });

  app.post('/report/public', async (request, reply) => {
    const session = requireConsoleSession(request);
    const body = publicReportPublishRequestSchema.safeParse(request.body ?? undefined);
    if (!body.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(body.error));
    const now = deps.now();
    const { report, change } = await auditedTransaction(deps.db, async (trx) => {
      const published = await publishPublicReportIn(trx, now);
      await appendAudit(
        trx,
        {
          action: 'report.publish_public',
          outcome: 'ok',
          actor: { id: session.operator.id, login: session.operator.login },
          target: 'petition-report/national',
          ip: request.ip,
          details: { from: published.report.from, to: published.report.to, seq: published.change?.seq ?? null },
        },
        now,
      );
      return published;
    });
    request.log.info({ seq: change?.seq ?? null }, 'public petition report published');
    return reply.send({ published: change !== null, seq: change?.seq ?? null, from: report.from, to: report.to });
  });
}
