import type { Language } from '../../src-shared/schemas/localized-text.js';
import { dotsFor, text, type PrintDocument } from './document.js';
import { RECEIPT_TEXT } from './receipt-text.js';

export interface TestPageInfo {
  lang: Language;
  kioskCode: string;
  width: 32 | 48;
  transport: string;
  configured: 'raster' | 'kz1048';
  printedAt: string;
}

/**
 * The technician's test page: the same sample of every Mongolian and Kazakh letter printed
 * once as an image and once as KZ-1048 text. If the two look the same this printer's code page
 * 53 really is KZ-1048 and `text: "kz1048"` is safe; otherwise keep `raster`. Then a QR code
 * and a barcode, to check the printer draws those.
 */
export function testPageDocument(info: TestPageInfo): PrintDocument {
  const words = RECEIPT_TEXT[info.lang].testPage;
  return [
    { kind: 'switch', text: 'raster' },
    text(words.title, 'title', 'center'),
    text(
      `${info.kioskCode} · ${info.transport} · ${info.width} / ${dotsFor(info.width)} · ${info.configured}`,
      'small',
      'center',
    ),
    text(info.printedAt, 'small', 'center'),
    { kind: 'rule' },
    text(words.raster, 'bold'),
    text(words.sample),
    { kind: 'switch', text: 'kz1048' },
    text(words.text, 'bold'),
    text(words.sample),
    { kind: 'switch', text: 'raster' },
    { kind: 'rule' },
    text(words.choose),
    { kind: 'barcode', data: `TEST-${info.kioskCode}` },
    { kind: 'space' },
    { kind: 'qr', data: `TSONKH-TEST-${info.kioskCode}` },
  ];
}
