import { verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-shared/canonical-json.js';
import { healthReportResponseSchema, type HealthReportInput } from '../../../src-shared/schemas/health-report.js';
import { publicKeyFromRaw } from '../../../src-server/content/signing.js';
import { listFleet } from '../../../src-server/kiosks/kiosk-health.js';
import {
  SettingsError,
  currentSettingsFor,
  currentSettingsForKiosk,
  kioskSettingsView,
  rollbackSettings,
  setSettings,
} from '../../../src-server/kiosks/kiosk-settings.js';
import type { SignedSettings } from '../../../src-shared/schemas/kiosk-settings.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs } from './console-helpers.js';
import { authHeaders, createTestServer, DEMO_KIOSK_CODE, DEMO_PUBLIC_KEY, type TestServer } from './helpers.js';

// 02:00 UTC: 10:00 in Ulaanbaatar, 09:00 in Ölgii, where the demo kiosk (aimag 83) stands.
const START = new Date('2026-12-03T02:00:00.000Z');
const CLI = { id: null, login: 'cli:test' };
const KIOSK = { kioskCode: DEMO_KIOSK_CODE, aimagCode: '83' };

function report(at: Date, settingsVersion: number | null, over: Partial<HealthReportInput> = {}): HealthReportInput {
  return {
    kioskTime: at.toISOString(),
    appVersion: '0.1.0',
    content: { cursor: 24, signedAt: at.toISOString(), stale: false },
    settingsVersion,
    uptimeS: 3600,
    outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
    storage: { usedBytes: 1000, freeBytes: 9000, persisted: true },
    printer: 'ok',
    sync: { content: null, status: null, push: null },
    events: [],
    ...over,
  };
}

function verifies(signed: SignedSettings): boolean {
  return verify(
    null,
    Buffer.from(canonicalJson(signed.payload), 'utf8'),
    publicKeyFromRaw(Buffer.from(DEMO_PUBLIC_KEY, 'base64')),
    Buffer.from(signed.signature, 'base64'),
  );
}

describe('remote settings on the server', () => {
  let server: TestServer;
  let now: Date;
  beforeEach(async () => {
    now = START;
    server = await createTestServer({ now: () => now });
  });
  afterEach(async () => {
    await server.close();
  });
  const send = (payload: HealthReportInput) =>
    server.app.inject({ method: 'POST', url: '/api/v1/health-reports', headers: authHeaders(), payload });

  it('versions settings per scope and merges fleet, aimag and kiosk, the narrower winning', async () => {
    expect(await currentSettingsFor(server.db, KIOSK)).toBeNull();
    const fleet = await setSettings(server.db, {
      scope: 'fleet',
      settings: { idle: { timeoutSeconds: 120, warningSeconds: 30 }, defaultLanguage: 'mn' },
      by: CLI,
    });
    const aimag = await setSettings(server.db, { scope: 'aimag:83', settings: { defaultLanguage: 'kk' }, by: CLI });
    // Another aimag's and another kiosk's versions do not reach this kiosk.
    await setSettings(server.db, { scope: 'aimag:65', settings: { textScale: 150 }, by: CLI });
    await setSettings(server.db, { scope: 'kiosk:9999', settings: { mode: 'library' }, by: CLI });
    expect(aimag.version).toBeGreaterThan(fleet.version);
    const current = await currentSettingsFor(server.db, KIOSK);
    expect(current).toEqual({
      version: aimag.version,
      from: [fleet.version, aimag.version],
      settings: { idle: { timeoutSeconds: 120, warningSeconds: 30 }, defaultLanguage: 'kk' },
    });
    // The route's one-query form (aimag read inside) gives the same.
    const demo = await server.db
      .selectFrom('kiosks')
      .select('id')
      .where('kiosk_code', '=', DEMO_KIOSK_CODE)
      .executeTakeFirstOrThrow();
    expect(await currentSettingsForKiosk(server.db, { id: demo.id, kioskCode: DEMO_KIOSK_CODE })).toEqual(current);
    const own = await setSettings(server.db, {
      scope: `kiosk:${DEMO_KIOSK_CODE}`,
      settings: { textScale: 125 },
      by: CLI,
    });
    expect((await currentSettingsFor(server.db, KIOSK))?.version).toBe(own.version);
    expect((await currentSettingsFor(server.db, KIOSK))?.settings.textScale).toBe(125);

    await expect(setSettings(server.db, { scope: 'planet', settings: { textScale: 125 }, by: CLI })).rejects.toThrow(
      SettingsError,
    );
    await expect(
      setSettings(server.db, { scope: 'fleet', settings: { idle: { timeoutSeconds: -5 } }, by: CLI }),
    ).rejects.toMatchObject({ code: 'invalid_settings' });
    await expect(setSettings(server.db, { scope: 'fleet', settings: {}, by: CLI })).rejects.toMatchObject({
      code: 'invalid_settings',
    });
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', 'like', 'kiosk.settings.%')
      .execute();
    expect(audit).toHaveLength(5);
  });

  it('delivers the settings signed with the content key until a report acknowledges them', async () => {
    const first = await send(report(START, null));
    expect(healthReportResponseSchema.parse(first.json()).settings).toBeUndefined();

    const v = await setSettings(server.db, {
      scope: `kiosk:${DEMO_KIOSK_CODE}`,
      settings: { defaultLanguage: 'en', mode: 'library' },
      by: CLI,
    });
    const answer = healthReportResponseSchema.parse((await send(report(START, null))).json());
    const signed = answer.settings!;
    expect(signed.payload).toEqual({
      kioskCode: DEMO_KIOSK_CODE,
      version: v.version,
      settings: { defaultLanguage: 'en', mode: 'library' },
      signedAt: START.toISOString(),
    });
    expect(verifies(signed)).toBe(true);
    // Changed in transit: the signature no longer holds.
    expect(verifies({ ...signed, payload: { ...signed.payload, kioskCode: '0001' } })).toBe(false);

    // The kiosk runs it now: nothing more to send; the server's record of its use follows the mode.
    const acked = healthReportResponseSchema.parse((await send(report(START, v.version))).json());
    expect(acked.settings).toBeUndefined();
    const view = await kioskSettingsView(server.db, DEMO_KIOSK_CODE);
    expect(view).toMatchObject({ acknowledged: v.version, current: { version: v.version }, refused: null });
    const kiosk = await server.db
      .selectFrom('kiosks')
      .select('presentation')
      .where('kiosk_code', '=', DEMO_KIOSK_CODE)
      .executeTakeFirstOrThrow();
    expect(kiosk.presentation).toBe('library');
  });

  it('rolls back to an earlier version as a new, higher one', async () => {
    const scope = `kiosk:${DEMO_KIOSK_CODE}`;
    const one = await setSettings(server.db, { scope, settings: { defaultLanguage: 'kk' }, by: CLI });
    const two = await setSettings(server.db, { scope, settings: { defaultLanguage: 'en' }, by: CLI });
    const three = await rollbackSettings(server.db, { scope, to: one.version, by: CLI });
    expect(three).toMatchObject({ rollbackOf: one.version, settings: { defaultLanguage: 'kk' } });
    expect(three.version).toBeGreaterThan(two.version);
    expect(await currentSettingsFor(server.db, KIOSK)).toMatchObject({
      version: three.version,
      settings: { defaultLanguage: 'kk' },
    });
    // Only a version of the same scope can be brought back.
    const other = await setSettings(server.db, { scope: 'fleet', settings: { textScale: 150 }, by: CLI });
    await expect(rollbackSettings(server.db, { scope, to: other.version, by: CLI })).rejects.toMatchObject({
      code: 'not_found',
    });
    const view = await kioskSettingsView(server.db, DEMO_KIOSK_CODE);
    expect(view?.history.map((h) => h.version)).toEqual([other.version, three.version, two.version, one.version]);
  });

  it('shows a refusal the kiosk reported, and the old version stays acknowledged', async () => {
    const scope = `kiosk:${DEMO_KIOSK_CODE}`;
    const good = await setSettings(server.db, { scope, settings: { defaultLanguage: 'kk' }, by: CLI });
    await send(report(START, good.version));
    const bad = await setSettings(server.db, { scope, settings: { languages: ['mn', 'ru'] }, by: CLI });
    const answer = healthReportResponseSchema.parse((await send(report(START, good.version))).json());
    expect(answer.settings?.payload.version).toBe(bad.version);
    const details = `v${bad.version}: languages not on this kiosk: ru`;
    await send(
      report(START, good.version, {
        events: [{ id: 'refused-1', at: START.toISOString(), kind: 'settings_refused', details }],
      }),
    );
    const view = await kioskSettingsView(server.db, DEMO_KIOSK_CODE);
    expect(view).toMatchObject({ acknowledged: good.version, current: { version: bad.version } });
    expect(view?.refused).toEqual({ at: START.toISOString(), details });
  });

  it('alerts when a kiosk is not online during its opening hours, on its own clock', async () => {
    await send(report(START, null));
    const fleetAt = async (at: Date) => {
      const rows = await listFleet(server.db, at);
      return rows.find((r) => r.kioskCode === DEMO_KIOSK_CODE)!.alerts.map((a) => a.kind);
    };
    const open = { open: '09:30', close: '18:00' };
    await setSettings(server.db, {
      scope: 'aimag:83',
      settings: { openingHours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: null, sun: null } },
      by: CLI,
    });
    // Thursday 02:20 UTC: 10:20 in Ulaanbaatar but 09:20 in Ölgii, still closed there.
    expect(await fleetAt(new Date('2026-12-03T02:20:00Z'))).not.toContain('offline_open');
    // 03:00 UTC: 10:00 in Ölgii, open, and no report for an hour.
    expect(await fleetAt(new Date('2026-12-03T03:00:00Z'))).toContain('offline_open');
    // Saturday: closed all day.
    expect(await fleetAt(new Date('2026-12-05T05:00:00Z'))).not.toContain('offline_open');
    // A report closes it; its answer tells the kiosk it is open now (its updater waits for idleness).
    now = new Date('2026-12-03T03:00:00Z');
    expect((await send(report(now, null))).json()).toMatchObject({ openNow: true });
    expect(await fleetAt(now)).not.toContain('offline_open');
    // 09:20 in Ölgii: closed, so a staged release may install at once.
    now = new Date('2026-12-03T02:20:00Z');
    expect((await send(report(now, null))).json()).toMatchObject({ openNow: false });
  });

  it('console: states and settings for readers, set and rollback for the administrator only, audited', async () => {
    for (const role of ['admin', 'auditor', 'aimag_operator'] as const) {
      await addTestOperator(server.db, OPERATORS_BY_ROLE[role], START);
    }
    await send(report(START, null));
    const admin = await signInAs(server.app, 'admin');
    const auditor = await signInAs(server.app, 'auditor');
    const arkhangai = await signInAs(server.app, 'arkhangai');
    const get = (c: typeof admin, url: string) => server.app.inject({ method: 'GET', url, headers: c.headers() });
    const post = (c: typeof admin, url: string, payload: object) =>
      server.app.inject({ method: 'POST', url, headers: c.headers(true), payload });

    const fleet = await get(auditor, '/console/api/fleet');
    expect(fleet.statusCode).toBe(200);
    expect(fleet.json<{ rows: { kioskCode: string; state: string }[] }>().rows).toContainEqual(
      expect.objectContaining({ kioskCode: DEMO_KIOSK_CODE, state: 'online' }),
    );
    // Arkhangai's operator does not see a Bayan-Ölgii kiosk.
    expect((await get(arkhangai, '/console/api/fleet')).json<{ rows: unknown[] }>().rows).toEqual([]);
    expect((await get(arkhangai, `/console/api/fleet/${DEMO_KIOSK_CODE}`)).statusCode).toBe(404);

    const url = `/console/api/fleet/${DEMO_KIOSK_CODE}/settings`;
    expect((await post(auditor, url, { settings: { textScale: 150 } })).statusCode).toBe(403);
    const bad = await post(admin, url, { settings: { textScale: 'huge' } });
    expect(bad.statusCode).toBe(400);
    const set = await post(admin, url, { settings: { textScale: 150 } });
    expect(set.statusCode).toBe(201);
    const version = set.json<{ version: number }>().version;
    const back = await post(admin, `${url}/rollback`, { to: version });
    expect(back.statusCode).toBe(201);
    expect((await post(admin, `${url}/rollback`, { to: 999_999 })).statusCode).toBe(404);

    const detail = await get(auditor, `/console/api/fleet/${DEMO_KIOSK_CODE}`);
    expect(detail.statusCode).toBe(200);
    const body = detail.json<{ hours: { hour: string; reports: number }[]; settings: { history: unknown[] } }>();
    expect(body.hours).toEqual([expect.objectContaining({ hour: '2026-12-03T02', reports: 1 })]);
    expect(body.settings.history).toHaveLength(2);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'actor_login'])
      .where('action', 'like', 'kiosk.settings.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['kiosk.settings.rollback', 'kiosk.settings.set']);
  });
});
