import type { PrinterProblem } from '../../src-shared/schemas/printer-problem.js';

/**
 * The one way printing fails: the job did not reach paper, and `reason` says why in words the
 * renderer can put to the citizen (paper out, cover open, no link…). The bridge turns it into
 * `printer_error` with the same reason.
 */
export class PrinterError extends Error {
  override name = 'PrinterError';

  constructor(
    readonly reason: PrinterProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
