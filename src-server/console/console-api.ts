import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_API_PREFIX } from '../../src-shared/console/console-api.js';
import type { Database } from '../db/database.js';
import { consoleGuard } from '../http/console-auth.js';
import type { OnAnswered } from '../cases/case-actions.js';
import { registerConsoleCasesRoutes } from '../routes/console-cases.js';
import { registerConsoleFleetRoutes } from '../routes/console-fleet.js';
import { registerConsoleKioskEnrolmentRoutes } from '../routes/console-kiosk-enrolment.js';
import { registerConsoleAuditRoute } from '../routes/console-audit.js';
import { registerConsoleHearingsRoute } from '../routes/console-hearings.js';
import { registerConsoleLawCommentsRoute } from '../routes/console-law-comments.js';
import { registerConsoleOperatorRoutes } from '../routes/console-operators.js';
import { registerConsoleReportRoutes } from '../routes/console-report.js';
import { registerConsolePublicationRoutes } from '../routes/console-publications.js';
import { registerConsoleSessionRoutes } from '../routes/console-session.js';
import { STRONG_SCRYPT, type ScryptParams } from './passwords.js';
import { policyFor } from './policy.js';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './sessions.js';

export interface ConsoleApiOptions {
  db: Database;
  now?: () => Date;
  /** Session lifetimes (TSONKH_SESSION_IDLE_MINUTES, TSONKH_SESSION_MAX_HOURS). */
  sessionLimits?: SessionLimits;
  /** The cost of password hashes made and checked here; tests use TEST_SCRYPT. */
  passwordParams?: ScryptParams;
  /** The submission private key, to open what a citizen wrote on the case page (in memory only). */
  submissionKey?: KeyObject | null;
  /**
   * Called inside the transaction of a case's answer (`cases/case-actions.ts` OnAnswered): where the
   * answer is prepared for delivery to the citizen's kiosk. Nothing by default.
   */
  onAnswered?: OnAnswered;
}

/**
 * Every `/console/api/…` route, behind one guard (session, CSRF, role and scope from
 * `policy.ts`). A route added here without a policy entry stops the server at start-up.
 */
export async function registerConsoleApi(app: FastifyInstance, options: ConsoleApiOptions): Promise<void> {
  const deps = {
    db: options.db,
    now: options.now ?? (() => new Date()),
    limits: options.sessionLimits ?? DEFAULT_SESSION_LIMITS,
    passwordParams: options.passwordParams ?? STRONG_SCRYPT,
    submissionKey: options.submissionKey ?? null,
    onAnswered: options.onAnswered,
  };
  await app.register(
    async (api) => {
      api.decorateRequest('consoleSession', null);
      api.decorateRequest('consoleAccess', null);
      api.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) {
          if (method === 'HEAD') continue;
          if (!policyFor(method, route.url)) {
            throw new Error(`console route ${method} ${route.url} has no entry in src-server/console/policy.ts`);
          }
        }
      });
      api.addHook('onRequest', consoleGuard(deps));
      registerConsoleSessionRoutes(api, deps);
      registerConsoleOperatorRoutes(api, deps);
      registerConsoleAuditRoute(api, deps);
      registerConsoleLawCommentsRoute(api, deps);
      registerConsoleHearingsRoute(api, deps);
      registerConsoleReportRoutes(api, deps);
      registerConsolePublicationRoutes(api, deps);
      registerConsoleCasesRoutes(api, deps);
      registerConsoleFleetRoutes(api, deps);
      registerConsoleKioskEnrolmentRoutes(api, deps);
    },
    { prefix: CONSOLE_API_PREFIX },
  );
}
