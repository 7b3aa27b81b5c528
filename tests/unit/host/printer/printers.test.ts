import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterError } from '../../../../src-main/printer/printer-error.js';
import { dispatchBridgeCall } from '../../../../src-main/bridge/dispatch.js';
import { createCapturePrinter } from '../../../support/capture-printer.js';
import { createPrinter } from '../../../../src-main/printer/create-printer.js';
import { interpretStatus } from '../../../../src-main/printer/printer-status.js';
import { createReceiptPrinter, FLUSH_AFTER_FAILURE } from '../../../../src-main/printer/printer-service.js';
import { printFailure, type PrinterTransport } from '../../../../src-main/printer/transport.js';
import { buildReceiptBytes } from '../../../../src-main/printer/receipt-layout.js';
import { createUsbTransport } from '../../../../src-main/printer/usb-transport.js';
import { makeTrackingNumber } from '../../../../src-shared/rules/tracking-number.js';
import type { KioskConfig } from '../../../../src-shared/schemas/kiosk-config.js';
import { decodeEscPos } from '../../../support/escpos-decoder.js';
import { startFakePrinter, type FakePrinterScript } from '../../../support/fake-printer.js';
import { fakeHandlers, receiptJob, tempDir, TRACKING_NO, validConfig } from '../fixtures.js';
import { readRaster, readText } from './paper-reader.js';
import { receiptDocument } from '../../../../src-main/printer/receipt-layout.js';

const kiosk = validConfig();
const OTHER_NO = makeTrackingNumber('0421', 124).text;

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('printer'));
});
afterEach(async () => {
  await remove();
});

async function failureOf(promise: Promise<unknown>): Promise<PrinterError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrinterError);
  return error as PrinterError;
}

function tcpPrinter(url: string, timeoutMs = 2000) {
  const config = { ...kiosk, printer: { kind: 'tcp', url, timeoutMs, statusQueries: true, width: 48 } } as KioskConfig;
  return createPrinter(config);
}

async function fake(script: FakePrinterScript) {
  const printer = await startFakePrinter({ lifetimeMs: 10_000, ...script });
  stops.push(printer.stop);
  return printer;
}
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('real-time status bytes', () => {
  it('reads paper out, cover open, offline and near end', () => {
    const ok = { printer: 0x12, offlineCause: 0x12, errorCause: 0x12, paperSensor: 0x12 };
    expect(interpretStatus(ok)).toEqual({ ok: true, paperNearEnd: false });
    expect(interpretStatus({ ...ok, paperSensor: 0x1e })).toMatchObject({ ok: true, paperNearEnd: true });
    expect(interpretStatus({ ...ok, printer: 0x1a, offlineCause: 0x32, paperSensor: 0x72 })).toMatchObject({
      ok: false,
      reason: 'paper_out',
    });
    expect(interpretStatus({ ...ok, printer: 0x1a, offlineCause: 0x16 })).toMatchObject({
      ok: false,
      reason: 'cover_open',
    });
    expect(interpretStatus({ ...ok, printer: 0x1a })).toMatchObject({ ok: false, reason: 'offline' });
    expect(interpretStatus({ ...ok, errorCause: 0x1a })).toMatchObject({ ok: false, reason: 'offline' });
  });
});

describe('capture printer', () => {
  it('writes the exact receipt bytes and a JSON record beside them', async () => {
    const printer = createCapturePrinter({ dir: path.join(dir, 'nested'), width: 48, fail: false, kiosk });
    const result = await printer.print(receiptJob());
    expect(result.jobId).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z-${TRACKING_NO}$`));
    expect((await readdir(path.join(dir, 'nested'))).sort()).toEqual([`${result.jobId}.bin`, `${result.jobId}.json`]);
    const bytes = await readFile(path.join(dir, 'nested', `${result.jobId}.bin`));
    expect(bytes.length).toBe(result.bytes);
    expect(bytes.equals(buildReceiptBytes(receiptJob(), kiosk, { width: 48 }))).toBe(true);
    const record = JSON.parse(await readFile(path.join(dir, 'nested', `${result.jobId}.json`), 'utf8'));
    expect(record).toEqual({ jobId: result.jobId, bytes: result.bytes, job: receiptJob() });
  });

  it('keeps both receipts when the same job is printed twice', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    const [a, b] = await Promise.all([printer.print(receiptJob()), printer.print(receiptJob())]);
    expect(a.jobId).not.toBe(b.jobId);
    expect(await readdir(dir)).toHaveLength(4);
  });

  it('prints in KZ-1048 text when configured so', async () => {
    const printer = createPrinter({
      ...validConfig(dir),
      printer: { kind: 'capture', captureDir: dir, width: 32, fail: false, text: 'kz1048' },
    });
    const { jobId } = await printer.print(receiptJob({ lang: 'kk' }));
    const decoded = decodeEscPos(await readFile(path.join(dir, `${jobId}.bin`)));
    expect(decoded.codePages).toEqual([53]);
    expect(readText(decoded, receiptDocument(receiptJob({ lang: 'kk' }), kiosk), 32)).toContain(
      'Жеке куәлікті қалпына келтіру',
    );
  });

  it('rejects with printer_error and a reason when set to fail, and writes nothing', async () => {
    const jammed = createCapturePrinter({ dir, width: 48, fail: true, kiosk });
    expect((await failureOf(jammed.print(receiptJob()))).reason).toBe('unknown');
    const empty = createCapturePrinter({ dir, width: 48, fail: 'paper_out', kiosk });
    expect((await failureOf(empty.print(receiptJob()))).reason).toBe('paper_out');
    expect(await readdir(dir)).toEqual([]);
    expect(await empty.status()).toMatchObject({ state: 'error', reason: 'paper_out', transport: 'capture' });
  });

  it('reaches the renderer as a printer_error reply with its reason', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: 'cover_open', kiosk });
    const handlers = fakeHandlers({ 'printer.printReceipt': (job) => printer.print(job) });
    expect(await dispatchBridgeCall(handlers, 'printer.printReceipt', receiptJob())).toMatchObject({
      ok: false,
      error: { code: 'printer_error', reason: 'cover_open' },
    });
  });

  it('reports ready with its settings, and never whose receipt was last', async () => {
    const printer = createCapturePrinter({ dir, width: 32, fail: false, kiosk });
    const ready = { state: 'ready', transport: 'capture', text: 'raster', width: 32 };
    expect(await printer.status()).toEqual(ready);
    await printer.print(receiptJob());
    expect(await printer.status()).toEqual(ready);
  });

  it('reprints the last receipt only when asked, marked as a reprint, and nothing before there is one', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    expect(await printer.reprintLast()).toEqual({ reprinted: false });
    await printer.print(receiptJob({ trackingNo: OTHER_NO }));
    await printer.print(receiptJob({ lang: 'en' }));
    expect(await readdir(dir)).toHaveLength(4);
    const again = await printer.reprintLast();
    expect(again).toMatchObject({ reprinted: true, trackingNo: TRACKING_NO });
    const decoded = decodeEscPos(await readFile(path.join(dir, `${again.jobId}.bin`)));
    expect(readRaster(decoded, receiptDocument(receiptJob({ lang: 'en' }), kiosk, true), 48)).toContain('REPRINT');
  });

  it('prints a test page with the same sample as raster and as KZ-1048 text', async () => {
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    const { jobId } = await printer.testPage();
    const decoded = decodeEscPos(await readFile(path.join(dir, `${jobId}.bin`)));
    expect(decoded.codePages).toEqual([53]);
    expect(decoded.bands.length).toBeGreaterThan(0);
    const sample = 'АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ өү әғқңұһі ӘҒҚҢҰҺІ №12';
    expect(decoded.lines.map((l) => l.text).join(' ')).toContain(sample);
    expect(decoded.items.some((i) => i.kind === 'qr')).toBe(true);
  });

  it('is what createPrinter picks for a capture config', async () => {
    const { jobId } = await createPrinter(validConfig(dir)).print(receiptJob());
    expect(await readdir(dir)).toContain(`${jobId}.bin`);
  });
});

describe('network printer (fake ESC/POS printer on 127.0.0.1)', () => {
  it('asks the status before and after, and sends exactly the receipt', async () => {
    const fakePrinter = await fake({ before: 'healthy' });
    const result = await tcpPrinter(fakePrinter.url).print(receiptJob());
    expect(fakePrinter.connections).toHaveLength(1);
    expect(fakePrinter.connections[0]!.queries).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(fakePrinter.jobs()).toEqual([buildReceiptBytes(receiptJob(), kiosk, { width: 48 })]);
    expect(result.bytes).toBe(fakePrinter.jobs()[0]!.length);
  });

  it('paper out before a job: nothing is sent and the reason is paper_out', async () => {
    const fakePrinter = await fake({ before: 'paper_out' });
    const error = await failureOf(tcpPrinter(fakePrinter.url).print(receiptJob()));
    expect(error.reason).toBe('paper_out');
    expect(fakePrinter.jobs()).toEqual([]);
    const reply = await dispatchBridgeCall(
      fakeHandlers({ 'printer.printReceipt': (job) => tcpPrinter(fakePrinter.url).print(job) }),
      'printer.printReceipt',
      receiptJob(),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'printer_error', reason: 'paper_out' } });
  });

  it('cover open before a job: nothing is sent and the reason is cover_open', async () => {
    const fakePrinter = await fake({ before: 'cover_open' });
    expect((await failureOf(tcpPrinter(fakePrinter.url).print(receiptJob()))).reason).toBe('cover_open');
    expect(fakePrinter.jobs()).toEqual([]);
  });

  it('a printer that never answers: timeout, nothing sent', async () => {
    const fakePrinter = await fake({ before: 'silent' });
    expect((await failureOf(tcpPrinter(fakePrinter.url, 500).print(receiptJob()))).reason).toBe('timeout');
    expect(fakePrinter.jobs()).toEqual([]);
  });

  it('disconnect mid-job: reported as disconnected, and never printed again by itself', async () => {
    const fakePrinter = await fake({ before: 'healthy', disconnectAfterBytes: 2000 });
    const printer = tcpPrinter(fakePrinter.url);
    expect((await failureOf(printer.print(receiptJob()))).reason).toBe('disconnected');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fakePrinter.connections).toHaveLength(1);
    expect(fakePrinter.connections[0]!.job.length).toBeGreaterThanOrEqual(2000);
  });

  it('paper running out during the job is reported after it', async () => {
    const fakePrinter = await fake({ before: 'healthy', after: 'paper_out' });
    expect((await failureOf(tcpPrinter(fakePrinter.url).print(receiptJob()))).reason).toBe('paper_out');
    expect(fakePrinter.jobs()).toHaveLength(1);
  });

  it('after a job cut off inside a raster band, the next one fills it with NULs and prints whole', async () => {
    const sent: Buffer[] = [];
    const transport: PrinterTransport = {
      kind: 'tcp',
      async send(bytes) {
        sent.push(bytes);
        if (sent.length === 1) throw printFailure('disconnected', 'link lost mid-job');
        return { jobId: `job-${sent.length}` };
      },
      async status() {
        return { ok: true };
      },
    };
    const printer = createReceiptPrinter({ transport, kiosk, width: 48, text: 'raster' });
    expect((await failureOf(printer.print(receiptJob({ trackingNo: OTHER_NO })))).reason).toBe('disconnected');
    await printer.print(receiptJob());
    await printer.print(receiptJob());
    const whole = buildReceiptBytes(receiptJob(), kiosk, { width: 48 });
    expect(sent[1]!.subarray(0, FLUSH_AFTER_FAILURE).every((b) => b === 0)).toBe(true);
    expect(sent[1]!.subarray(FLUSH_AFTER_FAILURE).equals(whole)).toBe(true);
    // Once a job has gone through, no more padding.
    expect(sent[2]!.equals(whole)).toBe(true);
    // What the printer saw: the first job up to 100 bytes into a band, then the second job.
    const band = sent[0]!.indexOf(Buffer.from([0x1d, 0x76, 0x30]));
    const paper = decodeEscPos(Buffer.concat([sent[0]!.subarray(0, band + 100), sent[1]!]));
    const qr = paper.items.filter((i) => i.kind === 'qr');
    expect(qr.at(-1)).toMatchObject({ data: expect.stringContaining(TRACKING_NO) });
    expect(paper.cuts).toBe(1);
  });

  it('a second job never contains the first', async () => {
    const fakePrinter = await fake({ before: 'healthy' });
    const printer = tcpPrinter(fakePrinter.url);
    await printer.print(receiptJob({ trackingNo: OTHER_NO }));
    await printer.print(receiptJob());
    const [first, second] = fakePrinter.jobs();
    expect(second!.includes(Buffer.from(OTHER_NO))).toBe(false);
    expect(second!.includes(Buffer.from(TRACKING_NO))).toBe(true);
    expect(second!.equals(buildReceiptBytes(receiptJob(), kiosk, { width: 48 }))).toBe(true);
    expect(first!.includes(Buffer.from(OTHER_NO))).toBe(true);
  });

  it('status: near end is a warning, a refused connection is disconnected', async () => {
    const fakePrinter = await fake({ before: 'near_end' });
    expect(await tcpPrinter(fakePrinter.url).status()).toMatchObject({
      state: 'ready',
      paperNearEnd: true,
      transport: 'tcp',
    });
    await fakePrinter.stop();
    expect(await tcpPrinter(fakePrinter.url).status()).toMatchObject({ state: 'error', reason: 'disconnected' });
    expect((await failureOf(tcpPrinter(fakePrinter.url).print(receiptJob()))).reason).toBe('disconnected');
  });
});

describe('USB printer (device file)', () => {
  it('opens, writes the whole job and closes', async () => {
    const device = path.join(dir, 'lp0');
    await writeFile(device, '');
    const transport = createUsbTransport({ device, timeoutMs: 2000 });
    const printer = createReceiptPrinter({ transport, kiosk, width: 48, text: 'raster' });
    await printer.print(receiptJob());
    expect((await readFile(device)).equals(buildReceiptBytes(receiptJob(), kiosk, { width: 48 }))).toBe(true);
    expect(await printer.status()).toMatchObject({ state: 'ready', transport: 'usb' });
  });

  it('a missing device is disconnected, and no file is created', async () => {
    const device = path.join(dir, 'lp9');
    const printer = createReceiptPrinter({
      transport: createUsbTransport({ device, timeoutMs: 500 }),
      kiosk,
      width: 48,
      text: 'raster',
    });
    expect((await failureOf(printer.print(receiptJob()))).reason).toBe('disconnected');
    expect(await readdir(dir)).toEqual([]);
    expect(await printer.status()).toMatchObject({ state: 'error', reason: 'disconnected' });
  });

  it.runIf(process.platform === 'linux')(
    'a printer that stops taking data times out; the rest is dropped',
    async () => {
      const device = path.join(dir, 'fifo');
      execFileSync('mkfifo', [device]);
      // A reader that never reads: the pipe fills (64 KiB) like a stalled printer's buffer.
      const reader = await open(device, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        const transport = createUsbTransport({ device, timeoutMs: 600 });
        const started = Date.now();
        const error = await failureOf(transport.send(Buffer.alloc(400_000, 0x41), { name: 'big', record: {} }));
        expect(error.reason).toBe('timeout');
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await reader.close();
      }
    },
  );

  it.runIf(process.platform === 'linux')(
    'a slow printer that keeps taking data gets the whole job, however long it takes',
    async () => {
      const device = path.join(dir, 'fifo');
      execFileSync('mkfifo', [device]);
      // A printer that takes 16 KiB every 100 ms: the job takes several stall timeouts in all.
      const reader = await open(device, constants.O_RDONLY | constants.O_NONBLOCK);
      let received = 0;
      const chunk = Buffer.alloc(16 * 1024);
      const trickle = setInterval(() => {
        reader.read(chunk, 0, chunk.length).then(
          ({ bytesRead }) => (received += bytesRead),
          () => undefined, // EAGAIN: nothing waiting this time
        );
      }, 100);
      try {
        const transport = createUsbTransport({ device, timeoutMs: 300 });
        const started = Date.now();
        await transport.send(Buffer.alloc(200_000, 0x41), { name: 'long-article', record: {} });
        expect(Date.now() - started).toBeGreaterThan(300);
        // What is still in the pipe is what the printer has not read yet, not lost.
        await expect.poll(() => received, { timeout: 5000 }).toBe(200_000);
      } finally {
        clearInterval(trickle);
        await reader.close();
      }
    },
  );
});
