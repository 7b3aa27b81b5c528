import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OUT_OF_SERVICE_PAGE,
  createRendererSupervisor,
  type SupervisorPolicy,
} from '../../../src-main/session/renderer-supervisor.js';

const POLICY: SupervisorPolicy = { hangAfterMs: 30_000, failureWindowMs: 600_000, maxFailures: 3 };
const crash = { type: 'crashed', reason: 'killed' } as const;

describe('the renderer supervisor', () => {
  it('reloads to the attract screen after a crash', () => {
    const s = createRendererSupervisor(POLICY);
    expect(s.onEvent(crash, 0)).toEqual([{ type: 'reload', reason: 'crashed (killed)' }]);
    expect(s.state()).toBe('running');
  });

  it('reloads a page unresponsive for hangAfterMs, and not one that answers again before', () => {
    const s = createRendererSupervisor(POLICY);
    expect(s.onEvent({ type: 'unresponsive' }, 1_000)).toEqual([]);
    expect(s.onTick(30_999)).toEqual([]);
    expect(s.onEvent({ type: 'responsive' }, 31_000)).toEqual([]);
    expect(s.onTick(90_000)).toEqual([]);
    s.onEvent({ type: 'unresponsive' }, 100_000);
    s.onEvent({ type: 'unresponsive' }, 110_000); // repeated reports keep the first time
    expect(s.onTick(130_000)).toEqual([{ type: 'reload', reason: 'unresponsive for 30 s' }]);
    expect(s.onTick(200_000)).toEqual([]); // counted once
  });

  it('goes out of service, with one alert, on the third failure within the window: no restart loop', () => {
    const s = createRendererSupervisor(POLICY);
    s.onEvent(crash, 0);
    s.onEvent({ type: 'unresponsive' }, 10_000);
    expect(s.onTick(40_000)[0]?.type).toBe('reload');
    const actions = s.onEvent(crash, 50_000);
    expect(actions.map((a) => a.type)).toEqual(['out-of-service', 'alert']);
    expect(actions[1]).toMatchObject({ failures: 3 });
    expect(s.state()).toBe('out-of-service');
    // Further crashes (the out-of-service page itself) change nothing and alert no more.
    expect(s.onEvent(crash, 60_000)).toEqual([]);
    s.onEvent({ type: 'unresponsive' }, 70_000);
    expect(s.onTick(200_000)).toEqual([]);
  });

  it('forgets failures older than the window: three crashes a day apart are three reloads', () => {
    const s = createRendererSupervisor(POLICY);
    const day = 86_400_000;
    for (const at of [0, day, 2 * day, 3 * day]) expect(s.onEvent(crash, at)[0]?.type).toBe('reload');
    expect(s.recentFailures(3 * day)).toBe(1);
    expect(s.state()).toBe('running');
  });

  it('the out-of-service screen is a static page in mn, kk and en, with no script', () => {
    const file = path.resolve(import.meta.dirname, '../../../src-renderer/public', OUT_OF_SERVICE_PAGE);
    expect(existsSync(file)).toBe(true);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('lang="mn"');
    expect(html).toContain('Түр ажиллахгүй байна');
    expect(html).toContain('Засварын ажилтанд мэдэгдсэн');
    expect(html).toContain('lang="kk"');
    expect(html).toContain('Техникке хабарланды');
    expect(html).toContain('The technician has been told');
  });
});
