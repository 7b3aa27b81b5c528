import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerDocument } from '../../../../src-main/printer/answer-layout.js';
import { createCapturePrinter } from '../../../support/capture-printer.js';
import { buildReceiptBytes, receiptDocument } from '../../../../src-main/printer/receipt-layout.js';
import { RECEIPT_TEXT } from '../../../../src-main/printer/receipt-text.js';
import { decodeEscPos } from '../../../support/escpos-decoder.js';
import { receiptJob, TRACKING_NO, validConfig } from '../fixtures.js';
import { expectedTexts, readRaster } from './paper-reader.js';

const kiosk = validConfig();
const SECRET = '482139057712';
const ANSWER = 'Таны гомдлыг хүлээн авлаа.\nӨлгий сумын 4-р багийн худгийг 12 дугаар сарын 15-ны дотор засна.';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-answer-print-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('the receipt secret on paper', () => {
  it('is printed once in groups of four under its label, read back from the raster', () => {
    const job = receiptJob({ kind: 'petition', secret: SECRET });
    const doc = receiptDocument(job, kiosk);
    const texts = expectedTexts(doc, 'raster');
    expect(texts).toContain(RECEIPT_TEXT.mn.secretLabel);
    expect(texts).toContain('4821 3905 7712');
    const lines = readRaster(decodeEscPos(buildReceiptBytes(job, kiosk, { width: 48 })), doc, 48);
    expect(lines.join('\n')).toContain('4821 3905 7712');
  });

  it('is never on a reprint, and never in what the host keeps', async () => {
    expect(expectedTexts(receiptDocument(receiptJob({ secret: SECRET }), kiosk, true), 'raster')).not.toContain(
      '4821 3905 7712',
    );
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    await printer.print(receiptJob({ secret: SECRET }));
    const again = await printer.reprintLast();
    expect(again.reprinted).toBe(true);
    const files = (await readdir(dir)).sort();
    for (const f of files.filter((x) => x.endsWith('.json'))) {
      expect(await readFile(path.join(dir, f), 'utf8')).not.toContain(SECRET);
    }
    const reprint = files.find((f) => f.endsWith('-reprint.bin'))!;
    const text = decodeEscPos(await readFile(path.join(dir, reprint)));
    expect(text.lines.map((l) => l.text).join('')).not.toContain('4821');
  });
});

describe('an answer on paper', () => {
  it('has the heading, the number, the date in words and every line of the answer, in mn, kk and en', () => {
    const request = {
      lang: 'mn' as const,
      trackingNo: TRACKING_NO,
      kind: 'petition' as const,
      status: 'answered' as const,
      answeredAt: '2026-12-03T10:00:00.000Z',
      text: ANSWER,
    };
    const texts = expectedTexts(answerDocument(request, kiosk, new Date('2026-12-04T02:00:00Z')), 'raster');
    expect(texts).toContain(RECEIPT_TEXT.mn.answer.heading);
    expect(texts).toContain(`Өргөдлийн дугаар: ${TRACKING_NO}`);
    expect(texts).toContain('Хариу өгсөн: 2026 оны 12-р сарын 3');
    expect(texts).toContain('Таны гомдлыг хүлээн авлаа.');
    expect(texts).toContain('Өлгий сумын 4-р багийн худгийг 12 дугаар сарын 15-ны дотор засна.');
    const kk = expectedTexts(answerDocument({ ...request, lang: 'kk' }, kiosk, new Date()), 'raster');
    expect(kk).toContain(RECEIPT_TEXT.kk.answer.heading);
    const en = expectedTexts(answerDocument({ ...request, lang: 'en' }, kiosk, new Date()), 'raster');
    expect(en).toContain('Answered on: 3 December 2026');
  });

  it('prints through the printer with a record that names the job only', async () => {
    // The paper's "printed at" line is the host's clock: hold it still so the read-back matches.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T02:00:00Z'));
    const printer = createCapturePrinter({ dir, width: 48, fail: false, kiosk });
    const request = {
      lang: 'mn' as const,
      trackingNo: TRACKING_NO,
      kind: 'petition' as const,
      status: 'answered' as const,
      answeredAt: '2026-12-03T10:00:00.000Z',
      text: ANSWER,
    };
    const result = await printer.printAnswer(request);
    expect(result.jobId).toContain(`${TRACKING_NO}-answer`);
    const bytes = await readFile(path.join(dir, `${result.jobId}.bin`));
    const doc = answerDocument(request, kiosk, new Date());
    const lines = readRaster(decodeEscPos(bytes), doc, 48);
    expect(lines.join(' ')).toContain('Өлгий сумын 4-р багийн худгийг');
    const record = await readFile(path.join(dir, `${result.jobId}.json`), 'utf8');
    expect(record).not.toContain('худгийг');
    expect(JSON.parse(record)).toMatchObject({ kind: 'answer', trackingNo: TRACKING_NO });
  });
});
