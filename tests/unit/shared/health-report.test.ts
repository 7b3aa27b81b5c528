import { describe, expect, it } from 'vitest';
import { healthReportSchema, printerStateOf } from '../../../src-shared/schemas/health-report.js';

describe('health report schema', () => {
  it('reads the printer state from the host’s printer status', () => {
    expect(printerStateOf({ state: 'ready' })).toBe('ok');
    expect(printerStateOf({ state: 'ready', paperNearEnd: true })).toBe('paper_near_end');
    expect(printerStateOf({ state: 'error', reason: 'paper_out', paperNearEnd: true })).toBe('paper_out');
    expect(printerStateOf({ state: 'error', reason: 'cover_open' })).toBe('cover_open');
    expect(printerStateOf({ state: 'error', reason: 'offline' })).toBe('offline');
    expect(printerStateOf({ state: 'error', reason: 'disconnected' })).toBe('offline');
    expect(printerStateOf({ state: 'error', reason: 'timeout' })).toBe('offline');
    expect(printerStateOf({ state: 'error', reason: 'unknown' })).toBe('unknown');
    expect(printerStateOf({ state: 'error' })).toBe('unknown');
  });

  it('drops members a newer kiosk adds, refuses wrong values with the field named', () => {
    const at = '2026-12-03T02:00:00.000Z';
    const report = {
      kioskTime: at,
      appVersion: '0.1.0',
      content: { cursor: 1, signedAt: null, stale: false },
      settingsVersion: null,
      uptimeS: 5,
      outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
      storage: { usedBytes: null, freeBytes: null, persisted: null },
      printer: 'ok',
      sync: { content: null, status: null, push: null },
      battery: 'newer kiosks may say more',
    };
    const parsed = healthReportSchema.parse(report);
    expect(parsed).not.toHaveProperty('battery');
    expect(parsed.events).toEqual([]);
    const bad = healthReportSchema.safeParse({ ...report, kioskTime: 'yesterday', printer: 'on_fire' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['kioskTime', 'printer']);
    const badEvent = healthReportSchema.safeParse({ ...report, events: [{ id: 'a b', at, kind: 'Printer' }] });
    expect(badEvent.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['events.0.id', 'events.0.kind']);
  });
});
