import type { BridgeResponse, ReceiptJob } from '../../src-shared/bridge-contract.js';

export type { ReceiptJob } from '../../src-shared/bridge-contract.js';
export type PrintResult = BridgeResponse<'printer.printReceipt'>;
export type PrinterStatus = BridgeResponse<'printer.status'>;

/**
 * Every receipt printer the kiosk can drive (the capture printer now, USB and network
 * ESC/POS printers later). The bridge handlers see only this, so config alone picks the
 * hardware. A failure to print is a `BridgeError` with code `printer_error`.
 */
export interface ReceiptPrinter {
  print(job: ReceiptJob): Promise<PrintResult>;
  status(): Promise<PrinterStatus>;
}
