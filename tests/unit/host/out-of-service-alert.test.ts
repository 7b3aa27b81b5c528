import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { createKioskHandlers } from '../../../src-main/kiosk-host.js';
import { validConfig } from './fixtures.js';
import { json, startLocalServer } from './local-server.js';

describe('the host alerts the central office when the page is out of service', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('resends the page’s last health report with an open out_of_service event', async () => {
    const reports: { events: { kind: string; details: string }[]; kioskTime: string }[] = [];
    const server = await startLocalServer((req, res, body) => {
      if (req.url?.endsWith('/health-reports')) {
        reports.push(JSON.parse(body) as (typeof reports)[number]);
        json(res, 200, { receivedAt: new Date().toISOString(), driftMs: 0, eventsStored: 1 });
      } else json(res, 404, {});
    });
    cleanups.push(() => server.close());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsonkh-oos-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const base = validConfig(path.join(dir, 'receipts'));
    const handlers = createKioskHandlers({ ...base, server: { ...base.server, url: server.url } }, 'electron', {
      journalDir: path.join(dir, 'journal'),
    });
    cleanups.push(() => handlers.close());

    // Before any report from the page there is nothing to resend: the alert is only logged.
    handlers.alertOutOfService('too early');
    const draft = {
      kioskTime: '2026-12-03T02:15:00.000Z',
      appVersion: 'renderer',
      content: { cursor: 5, signedAt: null, stale: false },
      settingsVersion: null,
      outbox: { depth: 2, oldestAgeS: 60, quarantined: 0 },
      storage: { usedBytes: 10, freeBytes: 90, persisted: true },
      sync: { content: null, status: null, push: null },
      events: [],
    };
    expect(await dispatchBridgeCall(handlers, 'health.report', draft)).toMatchObject({ ok: true });
    handlers.alertOutOfService('3 failures within 600 s, last: crashed (oom)');
    const deadline = Date.now() + 10_000;
    while (reports.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(reports).toHaveLength(2);
    const alert = reports[1]!;
    expect(alert.events).toEqual([
      expect.objectContaining({ kind: 'out_of_service', details: '3 failures within 600 s, last: crashed (oom)' }),
    ]);
    expect(alert.kioskTime).not.toBe(draft.kioskTime);
  });
});
