import type { ReceiptJob } from '../../src-shared/bridge-contract.js';
import { daysBetween, formatDateTime, isoDateInMongolia, kioskTimeZone } from '../../src-shared/format.js';
import { formatReceiptSecret } from '../../src-shared/answers/receipt-secret.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { pickText, type LocalizedText } from '../../src-shared/schemas/localized-text.js';
import { text, type PrintDocument, type RenderOptions, type TextStrategy } from './document.js';
import { dateInWords, RECEIPT_TEXT } from './receipt-text.js';
import { renderDocument } from './render.js';

/** What the receipt says about where it was printed, and where its QR code points; a `KioskConfig` fits as is. */
export interface ReceiptKiosk {
  name: LocalizedText;
  /** `aimag` (its statistics code) sets the clock printed times are read on (`kioskTimeZone`: Hovd time in the west). */
  place: { aimag: string; location: LocalizedText };
  /** Public web site, ASCII, without a trailing slash: the QR code is `<publicSite>/track/<number>`. */
  publicSite: string;
}

export interface ReceiptLayoutOptions {
  /** Characters per line: 32 for 58 mm rolls, 48 for 80 mm rolls. */
  width: 32 | 48;
  /** `raster` (default) draws the text; `kz1048` sends it in code page 53. */
  text?: TextStrategy;
  /** Rows per raster band (default 24). */
  bandRows?: number;
  /** A technician's reprint: says so on the paper. */
  reprint?: boolean;
}

/** The canonical, ASCII-only form (`0421-000123-7`) of whatever spelling the job carries. */
export function canonicalTrackingNo(trackingNo: string): string {
  const parsed = parseTrackingNumber(trackingNo);
  if (!parsed.ok) throw new Error(`not a tracking number: ${trackingNo}`);
  return parsed.value.text;
}

/** The public status page of a receipt, the QR code's payload. */
export function trackUrl(publicSite: string, trackingNo: string): string {
  return `${publicSite.replace(/\/+$/, '')}/track/${canonicalTrackingNo(trackingNo)}`;
}

/**
 * One receipt, top to bottom: where and when, what was registered, the tracking number large
 * and as CODE128 and QR (the public status page), the due date in words, and what to do next.
 * The time is the submission's own (`job.createdAt`), so a reprint tells the same story. No
 * registration number or phone ever reaches this function: the job schema has none.
 */
export function receiptDocument(job: ReceiptJob, kiosk: ReceiptKiosk, reprint = false): PrintDocument {
  const words = RECEIPT_TEXT[job.lang];
  const local = (value: LocalizedText) => pickText(value, job.lang);
  const trackingNo = canonicalTrackingNo(job.trackingNo);
  const url = trackUrl(kiosk.publicSite, trackingNo);
  const created = new Date(job.createdAt);
  const doc: PrintDocument = [text(local(kiosk.name), 'title', 'center')];
  if (job.place) doc.push(text(`${job.place.aimag}, ${job.place.soum}`, 'body', 'center'));
  doc.push(
    text(local(kiosk.place.location), 'body', 'center'),
    // Mongolian document style (2026.11.26 14:05), on the clock of the kiosk's place (Hovd time in
    // Bayan-Ölgii, Khovd and Uvs), whatever the OS zone is. The due date below stays Ulaanbaatar's.
    text(formatDateTime(created, 'mn', kioskTimeZone(kiosk.place.aimag)), 'body', 'center'),
  );
  if (reprint) doc.push(text(words.reprint, 'bold', 'center'));
  doc.push(
    { kind: 'rule' },
    text(words.heading[job.kind], 'bold', 'center'),
    text(local(job.title), 'body', 'center'),
    { kind: 'space' },
    text(words.trackingLabel, 'body', 'center'),
    text(trackingNo, 'huge', 'center'),
    { kind: 'barcode', data: trackingNo },
    { kind: 'space' },
    { kind: 'qr', data: url },
    text(words.scanHint, 'small', 'center'),
    text(url, 'small', 'center'),
    { kind: 'rule' },
  );
  if (job.secret && !reprint) {
    // Printed once, never on a reprint: the host does not keep it.
    doc.push(
      text(words.secretLabel, 'body', 'center'),
      text(formatReceiptSecret(job.secret), 'huge', 'center'),
      text(words.secretHint, 'small', 'center'),
      { kind: 'rule' },
    );
  }
  if (job.dueDate) {
    const days = daysBetween(isoDateInMongolia(created), job.dueDate);
    const date = dateInWords(job.dueDate, job.lang);
    doc.push(text(days >= 0 ? words.due(date, days) : date, 'bold'));
  }
  doc.push(text(words.nextStep[job.kind]), text(words.keepReceipt));
  return doc;
}

/** The receipt as ESC/POS bytes, ready for a transport. */
export function buildReceiptBytes(job: ReceiptJob, kiosk: ReceiptKiosk, options: ReceiptLayoutOptions): Buffer {
  return renderDocument(receiptDocument(job, kiosk, options.reprint), options.text ?? 'raster', renderOptions(options));
}

export function renderOptions(options: { width: 32 | 48; bandRows?: number }): RenderOptions {
  return { width: options.width, bandRows: options.bandRows ?? 24 };
}
