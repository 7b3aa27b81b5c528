import type { PrintAnswerRequest } from '../../src-shared/bridge-contract.js';
import { formatDateTime, isoDateInMongolia, kioskTimeZone } from '../../src-shared/format.js';
import { pickText } from '../../src-shared/schemas/localized-text.js';
import { text, type PrintDocument } from './document.js';
import { canonicalTrackingNo, type ReceiptKiosk } from './receipt-layout.js';
import { dateInWords, RECEIPT_TEXT } from './receipt-text.js';

/**
 * The answer to a citizen's request, on the roll: where it was printed, the heading, the request
 * number, the date of the answer in words, then every paragraph of the answer in order (the
 * renderer wraps whole words). The citizen opened it with the receipt's secret a moment ago; the
 * host keeps nothing of it.
 */
export function answerDocument(request: PrintAnswerRequest, kiosk: ReceiptKiosk, printedAt: Date): PrintDocument {
  const words = RECEIPT_TEXT[request.lang];
  const doc: PrintDocument = [
    text(pickText(kiosk.name, request.lang), 'title', 'center'),
    text(formatDateTime(printedAt, 'mn', kioskTimeZone(kiosk.place.aimag)), 'body', 'center'),
    { kind: 'rule' },
    text(words.answer.heading, 'bold', 'center'),
    text(`${words.answer.numberLabel}: ${canonicalTrackingNo(request.trackingNo)}`, 'body', 'center'),
    text(
      `${words.answer.answeredOn}: ${dateInWords(isoDateInMongolia(new Date(request.answeredAt)), request.lang)}`,
      'body',
      'center',
    ),
    { kind: 'rule' },
  ];
  for (const part of request.text.split(/\r?\n/)) if (part.trim() !== '') doc.push(text(part));
  doc.push({ kind: 'rule' }, text(words.answer.keep, 'small', 'center'));
  return doc;
}
