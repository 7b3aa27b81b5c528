import type { FastifyInstance } from 'fastify';
import { auditQuerySchema } from '../../src-shared/console/console-api.js';
import { recordAudit } from '../audit/audit-log.js';
import { auditCsv, queryAudit } from '../audit/audit-query.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';

/**
 * `GET /console/api/audit?from=&to=&actor=&action=&limit=&before=&format=json|csv` (administrator,
 * auditor): the audit log, newest first. A CSV export is itself audited (it leaves the server).
 */
export function registerConsoleAuditRoute(app: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  app.get('/audit', async (request, reply) => {
    const session = requireConsoleSession(request);
    const query = auditQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(query.error));
    const { format, ...filters } = query.data;
    const entries = await queryAudit(deps.db, filters);
    reply.header('cache-control', 'no-store');
    if (format === 'json') return reply.send({ entries });
    await recordAudit(
      deps.db,
      {
        action: 'audit.export',
        outcome: 'ok',
        actor: { id: session.operator.id, login: session.operator.login },
        ip: request.ip,
        details: { ...filters, rows: entries.length },
      },
      deps.now(),
    );
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="tsonkh-audit.csv"')
      .send(auditCsv(entries));
  });
}
