import type { PrinterProblem } from '../../src-shared/schemas/printer-problem.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import { createCaptureTransport } from '../../src-main/printer/capture-transport.js';
import type { TextStrategy } from '../../src-main/printer/document.js';
import type { ReceiptPrinter } from '../../src-main/printer/printer.js';
import { createReceiptPrinter } from '../../src-main/printer/printer-service.js';
import type { ReceiptKiosk } from '../../src-main/printer/receipt-layout.js';

export interface CapturePrinterOptions {
  /** Folder for the captured jobs; created when missing. */
  dir: string;
  width: 32 | 48;
  /** Simulates a broken printer: every job fails with `printer_error` (and this reason, if named). */
  fail: boolean | PrinterProblem;
  kiosk: ReceiptKiosk & { kioskCode: string; defaultLanguage: Language };
  text?: TextStrategy;
  bandRows?: number;
}

/**
 * The capture printer the tests use: the real layout, written to files instead of paper. (The
 * kiosk's own `capture` printer kind, for the demo, is built by src-main/printer/create-printer.ts.)
 */
export function createCapturePrinter(options: CapturePrinterOptions): ReceiptPrinter {
  return createReceiptPrinter({
    transport: createCaptureTransport({ dir: options.dir, fail: options.fail }),
    kiosk: options.kiosk,
    width: options.width,
    text: options.text ?? 'raster',
    ...(options.bandRows ? { bandRows: options.bandRows } : {}),
  });
}
