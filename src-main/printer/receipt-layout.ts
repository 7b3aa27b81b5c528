import { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { ReceiptJob } from '../../src-shared/bridge-contract.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { pickText, type LocalizedText } from '../../src-shared/schemas/localized-text.js';
import { toReceiptText } from './receipt-charset.js';
import { RECEIPT_TEXT } from './receipt-text.js';
import { formatDateTime } from '../../src-shared/format.js';

/** What the receipt says about where it was printed; a `KioskConfig` fits as is. */
export interface ReceiptKiosk {
  name: LocalizedText;
  place: { location: LocalizedText };
}

export interface ReceiptLayoutOptions {
  /** Characters per line: 32 for 58 mm rolls, 48 for 80 mm rolls. */
  width: 32 | 48;
}

/** GS k 73 (CODE128), typed by the library as `printBarcode`'s `type`. */
const BARCODE_CODE128 = 73;

/** The canonical, ASCII-only form (`0421-000123-7`) of whatever spelling the job carries. */
function canonicalTrackingNo(trackingNo: string): string {
  const parsed = parseTrackingNumber(trackingNo);
  if (!parsed.ok) throw new Error(`not a tracking number: ${trackingNo}`);
  return parsed.value.text;
}

/**
 * Lays out one receipt as ESC/POS bytes. A fresh ThermalPrinter per job (no interface: we only
 * want its buffer), so nothing leaks from one citizen's receipt into the next. The tracking
 * number is printed three ways: large for the eye, CODE128 and QR for a scanner. The time is
 * the submission's own (`job.createdAt`), so a reprint after a paper jam tells the same story.
 * No registration number or phone ever reaches this function: the job schema has none.
 */
export function buildReceiptBytes(job: ReceiptJob, kiosk: ReceiptKiosk, options: ReceiptLayoutOptions): Buffer {
  const text = RECEIPT_TEXT[job.lang];
  const local = (value: LocalizedText): string => toReceiptText(pickText(value, job.lang));
  const trackingNo = canonicalTrackingNo(job.trackingNo);

  const printer = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width: options.width,
    characterSet: CharacterSet.KZ1048_KAZAKHSTAN,
    breakLine: BreakLine.WORD,
  } as ConstructorParameters<typeof ThermalPrinter>[0]);

  printer.alignCenter();
  printer.bold(true);
  printer.println(local(kiosk.name));
  printer.bold(false);
  printer.println(local(kiosk.place.location));
  // Mongolian document style (2026.11.26 14:05), Ulaanbaatar time, whatever the OS zone is.
  printer.println(formatDateTime(new Date(job.createdAt), 'mn'));
  printer.drawLine();

  printer.println(toReceiptText(text.heading[job.kind]));
  printer.bold(true);
  printer.println(local(job.title));
  printer.bold(false);
  printer.newLine();

  printer.println(toReceiptText(text.trackingLabel));
  printer.setTextQuadArea();
  printer.println(trackingNo);
  printer.setTextNormal();
  printer.newLine();

  printer.printBarcode(trackingNo, BARCODE_CODE128, { hriPos: 0, width: 2, height: 80 });
  printer.newLine();
  printer.printQR(trackingNo, { cellSize: options.width === 32 ? 5 : 6, correction: 'M', model: 2 });
  printer.newLine();

  printer.println(toReceiptText(text.keepReceipt));
  // Last: the cut ends with ESC @, which resets the printer (and its code page) for the next job.
  printer.cut();
  return printer.getBuffer();
}
