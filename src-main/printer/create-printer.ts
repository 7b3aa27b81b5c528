import { assertNever } from '../../src-shared/assert-never.js';
import type { KioskConfig } from '../../src-shared/schemas/kiosk-config.js';
import { createCaptureTransport } from './capture-transport.js';
import type { ReceiptPrinter } from './printer.js';
import { createReceiptPrinter } from './printer-service.js';
import { createTcpTransport, parseTcpUrl } from './tcp-transport.js';
import type { PrinterTransport } from './transport.js';
import { createUsbTransport } from './usb-transport.js';

function transportFor(printer: KioskConfig['printer']): PrinterTransport {
  switch (printer.kind) {
    case 'capture':
      return createCaptureTransport({ dir: printer.captureDir, fail: printer.fail });
    case 'tcp':
      return createTcpTransport({
        ...parseTcpUrl(printer.url),
        timeoutMs: printer.timeoutMs,
        statusQueries: printer.statusQueries,
      });
    case 'usb':
      return createUsbTransport({ device: printer.device, timeoutMs: printer.timeoutMs });
    default:
      return assertNever(printer, 'printer kind');
  }
}

/**
 * The kiosk's printer, chosen by its config file: a technician swaps hardware by editing
 * `printer`, not code. `printer.captureDir` must already be absolute (`loadKioskConfig` resolves it).
 */
export function createPrinter(config: KioskConfig): ReceiptPrinter {
  const printer = config.printer;
  return createReceiptPrinter({
    transport: transportFor(printer),
    kiosk: config,
    width: printer.width,
    text: printer.text ?? 'raster',
    ...(printer.bandRows ? { bandRows: printer.bandRows } : {}),
  });
}
