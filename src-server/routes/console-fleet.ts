import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  rollbackSettingsRequestSchema,
  setSettingsRequestSchema,
  type FleetPage,
  type KioskFleetDetail,
} from '../../src-shared/console/fleet-api.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import type { Database } from '../db/database.js';
import { requireConsoleSession, scopedAimag } from '../http/console-auth.js';
import { sendError } from '../http/error-replies.js';
import { listFleet } from '../kiosks/kiosk-health.js';
import {
  SettingsError,
  kioskSettingsView,
  rollbackSettings,
  setSettings,
  type SettingsVersion,
} from '../kiosks/kiosk-settings.js';

const STATUS_OF: Record<SettingsError['code'], number> = { invalid_scope: 400, invalid_settings: 400, not_found: 404 };
const CODE = /^\d{4}$/;

/**
 * The Kiosks page's fleet part (contract: src-shared/console/fleet-api.ts): states and alerts,
 * one kiosk's hourly health and its remote settings, and the administrator's set and rollback
 * (audited with the version in one transaction, src-server/kiosks/kiosk-settings.ts).
 * An aimag operator sees only its own aimag's kiosks (404 for another's, as for a missing one).
 */
export function registerConsoleFleetRoutes(app: FastifyInstance, deps: { db: Database; now: () => Date }): void {
  app.get('/fleet', async (request, reply) => {
    const aimag = scopedAimag(request);
    const rows = await listFleet(deps.db, deps.now());
    const versions = await deps.db
      .selectFrom('kiosk_health as h')
      .innerJoin('kiosks as k', 'k.id', 'h.kiosk_id')
      .select(['k.kiosk_code', 'h.settings_version', 'h.app_version', 'h.update_state', 'h.update_version'])
      .execute();
    const latest = new Map(versions.map((v) => [v.kiosk_code, v]));
    const page: FleetPage = {
      rows: rows
        .filter((r) => aimag === null || r.aimagCode === aimag)
        .map((r) => {
          const h = latest.get(r.kioskCode);
          return {
            ...r,
            settingsVersion: h?.settings_version ?? null,
            appVersion: h?.app_version ?? null,
            updateState: h?.update_state ?? null,
            updateVersion: h?.update_version ?? null,
          };
        }),
    };
    reply.header('cache-control', 'no-store');
    return page;
  });

  app.get<{ Params: { code: string } }>('/fleet/:code', async (request, reply) => {
    const kiosk = await findKiosk(deps.db, request, reply);
    if (!kiosk) return reply;
    const since = new Date(deps.now().getTime() - 48 * 3_600_000).toISOString().slice(0, 13);
    const [hours, events, settings] = await Promise.all([
      deps.db
        .selectFrom('kiosk_health_hourly')
        .selectAll()
        .where('kiosk_id', '=', kiosk.id)
        .where('hour', '>=', since)
        .orderBy('hour', 'desc')
        .execute(),
      deps.db
        .selectFrom('kiosk_events')
        .select(['at', 'kind', 'details'])
        .where('kiosk_id', '=', kiosk.id)
        .where('closed_at', 'is', null)
        .orderBy('at', 'desc')
        .limit(50)
        .execute(),
      kioskSettingsView(deps.db, kiosk.kiosk_code),
    ]);
    const detail: KioskFleetDetail = {
      kioskCode: kiosk.kiosk_code,
      hours: hours.map((h) => ({
        hour: h.hour,
        reports: Number(h.reports),
        maxOutboxDepth: Number(h.max_outbox_depth),
        worstPrinter: h.worst_printer,
        maxDriftMs: Number(h.max_drift_ms),
        minFreeBytes: h.min_free_bytes === null ? null : Number(h.min_free_bytes),
      })),
      openEvents: events,
      settings: {
        current: settings?.current ?? null,
        acknowledged: settings?.acknowledged ?? null,
        refused: settings?.refused ?? null,
        history: settings?.history ?? [],
      },
    };
    reply.header('cache-control', 'no-store');
    return detail;
  });

  const change =
    (
      make: (
        kioskCode: string,
        body: unknown,
        actor: { id: number; login: string; ip: string },
      ) => Promise<SettingsVersion>,
    ) =>
    async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) => {
      const session = requireConsoleSession(request);
      const kiosk = await findKiosk(deps.db, request, reply);
      if (!kiosk) return reply;
      try {
        const version = await make(kiosk.kiosk_code, request.body, {
          id: session.operator.id,
          login: session.operator.login,
          ip: request.ip,
        });
        request.log.info(
          { operator: session.operator.login, kiosk: kiosk.kiosk_code, version: version.version },
          'kiosk settings changed',
        );
        return reply.code(201).send(version);
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err;
        return sendError(reply, STATUS_OF[err.code], err.code, err.message);
      }
    };

  app.post<{ Params: { code: string } }>(
    '/fleet/:code/settings',
    change(async (code, body, actor) => {
      const parsed = setSettingsRequestSchema.safeParse(body);
      if (!parsed.success) throw new SettingsError('invalid_settings', formatZodIssues(parsed.error));
      return setSettings(deps.db, {
        scope: `kiosk:${code}`,
        settings: parsed.data.settings,
        by: actor,
        now: deps.now(),
      });
    }),
  );

  app.post<{ Params: { code: string } }>(
    '/fleet/:code/settings/rollback',
    change(async (code, body, actor) => {
      const parsed = rollbackSettingsRequestSchema.safeParse(body);
      if (!parsed.success) throw new SettingsError('invalid_settings', formatZodIssues(parsed.error));
      return rollbackSettings(deps.db, { scope: `kiosk:${code}`, to: parsed.data.to, by: actor, now: deps.now() });
    }),
  );
}

async function findKiosk(db: Database, request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) {
  const code = request.params.code;
  const aimag = scopedAimag(request);
  const kiosk = CODE.test(code)
    ? await db
        .selectFrom('kiosks')
        .select(['id', 'kiosk_code', 'aimag_code'])
        .where('kiosk_code', '=', code)
        .executeTakeFirst()
    : undefined;
  if (!kiosk || (aimag !== null && kiosk.aimag_code !== aimag)) {
    sendError(reply, 404, 'not_found', `no kiosk ${code}`);
    return null;
  }
  return kiosk;
}
