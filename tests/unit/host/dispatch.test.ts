import { describe, expect, it } from 'vitest';
import { bridgeReplySchema, type BridgeHandlers } from '../../../src-shared/bridge-contract.js';
import { BridgeError } from '../../../src-main/bridge/bridge-error.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { createHostServices } from '../../../src-main/bridge/host-services.js';
import type { SubmissionJournal } from '../../../src-main/journal/submission-journal.js';
import type { ReceiptPrinter } from '../../../src-main/printer/printer.js';
import type { ServerTransport } from '../../../src-main/transport/server-transport.js';
import type { HealthReport } from '../../../src-shared/schemas/health-report.js';
import {
  CREDENTIAL,
  SUBMISSION_PUBLIC_KEY,
  TRACKING_NO,
  emptySignedPage,
  fakeHandlers,
  journalEntry,
  journalKey,
  receiptJob,
  validConfig,
} from './fixtures.js';

describe('dispatchBridgeCall', () => {
  it.each([['nope'], ['__proto__'], ['constructor'], [42], [undefined]])('rejects the unknown method %s', async (m) => {
    const reply = await dispatchBridgeCall(fakeHandlers(), m, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(bridgeReplySchema.safeParse(reply).success).toBe(true);
  });

  it('runs a valid call and wraps the value', async () => {
    const reply = await dispatchBridgeCall(fakeHandlers(), 'content.changes', { after: 5, limit: 10 });
    expect(reply).toEqual({ ok: true, value: { signed: emptySignedPage(5), bytes: 0 } });
  });

  it('treats a missing payload as {} for calls without arguments', async () => {
    const reply = await dispatchBridgeCall(fakeHandlers(), 'printer.status', undefined);
    expect(reply).toEqual({ ok: true, value: { state: 'ready' } });
  });

  it('rejects an invalid request with a message naming each bad field, without calling the handler', async () => {
    let called = false;
    const handlers = fakeHandlers({
      'content.changes': async () => {
        called = true;
        return { signed: emptySignedPage(0), bytes: 0 };
      },
    });
    const reply = await dispatchBridgeCall(handlers, 'content.changes', { after: -1, limit: 5000 });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_request');
    expect(reply.error.message).toMatch(/^content\.changes: after: .*; limit: /);
    expect(called).toBe(false);
  });

  it('rejects unknown keys on argument-less calls', async () => {
    const reply = await dispatchBridgeCall(fakeHandlers(), 'kiosk.info', { credential: true });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!reply.ok) expect(reply.error.message).toContain('credential: unknown key');
  });

  it('rejects a receipt job with a bad tracking number', async () => {
    const reply = await dispatchBridgeCall(
      fakeHandlers(),
      'printer.printReceipt',
      receiptJob({ trackingNo: '0421-1' }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!reply.ok) expect(reply.error.message).toContain('trackingNo:');
  });

  it('passes a BridgeError code and message through', async () => {
    const handlers = fakeHandlers({
      'server.health': async () => {
        throw new BridgeError('offline', 'no network');
      },
    });
    expect(await dispatchBridgeCall(handlers, 'server.health', {})).toEqual({
      ok: false,
      error: { code: 'offline', message: 'no network' },
    });
  });

  it('turns any other failure into internal without leaking its message', async () => {
    const handlers = fakeHandlers({
      'printer.status': async () => {
        throw new Error(`secret ${CREDENTIAL}`);
      },
    });
    const reply = await dispatchBridgeCall(handlers, 'printer.status', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain(CREDENTIAL);
  });

  it('refuses a handler answer outside the contract', async () => {
    const handlers = fakeHandlers({
      'printer.status': async () => ({ state: 'on fire' }) as unknown as { state: 'ready' },
    });
    expect(await dispatchBridgeCall(handlers, 'printer.status', {})).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('createHostServices', () => {
  const reports: HealthReport[] = [];
  const transport: ServerTransport = {
    health: async () => ({ online: false, checkedAt: '2026-11-26T06:05:00.000Z', reason: 'unreachable' }),
    contentChanges: async (after) => ({ signed: emptySignedPage(after), bytes: 0 }),
    openDataChanges: async (_aimags, after) => ({ signed: emptySignedPage(after), bytes: 0 }),
    pushSubmissions: async () => ({ httpStatus: 200, results: [] }),
    statusChanges: async (after) => ({ changes: [], next: after, more: false }),
    track: async (trackingNo) => (trackingNo === TRACKING_NO ? { found: false } : { found: true }),
    healthReport: async (report) => {
      reports.push(report);
      return { receivedAt: report.kioskTime, driftMs: 0, eventsStored: report.events.length };
    },
  };
  const journal: SubmissionJournal = {
    append: async (entries) => ({ appended: entries.length }),
    ack: async (keys) => ({ acked: keys.length }),
    pending: async () => ({ entries: [journalEntry(9)], maxSequence: 9 }),
    close: async () => undefined,
  };
  const printer: ReceiptPrinter = {
    print: async (job) => ({ jobId: job.trackingNo, bytes: 1 }),
    printText: async () => ({ jobId: 'law', bytes: 1 }),
    printAnswer: async () => ({ jobId: 'answer', bytes: 1 }),
    testPage: async () => ({ jobId: 'test-page', bytes: 1 }),
    reprintLast: async () => ({ reprinted: false }),
    status: async () => ({ state: 'ready' }),
  };

  function services(): BridgeHandlers {
    return createHostServices({ config: validConfig(), transport, printer, journal, mode: 'browser' });
  }

  it('gives the renderer the public kiosk info and never the credential', async () => {
    const reply = await dispatchBridgeCall(services(), 'kiosk.info', {});
    expect(reply).toMatchObject({
      ok: true,
      value: {
        kioskCode: '0421',
        mode: 'browser',
        syncIntervalSeconds: 30,
        submissionPublicKey: SUBMISSION_PUBLIC_KEY,
      },
    });
    const text = JSON.stringify(reply);
    expect(text).not.toContain(CREDENTIAL);
    expect(text).not.toContain('server');
    expect(text).not.toContain('captureDir');
  });

  it('routes each call to its service', async () => {
    const handlers = services();
    expect(await dispatchBridgeCall(handlers, 'server.health', {})).toMatchObject({
      ok: true,
      value: { online: false, reason: 'unreachable' },
    });
    expect(await dispatchBridgeCall(handlers, 'content.changes', { after: 3, limit: 1 })).toMatchObject({
      ok: true,
      value: { signed: { page: { next: 3 } } },
    });
    expect(await dispatchBridgeCall(handlers, 'printer.printReceipt', receiptJob())).toMatchObject({
      ok: true,
      value: { jobId: receiptJob().trackingNo },
    });
    expect(await dispatchBridgeCall(handlers, 'printer.status', {})).toEqual({ ok: true, value: { state: 'ready' } });
    expect(await dispatchBridgeCall(handlers, 'status.changes', { after: 8, limit: 100 })).toEqual({
      ok: true,
      value: { changes: [], next: 8, more: false },
    });
    expect(await dispatchBridgeCall(handlers, 'status.track', { trackingNo: TRACKING_NO })).toEqual({
      ok: true,
      value: { found: false },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.append', { entries: [journalEntry(1)] })).toEqual({
      ok: true,
      value: { appended: 1 },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.ack', { keys: [journalKey(1)] })).toEqual({
      ok: true,
      value: { acked: 1 },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.pending', {})).toEqual({
      ok: true,
      value: { entries: [journalEntry(9)], maxSequence: 9 },
    });
  });

  it('health.report: the host adds the printer state, its uptime and the app version', async () => {
    reports.length = 0;
    const draft = {
      kioskTime: '2026-12-03T02:14:00.000Z',
      content: { cursor: 5, signedAt: null, stale: false },
      settingsVersion: null,
      outbox: { depth: 2, oldestAgeS: 60, quarantined: 0 },
      storage: { usedBytes: 10, freeBytes: 90, persisted: true },
      sync: { content: { result: 'ok' as const, at: '2026-12-03T02:13:00.000Z' }, status: null, push: null },
      events: [{ id: 'e1', at: '2026-12-03T02:10:00.000Z', kind: 'printer', details: 'paper_out' }],
    };
    const nearEnd = { ...printer, status: async () => ({ state: 'ready' as const, paperNearEnd: true }) };
    const handlers = createHostServices({
      config: validConfig(),
      transport,
      printer: nearEnd,
      journal,
      mode: 'browser',
      appVersion: '1.2.3',
      uptimeS: () => 77,
    });
    expect(await dispatchBridgeCall(handlers, 'health.report', draft)).toEqual({
      ok: true,
      value: { receivedAt: draft.kioskTime, driftMs: 0, eventsStored: 1 },
    });
    expect(reports).toEqual([{ ...draft, printer: 'paper_near_end', uptimeS: 77, appVersion: '1.2.3' }]);
    // The renderer cannot claim the printer's state: extra members are not part of its call.
    const out = { ...printer, status: async () => ({ state: 'error' as const, reason: 'paper_out' as const }) };
    const withOut = createHostServices({ config: validConfig(), transport, printer: out, journal, mode: 'browser' });
    await dispatchBridgeCall(withOut, 'health.report', { ...draft, printer: 'ok' });
    expect(reports[1]).toMatchObject({ printer: 'paper_out' });
    expect(await dispatchBridgeCall(handlers, 'health.report', { ...draft, outbox: { depth: -1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('validates the new calls before they reach a service', async () => {
    const handlers = services();
    expect(
      await dispatchBridgeCall(handlers, 'status.track', {
        trackingNo: `${TRACKING_NO.slice(0, -1)}${(Number(TRACKING_NO.slice(-1)) + 1) % 10}`,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatchBridgeCall(handlers, 'status.changes', { after: 0, limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.append', { entries: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.ack', { keys: ['not-a-uuid'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});
