import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { dotsFor } from '../../../../src-main/printer/document.js';
import { missingGlyphs, receiptFont } from '../../../../src-main/printer/font.js';
import { encodeKz1048 } from '../../../../src-main/printer/receipt-charset.js';
import { buildReceiptBytes, receiptDocument, trackUrl } from '../../../../src-main/printer/receipt-layout.js';
import { RECEIPT_TEXT } from '../../../../src-main/printer/receipt-text.js';
import { RASTER_STYLES } from '../../../../src-main/printer/render.js';
import { renderLine } from '../../../../src-main/printer/text-raster.js';
import type { SubmissionKind } from '../../../../src-shared/schemas/submission.js';
import { decodeEscPos, paperPng } from '../../../support/escpos-decoder.js';
import { receiptJob, TRACKING_NO, validConfig } from '../fixtures.js';
import { expectedTexts, readRaster, readText } from './paper-reader.js';

const KINDS: SubmissionKind[] = ['service_application', 'petition', 'law_comment', 'service_feedback'];
const LANGS = ['mn', 'kk', 'en'] as const;
const kiosk = validConfig();
const OUTPUT = path.resolve('tests/output/receipts');
const URL = `https://tsonkh.gov.mn/track/${TRACKING_NO}`;

function job(kind: SubmissionKind, lang: (typeof LANGS)[number]) {
  return receiptJob({
    kind,
    lang,
    ...(kind === 'petition' ? { dueDate: '2026-12-26' } : {}),
    ...(lang === 'mn' ? { place: { aimag: 'Баян-Өлгий аймаг', soum: 'Өлгий сум' } } : {}),
  });
}

describe('receipt layout', () => {
  it('says where, when, what, the number and what next, in the job language', () => {
    const texts = expectedTexts(receiptDocument(job('petition', 'mn'), kiosk), 'raster');
    expect(texts).toEqual([
      'Өлгий сумын ТҮЦ машин',
      'Баян-Өлгий аймаг, Өлгий сум',
      'Өлгий сум, Иргэдийн танхим',
      // 06:05 UTC on Hovd time (UTC+7), the clock of Ölgii, where this kiosk stands.
      '2026.11.26 13:05',
      RECEIPT_TEXT.mn.heading.petition,
      'Иргэний үнэмлэх нөхөн олгох',
      RECEIPT_TEXT.mn.trackingLabel,
      TRACKING_NO,
      RECEIPT_TEXT.mn.scanHint,
      URL,
      'Хариу өгөх хугацаа: 2026 оны 12-р сарын 26 (30 хоногийн дотор)',
      RECEIPT_TEXT.mn.nextStep.petition,
      RECEIPT_TEXT.mn.keepReceipt,
    ]);
    const kk = expectedTexts(receiptDocument(job('petition', 'kk'), kiosk), 'raster');
    expect(kk).toContain('Жауап беру мерзімі: 2026 жылғы 26 желтоқсан (30 күн ішінде)');
    const en = expectedTexts(receiptDocument(job('petition', 'en'), kiosk), 'raster');
    expect(en).toContain('Answer due by 26 December 2026 (within 30 days)');
    expect(en[0]).toBe('Public Service Machine, Ölgii');
  });

  it('points the QR code at the public status page and the barcode at the number', () => {
    for (const text of ['raster', 'kz1048'] as const) {
      const decoded = decodeEscPos(buildReceiptBytes(job('service_application', 'kk'), kiosk, { width: 48, text }));
      expect(decoded.items.filter((i) => i.kind === 'qr').map((i) => i.kind === 'qr' && i.data)).toEqual([URL]);
      expect(decoded.items.filter((i) => i.kind === 'barcode').map((i) => i.kind === 'barcode' && i.data)).toEqual([
        TRACKING_NO,
      ]);
      expect(decoded.cuts).toBe(1);
      expect(decoded.items.at(-1)).toEqual({ kind: 'cut' });
    }
    expect(trackUrl('https://example.mn/', TRACKING_NO.replace(/-/g, ' '))).toBe(
      `https://example.mn/track/${TRACKING_NO}`,
    );
  });

  it('never carries a registration number or phone, even if a caller slips them into the job', () => {
    const sneaky = { ...job('service_application', 'mn'), registrationNumber: 'ЧБ05251234', phone: '99112233' };
    for (const text of ['raster', 'kz1048'] as const) {
      const bytes = buildReceiptBytes(sneaky, kiosk, { width: 48, text });
      expect(bytes.includes(Buffer.from('99112233'))).toBe(false);
      expect(bytes.includes(encodeKz1048('ЧБ05251234'))).toBe(false);
    }
  });

  it('marks a reprint as such', () => {
    const texts = expectedTexts(receiptDocument(job('law_comment', 'en'), kiosk, true), 'raster');
    expect(texts).toContain('REPRINT');
  });
});

describe('raster receipts decode back to the intended text', () => {
  mkdirSync(OUTPUT, { recursive: true });
  for (const width of [48, 32] as const) {
    for (const kind of KINDS) {
      for (const lang of LANGS) {
        it(`${kind} in ${lang} on a ${width}-column roll`, () => {
          const document = receiptDocument(job(kind, lang), kiosk);
          const bytes = buildReceiptBytes(job(kind, lang), kiosk, { width });
          const decoded = decodeEscPos(bytes);
          writeFileSync(path.join(OUTPUT, `${kind}-${lang}-${width === 48 ? '80mm' : '58mm'}.png`), paperPng(decoded));

          expect(decoded.codePages).toEqual([]);
          expect(decoded.page.width).toBe(dotsFor(width));
          for (const band of decoded.bands) expect(band.rows).toBeLessThanOrEqual(24);
          const expected = expectedTexts(document, 'raster');
          expect(readRaster(decoded, document, width)).toEqual(expected);
          // Nothing was replaced on the way: every printed block is its source text, every letter drawable.
          const sources = document.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
          expect(expected).toEqual(sources);
          for (const text of sources) expect(missingGlyphs(text), text).toEqual([]);
          for (const text of expected) expect(text.includes('?'), text).toBe(false);
        });
      }
    }
  }

  it('draws the letters that set Mongolian and Kazakh apart differently from their look-alikes', () => {
    const style = RASTER_STYLES.body;
    const draw = (s: string) => Buffer.from(renderLine(s, style, 200, 'left').data).toString('hex');
    for (const [a, b] of ['ӨО', 'өо', 'ҮУ', 'үу', 'ҰУ', 'ӘЭ', 'ҒГ', 'ҚК', 'ҢН', 'ІИ', 'ҺХ']) {
      expect(draw(a!), `${a} vs ${b}`).not.toBe(draw(b!));
    }
    for (const ch of 'ӨөҮүӘәҒғҚқҢңҰұҺһІі') expect(receiptFont('regular').glyph(ch)?.glyph.id, ch).toBeGreaterThan(0);
  });
});

describe('KZ-1048 text receipts decode back to the intended text', () => {
  for (const width of [48, 32] as const) {
    for (const kind of KINDS) {
      for (const lang of LANGS) {
        it(`${kind} in ${lang} on a ${width}-column roll`, () => {
          const document = receiptDocument(job(kind, lang), kiosk);
          const bytes = buildReceiptBytes(job(kind, lang), kiosk, { width, text: 'kz1048' });
          expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x1b, 0x40, 0x1b, 0x74, 53]));
          const decoded = decodeEscPos(bytes);
          expect(decoded.codePages).toEqual([53]);
          expect(decoded.bands).toEqual([]);
          const expected = expectedTexts(document, 'kz1048');
          expect(readText(decoded, document, width)).toEqual(expected);
          // No `?` where the source had a letter: the only change allowed is Ö → O in Latin names.
          const sources = document.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
          expected.forEach((text, i) => {
            expect(text.includes('?'), text).toBe(false);
            expect(text).toBe(sources[i]!.replace(/Ö/g, 'O').replace(/ö/g, 'o'));
          });
          expect(iconv.decode(bytes, 'RK1048')).not.toContain('\uFFFD');
        });
      }
    }
  }

  it('encodes with a table that agrees with iconv-lite on every letter', () => {
    const letters = 'АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмноөпрстуүфхцчшщъыьэюяӘәҒғҚқҢңҰұҺһІі№«»—–';
    expect(encodeKz1048(letters)).toEqual(iconv.encode(letters, 'RK1048'));
  });

  it('strips control bytes from a title so it cannot smuggle printer commands', () => {
    const evil = receiptJob({ title: { mn: `Гэрчилгээ\u001bp\u0000\u0019\u001d\u0056\u0000` } });
    for (const text of ['raster', 'kz1048'] as const) {
      const decoded = decodeEscPos(buildReceiptBytes(evil, kiosk, { width: 48, text }));
      expect(decoded.cuts).toBe(1);
      const texts =
        text === 'raster' ? readRaster(decoded, receiptDocument(evil, kiosk), 48) : decoded.lines.map((l) => l.text);
      expect(texts).toContain('ГэрчилгээpV');
    }
  });
});
