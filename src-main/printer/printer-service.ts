import type { Language } from '../../src-shared/schemas/localized-text.js';
import { formatDateTime, kioskTimeZone } from '../../src-shared/format.js';
import { createLogger } from '../logger.js';
import { createSerialQueue } from '../serial-queue.js';
import type { TextStrategy } from './document.js';
import { lawDocument } from './law-layout.js';
import { answerDocument } from './answer-layout.js';
import type { PrintAnswerRequest, PrintResult, PrintTextRequest, ReceiptJob, ReceiptPrinter } from './printer.js';
import { buildReceiptBytes, canonicalTrackingNo, renderOptions, type ReceiptKiosk } from './receipt-layout.js';
import { renderDocument } from './render.js';
import { testPageDocument } from './test-page.js';
import type { JobLabel, PrinterTransport } from './transport.js';

const log = createLogger('printer');

/**
 * NULs sent before the next job after a failed one: more than the longest command a job can be
 * cut inside (a raster band: 24 rows × 72 bytes on an 80 mm roll; a QR store is shorter).
 */
export const FLUSH_AFTER_FAILURE = 2048;

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
  const { transport, kiosk } = options;
  // Changed only by `configure` (remote settings), between jobs: the serial queue runs one at a time.
  let { width, text } = options;
  let layout = { width, text, ...(options.bandRows ? { bandRows: options.bandRows } : {}) };
  let lastReceipt: ReceiptJob | undefined;
  // A job that failed part-way may have stopped inside a raster band or a QR store: the
  // printer then still waits for that command's bytes and would eat the next job's start.
  let unfinished = false;

  /** One job at a time on the link: two citizens' receipts never interleave. */
  const serial = createSerialQueue();

  async function send(bytes: Buffer, label: JobLabel): Promise<PrintResult> {
    // After a failed job, NUL bytes first: they fill whatever command was cut off (at most
    // one band of blank dots) and are ignored otherwise; then the job's own ESC @.
    const out = unfinished ? Buffer.concat([Buffer.alloc(FLUSH_AFTER_FAILURE), bytes]) : bytes;
    try {
      const { jobId } = await transport.send(out, label);
      unfinished = false;
      return { jobId, bytes: out.length };
    } catch (error) {
      unfinished = true;
      throw error;
    }
  }

  function printReceipt(job: ReceiptJob, reprint: boolean): Promise<PrintResult> {
    const bytes = buildReceiptBytes(job, kiosk, { ...layout, reprint });
    const name = canonicalTrackingNo(job.trackingNo);
    return serial(() =>
      send(bytes, {
        name: reprint ? `${name}-reprint` : name,
        // The capture record leaves the secret out (the printed bytes carry it, as the paper does).
        record: { job: { ...job, secret: undefined }, ...(reprint ? { reprint } : {}) },
      }),
    );
  }

  return {
    print(job) {
      // Kept for a technician's reprint, but never the secret: that is the citizen's alone.
      const { secret: _secret, ...withoutSecret } = job;
      lastReceipt = withoutSecret;
      return printReceipt(job, false);
    },

    printAnswer(request: PrintAnswerRequest) {
      const bytes = renderDocument(answerDocument(request, kiosk, new Date()), text, renderOptions(layout));
      const name = canonicalTrackingNo(request.trackingNo);
      // The record names the job only: the answer's words stay on the paper.
      return serial(() => send(bytes, { name: `${name}-answer`, record: { kind: 'answer', trackingNo: name } }));
    },

    printText(request: PrintTextRequest) {
      const bytes = renderDocument(
        lawDocument(request, new Date(), kioskTimeZone(kiosk.place.aimag)),
        text,
        renderOptions(layout),
      );
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
        printedAt: formatDateTime(new Date(), 'mn', kioskTimeZone(kiosk.place.aimag)),
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

    configure(change) {
      return serial(async () => {
        const nextWidth = change.width ?? width;
        if (nextWidth !== 32 && nextWidth !== 48) {
          throw new Error(`printer width ${nextWidth} is not supported (32 or 48)`);
        }
        width = nextWidth;
        text = change.text ?? text;
        layout = { ...layout, width, text };
        log.info({ width, text }, 'printer settings changed');
        return { width, text };
      });
    },

    async status() {
      // Behind any job in progress: many printers take one connection at a time.
      const link = await serial(() => transport.status());
      return {
        state: link.ok ? 'ready' : 'error',
        ...(link.detail ? { detail: link.detail } : {}),
        ...(link.reason ? { reason: link.reason } : {}),
        ...(link.paperNearEnd !== undefined ? { paperNearEnd: link.paperNearEnd } : {}),
        transport: transport.kind,
        text,
        width,
      };
    },
  };
}
