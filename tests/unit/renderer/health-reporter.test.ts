import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeMethod, BridgeRequest, BridgeResponse } from '../../../src-shared/bridge-contract.js';
import { healthReportDraftSchema, type HealthReportDraft } from '../../../src-shared/schemas/health-report.js';
import { openDatabase, type TsonkhDb } from '../../../src-renderer/data/db.js';
import { outboxHealth, recordHealthEvent } from '../../../src-renderer/data/health-repo.js';
import { BridgeCallError, type BridgeClient } from '../../../src-renderer/platform/bridge-client.js';
import { HealthReporter } from '../../../src-renderer/sync/health-reporter.js';

/** A host whose printer and link the test sets; reports it takes are kept. */
class FakeHost implements BridgeClient {
  online = false;
  printer: BridgeResponse<'printer.status'> = { state: 'ready' };
  reports: HealthReportDraft[] = [];
  async call<M extends BridgeMethod>(method: M, request: BridgeRequest<M>): Promise<BridgeResponse<M>> {
    const reply = (v: unknown) => v as BridgeResponse<M>;
    if (method === 'printer.status') return reply(this.printer);
    if (method === 'health.report') {
      if (!this.online) throw new BridgeCallError('offline', 'no route');
      const draft = healthReportDraftSchema.parse(request);
      this.reports.push(draft);
      return reply({ receivedAt: draft.kioskTime, driftMs: 0, eventsStored: draft.events.length });
    }
    throw new Error(`unexpected ${method}`);
  }
}

let db: TsonkhDb;
let n = 0;
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('HealthReporter', () => {
  it('keeps what happened offline with its time and tells it in the first report online', async () => {
    db = openDatabase(`health-${++n}`);
    const host = new FakeHost();
    let now = new Date('2026-12-03T02:00:00.000Z');
    const reporter = new HealthReporter(db, host, { intervalMs: 5 * 60_000, now: () => now });

    await reporter.watch(); // first look: printer ok, the start noted
    host.printer = { state: 'error', reason: 'paper_out' };
    now = new Date('2026-12-03T02:00:30.000Z');
    await reporter.watch(); // within the minute: the printer is not asked again
    now = new Date('2026-12-03T02:14:00.000Z');
    await reporter.watch();
    now = new Date('2026-12-03T02:15:00.000Z');
    await reporter.watch(); // no change: no second event
    reporter.noteSync('content', false);
    expect(await reporter.reportIfDue()).toBe(false); // offline: kept
    expect((await db.healthEvents.orderBy('at').toArray()).map((e) => [e.kind, e.details, e.at])).toEqual([
      ['started', '', '2026-12-03T02:00:00.000Z'],
      ['printer', 'paper_out', '2026-12-03T02:14:00.000Z'],
    ]);

    now = new Date('2026-12-03T03:00:00.000Z');
    host.online = true;
    expect(await reporter.reportIfDue()).toBe(true);
    const [report] = host.reports;
    expect(report!.events.map((e) => [e.kind, e.details, e.at])).toEqual([
      ['started', '', '2026-12-03T02:00:00.000Z'],
      ['printer', 'paper_out', '2026-12-03T02:14:00.000Z'],
    ]);
    expect(report).toMatchObject({
      kioskTime: '2026-12-03T03:00:00.000Z',
      content: { cursor: 0, signedAt: null, stale: false },
      outbox: { depth: 0, oldestAgeS: null, quarantined: 0 },
      sync: { content: { result: 'failed', at: '2026-12-03T02:15:00.000Z' }, status: null, push: null },
    });
    // Acknowledged: forgotten on the kiosk.
    expect(await db.healthEvents.count()).toBe(0);
    // Not due again until the interval has passed.
    now = new Date('2026-12-03T03:04:00.000Z');
    expect(await reporter.reportIfDue()).toBe(false);
    now = new Date('2026-12-03T03:05:00.000Z');
    expect(await reporter.reportIfDue()).toBe(true);
    expect(host.reports[1]!.events).toEqual([]);
  });

  it('tells the queue: depth, the oldest waiting item, the quarantined; content stale after three days', async () => {
    db = openDatabase(`health-${++n}`);
    const entry = (key: string, status: 'queued' | 'sending' | 'quarantined' | 'accepted', createdAt: string) => ({
      idempotencyKey: key,
      trackingNo: `T-${key}`,
      sequence: 1,
      kind: 'petition' as const,
      title: { mn: 'Өргөдөл' },
      status,
      createdAt,
      updatedAt: createdAt,
      attempts: 0,
      journaled: 1 as const,
    });
    await db.outbox.bulkPut([
      entry('a', 'queued', '2026-12-02T01:00:00.000Z'),
      entry('b', 'sending', '2026-12-01T23:00:00.000Z'),
      entry('c', 'quarantined', '2026-11-01T00:00:00.000Z'),
      entry('d', 'accepted', '2026-10-01T00:00:00.000Z'),
    ]);
    expect(await outboxHealth(db)).toEqual({ depth: 2, oldestCreatedAt: '2026-12-01T23:00:00.000Z', quarantined: 1 });
    await db.meta.put({ key: 'contentSeen', value: { latest: 9, signedAt: '2026-11-29T00:00:00.000Z' } });
    const now = new Date('2026-12-03T00:00:00.000Z');
    const reporter = new HealthReporter(db, new FakeHost(), { now: () => now });
    const draft = await reporter.draft();
    expect(draft.outbox).toEqual({ depth: 2, oldestAgeS: 25 * 3600, quarantined: 1 });
    expect(draft.content).toMatchObject({ signedAt: '2026-11-29T00:00:00.000Z', stale: true });
    // More than a report carries: the oldest go first, the rest next time.
    for (let i = 0; i < 205; i++) await recordHealthEvent(db, 'printer', 'ok', new Date(now.getTime() + i * 1000));
    const full = await reporter.draft();
    expect(full.events).toHaveLength(200);
    expect(full.events[0]!.at).toBe(now.toISOString());
  });
});
