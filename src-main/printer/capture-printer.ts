import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { BridgeError } from '../bridge/bridge-error.js';
import { createLogger } from '../logger.js';
import type { ReceiptJob, ReceiptPrinter } from './printer.js';
import { buildReceiptBytes, type ReceiptKiosk } from './receipt-layout.js';

const log = createLogger('printer.capture');

export interface CapturePrinterOptions {
  /** Folder for the captured jobs; created when missing. */
  dir: string;
  width: 32 | 48;
  /** Simulates a jammed printer: every job fails with `printer_error`. */
  fail: boolean;
  kiosk: ReceiptKiosk;
}

/** `2026-11-26T06-05-00.123Z`: ISO time with `:` replaced, which Windows does not allow in file names. */
function fileTime(date: Date): string {
  return date.toISOString().replace(/:/g, '-');
}

async function writeNew(file: string, data: Buffer | string): Promise<void> {
  await writeFile(file, data, { flag: 'wx' });
}

/**
 * A printer that records instead of printing: each job's exact ESC/POS bytes go to
 * `<dir>/<time>-<trackingNo>.bin`, with a `.json` beside it describing the job. Tests and the
 * demo read these files; feeding a `.bin` to a real printer prints the same receipt.
 */
export function createCapturePrinter(options: CapturePrinterOptions): ReceiptPrinter {
  return {
    async print(job: ReceiptJob) {
      if (options.fail) {
        log.warn({ trackingNo: job.trackingNo }, 'capture printer set to fail: job refused');
        throw new BridgeError('printer_error', 'The printer did not print (simulated paper jam)');
      }
      const bytes = buildReceiptBytes(job, options.kiosk, { width: options.width });
      const parsed = parseTrackingNumber(job.trackingNo);
      const trackingNo = parsed.ok ? parsed.value.text : 'unknown';
      try {
        await mkdir(options.dir, { recursive: true });
        const stem = `${fileTime(new Date())}-${trackingNo}`;
        let jobId = stem;
        for (let n = 2; ; n++) {
          try {
            await writeNew(path.join(options.dir, `${jobId}.bin`), bytes);
            break;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 99) throw error;
            jobId = `${stem}-${n}`;
          }
        }
        const record = { jobId, bytes: bytes.length, job };
        await writeFile(path.join(options.dir, `${jobId}.json`), `${JSON.stringify(record, null, 2)}\n`);
        log.info({ jobId, bytes: bytes.length }, 'receipt captured');
        return { jobId, bytes: bytes.length };
      } catch (error) {
        log.error({ err: error, dir: options.dir }, 'receipt capture failed');
        throw new BridgeError('printer_error', `The receipt could not be saved in ${options.dir}`, { cause: error });
      }
    },

    async status() {
      if (options.fail) return { state: 'error', detail: 'capture printer set to fail (simulated paper jam)' };
      try {
        await mkdir(options.dir, { recursive: true });
        await access(options.dir, constants.W_OK);
        return { state: 'ready' };
      } catch (error) {
        return { state: 'error', detail: `capture folder not writable: ${(error as Error).message}` };
      }
    },
  };
}
