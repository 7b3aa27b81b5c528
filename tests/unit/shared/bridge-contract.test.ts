import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_METHODS,
  bridgeContract,
  bridgeReplySchema,
  isBridgeMethod,
  PRINT_TEXT_MAX_CHARS,
  printTextRequestSchema,
  receiptJobSchema,
} from '../../../src-shared/bridge-contract.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';

const EXPECTED_METHODS = [
  'kiosk.info',
  'server.health',
  'content.changes',
  'openData.changes',
  'content.findBundles',
  'content.bundlePage',
  'technician.unlock',
  'assisted.unlock',
  'enrolment.status',
  'enrolment.enrol',
  'technician.changePin',
  'status.changes',
  'status.track',
  'journal.append',
  'journal.ack',
  'journal.pending',
  'submissions.push',
  'health.report',
  'health.outOfService',
  'update.installFromUsb',
  'printer.printReceipt',
  'printer.status',
  'printer.testPage',
  'printer.reprintLast',
  'printer.printText',
  'printer.printAnswer',
  'content.bundleKioskReturn',
  'storage.status',
  'usb.findFolders',
  'outbox.exportToUsb',
  'diagnostics.exportToUsb',
  'printer.configure',
];

describe('isBridgeMethod', () => {
  it('is true for every method of the contract', () => {
    expect([...BRIDGE_METHODS].sort()).toEqual([...EXPECTED_METHODS].sort());
    for (const m of BRIDGE_METHODS) expect(isBridgeMethod(m), m).toBe(true);
  });

  it('is false for names inherited from Object.prototype', () => {
    for (const name of [
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      '__defineGetter__',
    ]) {
      expect(isBridgeMethod(name), name).toBe(false);
    }
  });

  it('is false for near misses', () => {
    for (const name of [
      '',
      'kiosk',
      'kiosk.',
      'kiosk.Info',
      'Kiosk.info',
      'kiosk.info ',
      ' kiosk.info',
      'kiosk_info',
      'printer.printreceipt',
      'printer',
    ]) {
      expect(isBridgeMethod(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('is false for anything that is not a string', () => {
    for (const value of [
      undefined,
      null,
      0,
      1,
      true,
      {},
      [],
      ['kiosk.info'],
      Symbol('kiosk.info'),
      () => 'kiosk.info',
      new String('kiosk.info'),
    ]) {
      expect(isBridgeMethod(value)).toBe(false);
    }
  });

  it('agrees with the method list for any value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.constantFrom(...EXPECTED_METHODS)), (v) => {
        expect(isBridgeMethod(v)).toBe(typeof v === 'string' && EXPECTED_METHODS.includes(v));
      }),
    );
  });
});

describe('bridge contract schemas', () => {
  const job = {
    trackingNo: makeTrackingNumber('0421', 7).text,
    kind: 'service_application',
    title: { mn: 'Шилжих хөдөлгөөн' },
    lang: 'mn',
    createdAt: '2026-06-15T10:30:00+08:00',
  };

  it('a receipt job needs a valid tracking number', () => {
    expect(receiptJobSchema.safeParse(job).success).toBe(true);
    expect(receiptJobSchema.safeParse({ ...job, trackingNo: job.trackingNo.slice(0, -1) + 'x' }).success).toBe(false);
    const wrong = job.trackingNo.slice(0, -1) + String((Number(job.trackingNo.slice(-1)) + 1) % 10);
    expect(receiptJobSchema.safeParse({ ...job, trackingNo: wrong }).success).toBe(false);
  });

  it('methods without parameters refuse any parameter', () => {
    for (const m of ['kiosk.info', 'server.health', 'printer.status'] as const) {
      expect(bridgeContract[m].request.safeParse({}).success, m).toBe(true);
      expect(bridgeContract[m].request.safeParse({ x: 1 }).success, m).toBe(false);
    }
  });

  it('content.changes limits its page size', () => {
    const req = bridgeContract['content.changes'].request;
    expect(req.safeParse({ after: 0, limit: 1000 }).success).toBe(true);
    expect(req.safeParse({ after: 0, limit: 1001 }).success).toBe(false);
    expect(req.safeParse({ after: -1, limit: 10 }).success).toBe(false);
  });

  it('a reply is either a value or a coded error', () => {
    expect(bridgeReplySchema.safeParse({ ok: true, value: 1 }).success).toBe(true);
    expect(bridgeReplySchema.safeParse({ ok: false, error: { code: 'offline', message: 'no network' } }).success).toBe(
      true,
    );
    expect(bridgeReplySchema.safeParse({ ok: false, error: { code: 'nope', message: '' } }).success).toBe(false);
    expect(bridgeReplySchema.safeParse({ ok: 'yes', value: 1 }).success).toBe(false);
  });
});

describe('printer.printText', () => {
  const request = (paragraphs: string[]) => ({
    lang: 'mn',
    title: 'Хуулийн төсөл',
    heading: '12-р зүйл',
    paragraphs,
    url: 'https://tsonkh.gov.mn/laws/petitions-law#12',
  });

  it('takes a long article, and refuses more text in all than one print may carry', () => {
    const long = 'Ө'.repeat(5_000);
    expect(printTextRequestSchema.safeParse(request([long, long])).success).toBe(true);
    const tooMuch = Array.from({ length: 7 }, () => long);
    const result = printTextRequestSchema.safeParse(request(tooMuch));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`at most ${PRINT_TEXT_MAX_CHARS} characters in all`);
  });
});
