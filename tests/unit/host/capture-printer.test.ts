import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src-main/bridge/bridge-error.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { createCapturePrinter } from '../../../src-main/printer/capture-printer.js';
import { createPrinter } from '../../../src-main/printer/create-printer.js';
import { buildReceiptBytes } from '../../../src-main/printer/receipt-layout.js';
import { RECEIPT_TEXT } from '../../../src-main/printer/receipt-text.js';
import { fakeHandlers, MN_TITLE, receiptJob, tempDir, TRACKING_NO, validConfig } from './fixtures.js';

const ESC_T_53 = Buffer.from([0x1b, 0x74, 53]);
const FULL_CUT_THEN_RESET = Buffer.from([0x1d, 0x56, 0x00, 0x1b, 0x40]);
const kz = (text: string) => iconv.encode(text, 'RK1048');
const kiosk = validConfig();

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('printer'));
});
afterEach(async () => {
  await remove();
});

/** Every place `needle` occurs in `haystack`. */
function occurrences(haystack: Buffer, needle: Buffer): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

describe('capture printer', () => {
  it('writes the exact receipt bytes and a JSON record beside them', async () => {
    const printer = createCapturePrinter({ dir: path.join(dir, 'nested', 'receipts'), width: 48, fail: false, kiosk });
    const result = await printer.print(receiptJob());
    expect(result.jobId).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z-${TRACKING_NO}$`));

    const files = (await readdir(path.join(dir, 'nested', 'receipts'))).sort();
    expect(files).toEqual([`${result.jobId}.bin`, `${result.jobId}.json`]);
    const bytes = await readFile(path.join(dir, 'nested', 'receipts', `${result.jobId}.bin`));
    expect(bytes.length).toBe(result.bytes);
    expect(bytes.equals(buildReceiptBytes(receiptJob(), kiosk, { width: 48 }))).toBe(true);

    const record = JSON.parse(await readFile(path.join(dir, 'nested', 'receipts', `${result.jobId}.json`), 'utf8'));
    expect(record).toEqual({ jobId: result.jobId, bytes: result.bytes, job: receiptJob() });
  });

  it('keeps both receipts when the same job is printed twice', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    const [a, b] = await Promise.all([printer.print(receiptJob()), printer.print(receiptJob())]);
    expect(a.jobId).not.toBe(b.jobId);
    expect(await readdir(dir)).toHaveLength(4);
  });

  it('selects KZ-1048 first, then prints the Mongolian title in KZ-1048 bytes, and cuts last', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    const { jobId } = await printer.print(receiptJob());
    const bytes = await readFile(path.join(dir, `${jobId}.bin`));

    expect(bytes.subarray(0, 3).equals(ESC_T_53)).toBe(true);
    expect(occurrences(bytes, Buffer.from([0x1b, 0x74]))).toEqual([0]);
    const title = kz(MN_TITLE);
    expect(title.includes(0x3f)).toBe(false);
    expect(bytes.indexOf(title)).toBeGreaterThan(ESC_T_53.length);
    expect(bytes.indexOf(kz('Өлгий сумын ТҮЦ машин'))).toBeGreaterThan(0);
    expect(bytes.indexOf(kz(RECEIPT_TEXT.mn.trackingLabel))).toBeGreaterThan(0);
    expect(bytes.subarray(-FULL_CUT_THEN_RESET.length).equals(FULL_CUT_THEN_RESET)).toBe(true);
    expect(occurrences(bytes, FULL_CUT_THEN_RESET)).toEqual([bytes.length - FULL_CUT_THEN_RESET.length]);
  });

  it('has no "?" where the source had a letter, in any language', async () => {
    for (const lang of ['mn', 'kk', 'en'] as const) {
      const bytes = buildReceiptBytes(receiptJob({ lang }), kiosk, { width: 32 });
      expect(bytes.includes(0x3f), lang).toBe(false);
      const text = iconv.decode(bytes, 'RK1048');
      expect(text).not.toContain('\uFFFD');
    }
    const en = iconv.decode(buildReceiptBytes(receiptJob({ lang: 'en' }), kiosk, { width: 48 }), 'RK1048');
    expect(en).toContain('Public Service Machine, Olgii');
  });

  it('prints the kiosk and title in the job language, falling back to Mongolian', async () => {
    const kk = buildReceiptBytes(receiptJob({ lang: 'kk' }), kiosk, { width: 48 });
    expect(kk.indexOf(kz('Өлгий сұмының ТҮЦ машинасы'))).toBeGreaterThan(0);
    expect(kk.indexOf(kz('Жеке куәлікті қалпына келтіру'))).toBeGreaterThan(0);
    expect(kk.indexOf(kz(RECEIPT_TEXT.kk.heading.service_application))).toBeGreaterThan(0);

    const onlyMn = receiptJob({ lang: 'en', title: { mn: MN_TITLE } });
    expect(buildReceiptBytes(onlyMn, kiosk, { width: 48 }).indexOf(kz(MN_TITLE))).toBeGreaterThan(0);
  });

  it('prints the date and time in Mongolian style, Ulaanbaatar time', () => {
    const bytes = buildReceiptBytes(receiptJob({ createdAt: '2026-11-26T06:05:00.000Z' }), kiosk, { width: 48 });
    expect(bytes.indexOf(Buffer.from('2026.11.26 14:05'))).toBeGreaterThan(0);
    const late = buildReceiptBytes(receiptJob({ createdAt: '2026-12-31T23:30:00+08:00' }), kiosk, { width: 48 });
    expect(late.indexOf(Buffer.from('2026.12.31 23:30'))).toBeGreaterThan(0);
  });

  it('carries the tracking number large, as CODE128 and as a QR code with an ASCII-only payload', () => {
    const bytes = buildReceiptBytes(receiptJob(), kiosk, { width: 48 });
    const quad = Buffer.concat([Buffer.from([0x1b, 0x21, 0x30]), Buffer.from(TRACKING_NO)]);
    expect(bytes.indexOf(quad)).toBeGreaterThan(0);
    const code128 = Buffer.concat([
      Buffer.from([0x1d, 0x6b, 73, TRACKING_NO.length + 2, 0x7b, 0x42]),
      Buffer.from(TRACKING_NO),
    ]);
    expect(bytes.indexOf(code128)).toBeGreaterThan(0);
    const qrStore = Buffer.concat([
      Buffer.from([0x1d, 0x28, 0x6b, TRACKING_NO.length + 3, 0, 0x31, 0x50, 0x30]),
      Buffer.from(TRACKING_NO),
    ]);
    expect(bytes.indexOf(qrStore)).toBeGreaterThan(0);
  });

  it('prints the canonical tracking number even when the job spells it with spaces', () => {
    const spaced = TRACKING_NO.replace(/-/g, ' ');
    const bytes = buildReceiptBytes(receiptJob({ trackingNo: spaced }), kiosk, { width: 48 });
    expect(bytes.indexOf(Buffer.from(TRACKING_NO))).toBeGreaterThan(0);
    expect(bytes.indexOf(Buffer.from(spaced))).toBe(-1);
  });

  it('strips control bytes from a title so it cannot smuggle printer commands', () => {
    const job = receiptJob({ title: { mn: `Гэрчилгээ\u001bp\u0000\u0019\u001d\u0056\u0000` } });
    const bytes = buildReceiptBytes(job, kiosk, { width: 48 });
    expect(bytes.indexOf(kz('Гэрчилгээp'))).toBeGreaterThan(0);
    expect(occurrences(bytes, Buffer.from([0x1d, 0x56]))).toHaveLength(1);
    expect(occurrences(bytes, Buffer.from([0x1b, 0x70]))).toEqual([]);
  });

  it('fits a 32-column roll: no text line is longer than 32 characters', () => {
    const text = iconv.decode(buildReceiptBytes(receiptJob({ lang: 'kk' }), kiosk, { width: 32 }), 'RK1048');
    // Lines of pure text (no ESC/POS command bytes in them).
    const plainLines = text.split('\n').filter((line) => line !== '' && [...line].every((c) => c >= ' '));
    expect(plainLines.length).toBeGreaterThan(3);
    for (const line of plainLines) expect(line.length, line).toBeLessThanOrEqual(32);
  });

  it('rejects with printer_error when set to fail, and writes nothing', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: true, kiosk });
    const error = await printer.print(receiptJob()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('printer_error');
    expect(await readdir(dir)).toEqual([]);
    expect(await printer.status()).toMatchObject({ state: 'error' });
  });

  it('reaches the renderer as a printer_error reply', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: true, kiosk });
    const handlers = fakeHandlers({ 'printer.printReceipt': (job) => printer.print(job) });
    expect(await dispatchBridgeCall(handlers, 'printer.printReceipt', receiptJob())).toMatchObject({
      ok: false,
      error: { code: 'printer_error' },
    });
  });

  it('reports ready when the capture folder can be written', async () => {
    expect(await createCapturePrinter({ dir, width: 32, fail: false, kiosk }).status()).toEqual({ state: 'ready' });
  });

  it('is what createPrinter picks for a capture config', async () => {
    const printer = createPrinter(validConfig(dir));
    const { jobId } = await printer.print(receiptJob());
    expect(await readdir(dir)).toContain(`${jobId}.bin`);
  });
});
