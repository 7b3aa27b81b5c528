import { describe, expect, it } from 'vitest';
import { answerDocument } from '../../../../src-main/printer/answer-layout.js';
import { lawDocument } from '../../../../src-main/printer/law-layout.js';
import { buildReceiptBytes, receiptDocument } from '../../../../src-main/printer/receipt-layout.js';
import { renderDocument } from '../../../../src-main/printer/render.js';
import { decodeEscPos } from '../../../support/escpos-decoder.js';
import { receiptJob, TRACKING_NO, validConfig } from '../fixtures.js';
import { expectedTexts, readRaster } from './paper-reader.js';

/** 08:33 UTC: 16:33 in Ulaanbaatar, 15:33 in Ölgii (Hovd time, UTC+7). */
const AT = '2026-11-26T08:33:00.000Z';
const olgii = validConfig(); // aimag 83, Bayan-Ölgii
const darkhan = { ...olgii, place: { ...olgii.place, aimag: '45', soum: '4501' } };
const job = receiptJob({ kind: 'petition', createdAt: AT, dueDate: '2026-12-26' });

describe('printed times follow the kiosk’s place', () => {
  it('an Ölgii kiosk prints 15:33 on Hovd time, in the text-mode ESC/POS bytes and in the raster', () => {
    const text = decodeEscPos(buildReceiptBytes(job, olgii, { width: 48, text: 'kz1048' }));
    const printed = text.lines.map((l) => l.text).join('\n');
    expect(printed).toContain('2026.11.26 15:33');
    expect(printed).not.toContain('16:33');
    const doc = receiptDocument(job, olgii);
    const raster = readRaster(decodeEscPos(buildReceiptBytes(job, olgii, { width: 48 })), doc, 48);
    expect(raster).toContain('2026.11.26 15:33');
  });

  it('a kiosk on Ulaanbaatar time prints 16:33 for the same moment', () => {
    const text = decodeEscPos(buildReceiptBytes(job, darkhan, { width: 48, text: 'kz1048' }));
    expect(text.lines.map((l) => l.text).join('\n')).toContain('2026.11.26 16:33');
  });

  it('the due date stays the law’s date, whatever the clock of the place', () => {
    const west = expectedTexts(receiptDocument(job, olgii), 'raster');
    const east = expectedTexts(receiptDocument(job, darkhan), 'raster');
    const due = (texts: string[]) => texts.find((t) => t.startsWith('Хариу өгөх хугацаа'));
    expect(due(west)).toBe('Хариу өгөх хугацаа: 2026 оны 12-р сарын 26 (30 хоногийн дотор)');
    expect(due(west)).toBe(due(east));
  });

  it('the answer and a library print say when they were printed on the same clock', () => {
    const request = {
      lang: 'mn' as const,
      trackingNo: TRACKING_NO,
      kind: 'petition' as const,
      status: 'answered' as const,
      answeredAt: '2026-12-03T10:00:00.000Z',
      text: 'Хариу.',
    };
    expect(expectedTexts(answerDocument(request, olgii, new Date(AT)), 'raster')).toContain('2026.11.26 15:33');
    expect(expectedTexts(answerDocument(request, darkhan, new Date(AT)), 'raster')).toContain('2026.11.26 16:33');
    const law = lawDocument(
      {
        lang: 'mn',
        title: 'Хууль',
        heading: '1 дүгээр зүйл',
        paragraphs: ['1.1.Текст.'],
        url: 'https://tsonkh.gov.mn/laws/x/1',
      },
      new Date(AT),
      'Asia/Hovd',
    );
    const read = decodeEscPos(renderDocument(law, 'kz1048', { width: 48, bandRows: 24 }));
    expect(read.lines.map((l) => l.text).join('\n')).toContain('15:33');
  });
});
