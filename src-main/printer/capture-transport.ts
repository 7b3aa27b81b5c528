import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrinterProblem } from '../../src-shared/schemas/printer-problem.js';
import { createLogger } from '../logger.js';
import { fileTime, printFailure, type JobLabel, type PrinterTransport } from './transport.js';

const log = createLogger('printer.capture');

export interface CaptureTransportOptions {
  /** Folder for the captured jobs; created when missing. */
  dir: string;
  /** Simulates a broken printer: every job fails, for `reason` (`true`: `unknown`, a paper jam). */
  fail: boolean | PrinterProblem;
}

async function writeNew(file: string, data: Buffer | string): Promise<void> {
  await writeFile(file, data, { flag: 'wx' });
}

/**
 * A printer that records instead of printing: each job's exact ESC/POS bytes go to
 * `<dir>/<time>-<name>.bin`, with a `.json` beside it describing the job. Tests and the demo
 * read these files; feeding a `.bin` to a real printer prints the same paper.
 */
export function createCaptureTransport(options: CaptureTransportOptions): PrinterTransport {
  const failReason: PrinterProblem | undefined =
    options.fail === false ? undefined : options.fail === true ? 'unknown' : options.fail;
  return {
    kind: 'capture',
    async send(bytes: Buffer, label: JobLabel) {
      if (failReason) {
        log.warn({ job: label.name, reason: failReason }, 'capture printer set to fail: job refused');
        throw printFailure(
          failReason,
          `The printer did not print (simulated: ${options.fail === true ? 'paper jam' : failReason})`,
        );
      }
      try {
        await mkdir(options.dir, { recursive: true });
        const stem = `${fileTime(new Date())}-${label.name}`;
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
        const record = { jobId, bytes: bytes.length, ...label.record };
        await writeFile(path.join(options.dir, `${jobId}.json`), `${JSON.stringify(record, null, 2)}\n`);
        log.info({ jobId, bytes: bytes.length }, 'job captured');
        return { jobId };
      } catch (error) {
        log.error({ err: error, dir: options.dir }, 'job capture failed');
        throw printFailure('unknown', `The job could not be saved in ${options.dir}`, error);
      }
    },

    async status() {
      if (failReason) return { ok: false, reason: failReason, detail: 'capture printer set to fail (simulated)' };
      try {
        await mkdir(options.dir, { recursive: true });
        await access(options.dir, constants.W_OK);
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: 'unknown', detail: `capture folder not writable: ${(error as Error).message}` };
      }
    },
  };
}
