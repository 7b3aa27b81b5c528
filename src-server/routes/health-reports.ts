import type { FastifyInstance } from 'fastify';
import { healthReportSchema, type HealthReportResponse } from '../../src-shared/schemas/health-report.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { kioskTimeZone } from '../../src-shared/format.js';
import { isOpenAt } from '../../src-shared/schemas/kiosk-settings.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { requireKiosk } from '../http/kiosk-auth.js';
import { recordHealthReport } from '../kiosks/kiosk-health.js';
import type { ContentSigningKey } from '../content/signing.js';
import { offerFor } from '../releases/release-store.js';
import { acknowledgeSettings, currentSettingsForKiosk, settingsDelivery } from '../kiosks/kiosk-settings.js';

/** A report with its most events (200 × 500 characters) fits; anything larger is not a kiosk's. */
export const HEALTH_REPORT_BODY_LIMIT = 256 * 1024;

/**
 * `POST /health-reports`: a kiosk's health report (src-shared/schemas/health-report.ts). Stored
 * as its latest, rolled up by the hour, its events kept once each (src-server/kiosks/kiosk-health.ts).
 * Answers 200 with the receipt time and the clock drift the server measured, and, when the kiosk
 * does not run the remote settings version meant for it, that version signed with the content key
 * (src-server/kiosks/kiosk-settings.ts). A report naming that version acknowledges it. When a
 * newer release is offered to the kiosk (src-server/releases/release-store.ts) the answer names it,
 * and with opening hours set it says whether the kiosk is open now (`openNow`).
 */
export function registerHealthReportsRoute(
  app: FastifyInstance,
  { db, key, now = () => new Date() }: { db: Database; key?: ContentSigningKey; now?: () => Date },
): void {
  app.post('/health-reports', { bodyLimit: HEALTH_REPORT_BODY_LIMIT }, async (request, reply) => {
    const report = healthReportSchema.safeParse(request.body);
    if (!report.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(report.error));
    const kiosk = requireKiosk(request);
    const at = now();
    const recorded = await recordHealthReport(db, kiosk.id, report.data, at);
    let answer: HealthReportResponse = recorded;
    if (key) {
      const current = await currentSettingsForKiosk(db, kiosk);
      const hours = current?.settings.openingHours;
      if (hours) {
        const place = await db.selectFrom('kiosks').select('aimag_code').where('id', '=', kiosk.id).executeTakeFirst();
        answer = { ...answer, openNow: isOpenAt(hours, at, kioskTimeZone(place?.aimag_code ?? '')) };
      }
      if (current !== null && current.version === report.data.settingsVersion) {
        await acknowledgeSettings(db, kiosk.id, current);
      } else if (current !== null) {
        answer = { ...answer, settings: settingsDelivery(kiosk.kioskCode, current, key, at) };
      }
    }
    const release = await offerFor(db, kiosk.kioskCode, report.data.appVersion);
    if (release !== null) answer = { ...answer, release };
    request.log.info(
      {
        kiosk: kiosk.kioskCode,
        printer: report.data.printer,
        outbox: report.data.outbox.depth,
        ...recorded,
        settings: answer.settings?.payload.version,
        release: release?.version,
        update: report.data.update?.state,
      },
      'health report',
    );
    return reply.header('cache-control', 'no-store').send(answer);
  });
}
