import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthReportResponseSchema, type HealthReportInput } from '../../../src-shared/schemas/health-report.js';
import { FLEET_HEADINGS, formatFleetTable } from '../../../src-server/kiosks/fleet-table.js';
import { listFleet, pruneKioskHealth } from '../../../src-server/kiosks/kiosk-health.js';
import { registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { recordHealthEvent } from '../../../src-renderer/data/health-repo.js';
import { createNodeKiosk } from '../../support/node-kiosk.js';
import { PROCESS_SUITE, runEntry } from './process.js';
import {
  authHeaders,
  createTestServer,
  DEMO_KIOSK_CODE,
  DEMO_PUBLIC_KEY,
  FIXTURE_CHANGE_COUNT,
  type TestServer,
} from './helpers.js';

const START = new Date('2026-12-03T02:00:00.000Z');
const GB = 1024 ** 3;

/** A healthy report made at `at` by the kiosk's clock, changed by `over`. */
function report(at: Date, over: Partial<HealthReportInput> = {}): HealthReportInput {
  return {
    kioskTime: at.toISOString(),
    appVersion: '0.1.0',
    content: { cursor: 24, signedAt: at.toISOString(), stale: false },
    settingsVersion: null,
    uptimeS: 3600,
    outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
    storage: { usedBytes: 1 * GB, freeBytes: 9 * GB, persisted: true },
    printer: 'ok',
    sync: {
      content: { result: 'ok', at: at.toISOString() },
      status: { result: 'ok', at: at.toISOString() },
      push: null,
    },
    events: [],
    ...over,
  };
}

describe('kiosk health reports and the fleet', () => {
  let server: TestServer;
  let now: Date;
  beforeEach(async () => {
    now = START;
    server = await createTestServer({ now: () => now });
  });
  afterEach(async () => {
    await server.close();
  });

  const send = (payload: unknown, headers: Record<string, string> = authHeaders()) =>
    server.app.inject({ method: 'POST', url: '/api/v1/health-reports', headers, payload: payload as object });
  const minutes = (m: number) => new Date(START.getTime() + m * 60_000);
  const fleet = async () => {
    const rows = await listFleet(server.db, now);
    return rows.find((r) => r.kioskCode === DEMO_KIOSK_CODE)!;
  };

  it('stores the latest report with its drift; refuses strangers and bad reports in words', async () => {
    // The kiosk's clock is 7 minutes ahead.
    const res = await send(report(minutes(7)));
    expect(res.statusCode).toBe(200);
    const answer = healthReportResponseSchema.parse(res.json());
    expect(answer).toEqual({ receivedAt: START.toISOString(), driftMs: 7 * 60_000, eventsStored: 0 });
    const row = await server.db.selectFrom('kiosk_health').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ drift_ms: 420_000, printer: 'ok', outbox_depth: 0, free_bytes: 9 * GB, persisted: 1 });
    expect(JSON.parse(row.report)).not.toHaveProperty('events');

    expect((await send(report(START), authHeaders('not-a-kiosk-credential-at-all'))).statusCode).toBe(401);
    const bad = await send({ ...report(START), printer: 'on_fire', outbox: { depth: -1 } });
    expect(bad.statusCode).toBe(400);
    const message = (bad.json() as { error: { message: string } }).error.message;
    expect(message).toContain('printer');
    expect(message).toContain('outbox.depth');
    expect((await send('not json at all', { ...authHeaders(), 'content-type': 'application/json' })).statusCode).toBe(
      400,
    );
    const huge = {
      ...report(START),
      events: Array.from({ length: 201 }, (_, i) => ({
        id: `e${i}`,
        at: START.toISOString(),
        kind: 'printer',
        details: 'x'.repeat(500),
      })),
    };
    expect([400, 413]).toContain((await send(huge)).statusCode);
    // What PostgreSQL could not store is refused before it gets there.
    const nul = report(START, {
      events: [{ id: 'n1', at: START.toISOString(), kind: 'printer', details: 'a\u0000b' }],
    });
    expect((await send(nul)).statusCode).toBe(400);
    expect((await send({ ...report(START), appVersion: '1.0\u0000' })).statusCode).toBe(400);
    expect((await send({ ...report(START), settingsVersion: 2 ** 40 })).statusCode).toBe(400);
    // Nothing refused changed the stored report.
    expect(await server.db.selectFrom('kiosk_health').select('drift_ms').executeTakeFirstOrThrow()).toEqual({
      drift_ms: 420_000,
    });
  });

  it('answers any body with 200 or a worded 400, never 5xx (random values at random places)', async () => {
    const base = report(START, {
      events: [{ id: 'e1', at: START.toISOString(), kind: 'printer', details: 'paper_out' }],
    }) as unknown as Record<string, unknown>;
    const paths: string[][] = [];
    const walk = (value: unknown, path: string[]) => {
      paths.push(path);
      if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      }
    };
    walk(base, []);
    const replaced = (path: string[], value: unknown): unknown => {
      if (path.length === 0) return value;
      const copy = structuredClone(base) as Record<string, unknown>;
      let at: Record<string, unknown> = copy;
      for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
      at[path.at(-1)!] = value;
      return copy;
    };
    const wild = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constantFrom(-1, 2 ** 31, 2 ** 53, 1e308, '', '\u0000', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), wild, async (path, value) => {
        const res = await send(replaced(path, value) ?? null);
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 400) {
          expect((res.json() as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('rolls reports up by the hour: count, deepest queue, worst printer, largest drift, least free', async () => {
    const sends: Array<[number, Partial<HealthReportInput>]> = [
      [0, {}],
      [5, { outbox: { depth: 12, oldestAgeS: 300, quarantined: 0 }, printer: 'paper_near_end' }],
      [10, { printer: 'paper_out', storage: { usedBytes: 9 * GB, freeBytes: 1 * GB, persisted: true } }],
      [15, { printer: 'cover_open', storage: { usedBytes: null, freeBytes: null, persisted: null } }],
      [65, { printer: 'ok' }],
    ];
    for (const [m, over] of sends) {
      now = minutes(m);
      // The kiosk clock runs m seconds behind.
      expect((await send(report(new Date(now.getTime() - m * 1000), over))).statusCode).toBe(200);
    }
    const hours = await server.db
      .selectFrom('kiosk_health_hourly')
      .select(['hour', 'reports', 'max_outbox_depth', 'worst_printer', 'max_drift_ms', 'min_free_bytes'])
      .orderBy('hour')
      .execute();
    expect(hours).toEqual([
      {
        hour: '2026-12-03T02',
        reports: 4,
        max_outbox_depth: 12,
        worst_printer: 'paper_out',
        max_drift_ms: 15_000,
        min_free_bytes: 1 * GB,
      },
      {
        hour: '2026-12-03T03',
        reports: 1,
        max_outbox_depth: 0,
        worst_printer: 'ok',
        max_drift_ms: 65_000,
        min_free_bytes: 9 * GB,
      },
    ]);
    expect(await server.db.selectFrom('kiosk_health').select('kiosk_id').execute()).toHaveLength(1);
  });

  it('derives online, late, offline and never seen, and alerts that close themselves', async () => {
    const other = await registerKiosk(server.db, {
      kioskCode: '0999',
      name: { mn: 'Шинэ машин', kk: 'Жаңа', en: 'New kiosk' },
      credential: 'kiosk-0999-credential-for-the-fleet-test',
      place: { aimag: '83', soum: '8301' },
    });
    expect(other.created).toBe(true);

    const sick = report(minutes(-10), {
      outbox: { depth: 40, oldestAgeS: 2 * 86_400, quarantined: 1 },
      storage: { usedBytes: 95 * GB, freeBytes: 5 * GB, persisted: false },
      printer: 'paper_out',
      content: { cursor: 3, signedAt: null, stale: true },
      sync: { content: { result: 'failed', at: START.toISOString() }, status: null, push: null },
    });
    expect((await send(sick)).statusCode).toBe(200);
    let row = await fleet();
    expect(row.state).toBe('online');
    expect(row.alerts.map((a) => a.kind).sort()).toEqual(
      ['clock_drift', 'content_stale', 'disk_full', 'printer', 'queue_old', 'sync_failed'].sort(),
    );
    expect(row.alerts.find((a) => a.kind === 'clock_drift')?.detail).toBe('-10 min');
    expect(row.alerts.find((a) => a.kind === 'disk_full')?.detail).toBe('5%');

    now = minutes(11);
    expect((await fleet()).state).toBe('late');
    now = minutes(61);
    row = await fleet();
    expect(row.state).toBe('offline');
    expect(row.alerts.map((a) => a.kind)).toContain('offline');

    // A healthy report closes every alert.
    expect((await send(report(now))).statusCode).toBe(200);
    row = await fleet();
    expect(row).toMatchObject({ state: 'online', alerts: [], outboxDepth: 0, printer: 'ok' });

    const rows = await listFleet(server.db, now);
    expect(rows.find((r) => r.kioskCode === '0999')).toMatchObject({
      state: 'never',
      alerts: [],
      lastReportAt: null,
      name: 'Шинэ машин',
    });
  });

  it('keeps events noticed offline once each, with their time, and closes them when the cause goes', async () => {
    const paperOut = { id: 'ev-1', at: '2026-12-03T02:14:00.000+08:00', kind: 'printer', details: 'paper_out' };
    const started = { id: 'ev-2', at: '2026-12-03T01:00:00.000Z', kind: 'started', details: '' };
    const future = { id: 'ev-3', at: '2026-12-03T01:30:00.000Z', kind: 'battery_low', details: '12%' };
    const first = await send(report(START, { printer: 'paper_out', events: [paperOut, started, future] }));
    expect(healthReportResponseSchema.parse(first.json()).eventsStored).toBe(3);
    // The answer was lost: the kiosk sends the same events again.
    now = minutes(5);
    const again = await send(report(now, { printer: 'paper_out', events: [paperOut, started] }));
    expect(healthReportResponseSchema.parse(again.json()).eventsStored).toBe(0);
    const events = () =>
      server.db
        .selectFrom('kiosk_events')
        .select(['event_id', 'at', 'kind', 'details', 'closed_at'])
        .orderBy('event_id')
        .execute();
    expect(await events()).toEqual([
      { event_id: 'ev-1', at: paperOut.at, kind: 'printer', details: 'paper_out', closed_at: null },
      { event_id: 'ev-2', at: started.at, kind: 'started', details: '', closed_at: started.at },
      { event_id: 'ev-3', at: future.at, kind: 'battery_low', details: '12%', closed_at: future.at },
    ]);
    expect((await fleet()).openEvents).toBe(1);

    // Paper put in: the next report says ok, and the event is closed then.
    now = minutes(10);
    await send(report(now));
    expect((await events())[0]!.closed_at).toBe(now.toISOString());
    expect((await fleet()).openEvents).toBe(0);
  });

  it('prunes roll-ups and closed events older than the kept days; open events stay', async () => {
    const kiosk = await server.db.selectFrom('kiosks').select('id').executeTakeFirstOrThrow();
    const hour = (h: string) => ({
      kiosk_id: kiosk.id,
      hour: h,
      reports: 1,
      max_outbox_depth: 0,
      worst_printer: 'ok',
      max_drift_ms: 0,
      min_free_bytes: null,
    });
    await server.db
      .insertInto('kiosk_health_hourly')
      .values([hour('2025-10-01T00'), hour('2025-11-01T00'), hour('2026-12-01T00')])
      .execute();
    const event = (id: string, closed: string | null) => ({
      kiosk_id: kiosk.id,
      event_id: id,
      at: '2025-10-01T00:00:00.000Z',
      kind: 'printer',
      details: 'paper_out',
      received_at: '2025-10-01T00:00:00.000Z',
      closed_at: closed,
    });
    await server.db
      .insertInto('kiosk_events')
      .values([
        event('old-closed', '2025-10-01T01:00:00.000Z'),
        event('old-open', null),
        event('new', '2026-12-01T00:00:00.000Z'),
      ])
      .execute();
    // 400 days before 2026-12-03 is 2025-10-29.
    expect(await pruneKioskHealth(server.db, START)).toEqual({ hours: 1, events: 1 });
    expect(await pruneKioskHealth(server.db, START)).toEqual({ hours: 0, events: 0 });
    const left = await server.db.selectFrom('kiosk_events').select('event_id').orderBy('event_id').execute();
    expect(left.map((e) => e.event_id)).toEqual(['new', 'old-open']);
    expect(await server.db.selectFrom('kiosk_health_hourly').select('hour').orderBy('hour').execute()).toEqual([
      { hour: '2025-11-01T00' },
      { hour: '2026-12-01T00' },
    ]);
  });

  it('prints the fleet table with Mongolian headings first', async () => {
    await registerKiosk(server.db, {
      kioskCode: '0999',
      name: { mn: 'Шинэ машин', kk: 'Жаңа', en: 'New kiosk' },
      credential: 'kiosk-0999-credential-for-the-fleet-test',
      place: { aimag: '83', soum: '8301' },
    });
    await send(report(START, { printer: 'paper_out', outbox: { depth: 3, oldestAgeS: 90_000, quarantined: 0 } }));
    now = minutes(3);
    const text = formatFleetTable(await listFleet(server.db, now), now);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Код \/ Code +Байршил \/ Place +Төлөв \/ State/);
    for (const heading of FLEET_HEADINGS) expect(lines[0]).toContain(heading);
    const demo = lines.find((l) => l.startsWith(DEMO_KIOSK_CODE))!;
    expect(demo).toContain('холбоотой / online');
    expect(demo).toContain('3 мин');
    expect(demo).toContain('цаас дууссан / paper out');
    expect(demo).toContain('хэвлэгч (цаас дууссан)');
    expect(demo).toContain('илгээгээгүй хоног давсан (25 h)');
    const fresh = lines.find((l) => l.startsWith('0999'))!;
    expect(fresh).toContain('Шинэ машин, Баян-Өлгий');
    expect(fresh).toContain('мэдээ ирээгүй / never seen');
    // Columns line up: every state starts where the heading does.
    const column = lines[0]!.indexOf('Төлөв');
    expect([...demo].slice(column).join('')).toMatch(/^холбоотой/);
    expect(lines.at(-1)).toContain('Нийт 2 машин');
  });
});

describe('npm run fleet', PROCESS_SUITE, () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('prints the table from the database the server uses; exit 0; 2 for a stray argument', async () => {
    server = await createTestServer();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/health-reports',
      headers: authHeaders(),
      payload: report(new Date(), { printer: 'cover_open' }) as object,
    });
    expect(res.statusCode).toBe(200);
    const env = { TSONKH_DATA_DIR: server.dir, DATABASE_URL: server.url };
    const run = await runEntry('src-server/cli/fleet.ts', [], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Код \/ Code/);
    const demo = lines.find((l) => l.startsWith(DEMO_KIOSK_CODE));
    expect(demo).toContain('холбоотой / online');
    expect(demo).toContain('хэвлэгч (таг нээлттэй)');
    expect((await runEntry('src-server/cli/fleet.ts', ['--all'], env)).code).toBe(2);
  });
});

describe('a kiosk reporting through its host to a real server', () => {
  let server: TestServer;
  let kiosk: ReturnType<typeof createNodeKiosk> | undefined;
  afterEach(async () => {
    await kiosk?.close();
    await server.close();
  });

  it('the sync engine sends the report, the host adds the printer, the fleet shows the kiosk online', async () => {
    server = await createTestServer();
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    kiosk = createNodeKiosk({ serverUrl: address, contentPublicKey: DEMO_PUBLIC_KEY });
    await recordHealthEvent(kiosk.db, 'printer', 'paper_out', new Date(Date.now() - 3600_000));
    await kiosk.sync.syncNow();
    expect(await kiosk.db.healthEvents.count()).toBe(0);
    const row = await server.db.selectFrom('kiosk_health').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ printer: 'ok', sync_failed: 0, content_cursor: FIXTURE_CHANGE_COUNT });
    expect(Math.abs(row.drift_ms)).toBeLessThan(60_000);
    const report = JSON.parse(row.report) as { appVersion: string; sync: Record<string, { result: string } | null> };
    expect(report.appVersion.length).toBeGreaterThan(0);
    expect(report.sync.content?.result).toBe('ok');
    expect(report.sync.status?.result).toBe('ok');
    // The paper-out noticed an hour ago is stored with its time, and closed: the printer is ok now.
    const events = await server.db.selectFrom('kiosk_events').selectAll().where('kind', '=', 'printer').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.closed_at).not.toBeNull();
    const [demo] = (await listFleet(server.db)).filter((r) => r.kioskCode === DEMO_KIOSK_CODE);
    expect(demo).toMatchObject({ state: 'online', printer: 'ok', alerts: [], outboxDepth: 0 });
  });
});
