import type { Language } from '../../src-shared/schemas/localized-text.js';
import { formatDateTime } from '../../src-shared/format.js';
import { createLogger } from '../logger.js';
import type { TextStrategy } from './document.js';
import { lawDocument } from './law-layout.js';
import type { PrintResult, PrintTextRequest, ReceiptJob, ReceiptPrinter } from './printer.js';
import { buildReceiptBytes, canonicalTrackingNo, renderOptions, type ReceiptKiosk } from './receipt-layout.js';
import { renderDocument } from './render.js';
import { testPageDocument } from './test-page.js';
import type { JobLabel, PrinterTransport } from './transport.js';

const log = createLogger('printer');

export interface ReceiptPrinterOptions {
  transport: PrinterTransport;
  kiosk: ReceiptKiosk & { kioskCode: string; defaultLanguage: Language };
  width: 32 | 48;
  text: TextStrategy;
  bandRows?: number;
}

/**
 * The kiosk's printer: lays out each job (fresh bytes every time, so nothing of one job can
 * reach the next), sends it through the configured transport one job at a time, and remembers
 * the last receipt asked for, in memory only, for a technician's reprint. It never prints
 * anything again by itself.
 */
export function createReceiptPrinter(options: ReceiptPrinterOptions): ReceiptPrinter {
  const { transport, kiosk, width, text } = options;
  const layout = { width, text, ...(options.bandRows ? { bandRows: options.bandRows } : {}) };
  let lastReceipt: ReceiptJob | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  /** One job at a time on the link: two citizens' receipts never interleave. */
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }

  async function send(bytes: Buffer, label: JobLabel): Promise<PrintResult> {
    const { jobId } = await transport.send(bytes, label);
    return { jobId, bytes: bytes.length };
  }

  function printReceipt(job: ReceiptJob, reprint: boolean): Promise<PrintResult> {
    const bytes = buildReceiptBytes(job, kiosk, { ...layout, reprint });
    const name = canonicalTrackingNo(job.trackingNo);
    return serial(() =>
      send(bytes, { name: reprint ? `${name}-reprint` : name, record: { job, ...(reprint ? { reprint } : {}) } }),
    );
  }

  return {
    print(job) {
      lastReceipt = job;
      return printReceipt(job, false);
    },

    printText(request: PrintTextRequest) {
      const bytes = renderDocument(lawDocument(request, new Date()), text, renderOptions(layout));
      return serial(() =>
        send(bytes, { name: 'law', record: { kind: 'law', url: request.url, title: request.title } }),
      );
    },

    testPage() {
      const doc = testPageDocument({
        lang: kiosk.defaultLanguage,
        kioskCode: kiosk.kioskCode,
        width,
        transport: transport.kind,
        configured: text,
        printedAt: formatDateTime(new Date(), 'mn'),
      });
      const bytes = renderDocument(doc, 'raster', renderOptions(layout));
      return serial(() => send(bytes, { name: 'test-page', record: { kind: 'test-page' } }));
    },

    async reprintLast() {
      const job = lastReceipt;
      if (!job) return { reprinted: false };
      log.info({ trackingNo: job.trackingNo }, 'technician reprint');
      const result = await printReceipt(job, true);
      return { reprinted: true, trackingNo: canonicalTrackingNo(job.trackingNo), ...result };
    },

    async status() {
      const link = await transport.status();
      return {
        state: link.ok ? 'ready' : 'error',
        ...(link.detail ? { detail: link.detail } : {}),
        ...(link.reason ? { reason: link.reason } : {}),
        ...(link.paperNearEnd !== undefined ? { paperNearEnd: link.paperNearEnd } : {}),
        transport: transport.kind,
        text,
        width,
        ...(lastReceipt ? { lastReceipt: canonicalTrackingNo(lastReceipt.trackingNo) } : {}),
      };
    },
  };
}
