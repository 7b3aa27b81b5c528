// Receipt printing cost per receipt: bytes sent and layout time for raster and KZ-1048 text,
// on an 80 mm roll, for each kind of submission in Mongolian (the longest texts are similar).
import { performance } from 'node:perf_hooks';
import { buildReceiptBytes } from '../../src-main/printer/receipt-layout.js';
import { makeTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import type { SubmissionKind } from '../../src-shared/schemas/submission.js';
import { report } from './support/report.js';

const kiosk = {
  name: { mn: 'Өлгий сумын ТҮЦ машин' },
  place: { aimag: '83', location: { mn: 'Баян-Өлгий аймаг, Өлгий сум, Иргэдийн танхим' } },
  publicSite: 'https://tsonkh.gov.mn',
};
const KINDS: SubmissionKind[] = ['service_application', 'petition', 'law_comment', 'service_feedback'];
const RUNS = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const [i, kind] of KINDS.entries()) {
  const job = {
    trackingNo: makeTrackingNumber('0421', 100 + i).text,
    kind,
    title: { mn: 'Иргэний үнэмлэх нөхөн олгох' },
    lang: 'mn' as const,
    createdAt: '2026-11-26T06:05:00.000Z',
    ...(kind === 'petition' ? { dueDate: '2026-12-26' } : {}),
  };
  for (const text of ['raster', 'kz1048'] as const) {
    // The first run loads the fonts and fills the glyph cache; the kiosk pays that once.
    const first = performance.now();
    const bytes = buildReceiptBytes(job, kiosk, { width: 48, text });
    const firstMs = performance.now() - first;
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      buildReceiptBytes(job, kiosk, { width: 48, text });
      times.push(performance.now() - start);
    }
    // Per kind as `receipt.<kind>`; the petition (the longest receipt) also as plain `receipt`.
    for (const name of kind === 'petition' ? [`receipt.${kind}`, 'receipt'] : [`receipt.${kind}`]) {
      if (text === 'raster') {
        report(name, 'raster_bytes', bytes.length, '<65536');
        report(name, 'raster_ms', median(times), '<150');
      } else {
        report(name, 'text_bytes', bytes.length, '<4096');
        report(name, 'text_ms', median(times), '<10');
      }
    }
    if (i === 0 && text === 'raster') report('receipt', 'raster_first_ms', firstMs, '<1500');
  }
}
