import type { PrintTextRequest } from '../../src-shared/bridge-contract.js';
import { formatDateTime, KIOSK_TIME_ZONE } from '../../src-shared/format.js';
import { text, type PrintDocument } from './document.js';
import { RECEIPT_TEXT } from './receipt-text.js';

/**
 * A law article or summary for the roll (library mode): title, heading, every paragraph in
 * order (a line break inside one starts a new paragraph), then a QR code to the full text.
 * The renderer wraps whole words, so a long article simply makes a long strip of paper. The time
 * printed is on the clock of `timeZone`, the kiosk's place (`kioskTimeZone`).
 */
export function lawDocument(
  request: PrintTextRequest,
  printedAt: Date,
  timeZone: string = KIOSK_TIME_ZONE,
): PrintDocument {
  const words = RECEIPT_TEXT[request.lang];
  const doc: PrintDocument = [text(request.title, 'title', 'center')];
  if (request.heading.trim() !== '') doc.push(text(request.heading, 'bold', 'center'));
  doc.push({ kind: 'rule' });
  for (const paragraph of request.paragraphs) {
    for (const part of paragraph.split(/\r?\n/)) if (part.trim() !== '') doc.push(text(part));
  }
  doc.push(
    { kind: 'rule' },
    { kind: 'qr', data: request.url },
    text(words.fullText, 'small', 'center'),
    text(request.url, 'small', 'center'),
    text(`${words.printedAt}: ${formatDateTime(printedAt, 'mn', timeZone)}`, 'small', 'center'),
  );
  return doc;
}
