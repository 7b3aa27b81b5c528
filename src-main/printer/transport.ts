import type { PrinterProblem } from '../../src-shared/schemas/printer-problem.js';
import { PrinterError } from './printer-error.js';

/** What the link to the printer says right now. */
export interface LinkStatus {
  ok: boolean;
  reason?: PrinterProblem;
  /** The roll is nearly used up (network printers that answer `DLE EOT 4`). */
  paperNearEnd?: boolean;
  detail?: string;
}

/** How one job is named where it is recorded (capture files, logs). */
export interface JobLabel {
  /** Short, file-name safe: a tracking number, `law`, `test-page`. */
  name: string;
  /** What the capture printer writes beside the bytes. */
  record: Record<string, unknown>;
}

/**
 * Moves finished ESC/POS bytes to a printer, once. A transport never retries and never keeps a
 * job for later: a failed receipt is reported, and only a person decides to print it again.
 */
export interface PrinterTransport {
  readonly kind: 'capture' | 'tcp' | 'usb';
  send(bytes: Buffer, label: JobLabel): Promise<{ jobId: string }>;
  status(): Promise<LinkStatus>;
}

/** The one way a transport fails: a PrinterError with a reason the renderer can word. */
export function printFailure(reason: PrinterProblem, message: string, cause?: unknown): PrinterError {
  return new PrinterError(reason, message, cause === undefined ? undefined : { cause });
}

/** A reason for an operating-system error on the link (socket or device file). */
export function problemOfErrno(error: unknown): PrinterProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
    case 'EIO':
      return 'disconnected';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return 'unknown';
  }
}

/** Job names in files: `2026-11-26T06-05-00.123Z` (Windows allows no `:` in file names). */
export function fileTime(date: Date): string {
  return date.toISOString().replace(/:/g, '-');
}
