import type { FastifyInstance } from 'fastify';
import { healthReportSchema } from '../../src-shared/schemas/health-report.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { requireKiosk } from '../http/kiosk-auth.js';
import { recordHealthReport } from '../kiosks/kiosk-health.js';

/** A report with its most events (200 × 500 characters) fits; anything larger is not a kiosk's. */
export const HEALTH_REPORT_BODY_LIMIT = 256 * 1024;

/**
 * `POST /health-reports`: a kiosk's health report (src-shared/schemas/health-report.ts). Stored
 * as its latest, rolled up by the hour, its events kept once each (src-server/kiosks/kiosk-health.ts).
 * Answers 200 with the receipt time and the clock drift the server measured.
 */
export function registerHealthReportsRoute(
  app: FastifyInstance,
  { db, now = () => new Date() }: { db: Database; now?: () => Date },
): void {
  app.post('/health-reports', { bodyLimit: HEALTH_REPORT_BODY_LIMIT }, async (request, reply) => {
    const report = healthReportSchema.safeParse(request.body);
    if (!report.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(report.error));
    const kiosk = requireKiosk(request);
    const answer = await recordHealthReport(db, kiosk.id, report.data, now());
    request.log.info(
      { kiosk: kiosk.kioskCode, printer: report.data.printer, outbox: report.data.outbox.depth, ...answer },
      'health report',
    );
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
