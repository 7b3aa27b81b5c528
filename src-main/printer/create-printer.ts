import { assertNever } from '../../src-shared/assert-never.js';
import type { KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { createCapturePrinter } from './capture-printer.js';
import type { ReceiptPrinter } from './printer.js';

/**
 * The kiosk's printer, chosen by its config file: a technician swaps hardware by editing
 * `printer`, not code. Only `capture` exists so far; ESC/POS over USB or network comes next.
 * `printer.captureDir` must already be absolute (`loadKioskConfig` resolves it).
 */
export function createPrinter(config: KioskConfig): ReceiptPrinter {
  const printer = config.printer;
  switch (printer.kind) {
    case 'capture':
      return createCapturePrinter({ dir: printer.captureDir, width: printer.width, fail: printer.fail, kiosk: config });
    default:
      return assertNever(printer.kind, 'printer kind');
  }
}
