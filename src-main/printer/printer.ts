import type { TextStrategy } from './document.js';
import type {
  BridgeResponse,
  PrintAnswerRequest,
  PrintTextRequest,
  ReceiptJob,
} from '../../src-shared/bridge-contract.js';

export type { PrintAnswerRequest, PrintTextRequest, ReceiptJob } from '../../src-shared/bridge-contract.js';
export type PrintResult = BridgeResponse<'printer.printReceipt'>;
export type PrinterStatus = BridgeResponse<'printer.status'>;
export type ReprintResult = BridgeResponse<'printer.reprintLast'>;

/**
 * Every receipt printer the kiosk can drive (capture, network, USB). The bridge handlers see
 * only this, so config alone picks the hardware. A failure to print is a `PrinterError` with
 * a `reason` (the bridge sends it as `printer_error`).
 */
export interface ReceiptPrinter {
  print(job: ReceiptJob): Promise<PrintResult>;
  /** Library mode: a law article or summary. */
  printText(request: PrintTextRequest): Promise<PrintResult>;
  /** "Check my receipt": an answer opened with the receipt's secret; nothing of it is kept. */
  printAnswer(request: PrintAnswerRequest): Promise<PrintResult>;
  /** Technician: raster and KZ-1048 side by side. */
  testPage(): Promise<PrintResult>;
  /** Technician: the last receipt asked for since the host started, marked as a reprint. */
  reprintLast(): Promise<ReprintResult>;
  status(): Promise<PrinterStatus>;
  /**
   * Remote settings (issue 17): a new roll width or text strategy for the jobs from now on, kept
   * in memory (the renderer applies its stored settings again after a restart). Throws for a width
   * the layouts do not have. Optional: a printer that cannot change says so.
   */
  configure?(change: { width?: number; text?: TextStrategy }): Promise<{ width: 32 | 48; text: TextStrategy }>;
}
