import { constants } from 'node:fs';
import { access, open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../logger.js';
import { fileTime, printFailure, problemOfErrno, type JobLabel, type PrinterTransport } from './transport.js';

const log = createLogger('printer.usb');

export interface UsbTransportOptions {
  /** The device file, e.g. `/dev/usb/lp0`. */
  device: string;
  /**
   * Longest time the printer may take no data before the job is given up. A stall, not the whole
   * job: a long article on a slow printer is taken only as fast as it prints.
   */
  timeoutMs: number;
}

const CHUNK = 4096;
/** Pause before trying again when the device's buffer is full (`EAGAIN`). */
const BUSY_PAUSE_MS = 20;

/**
 * A USB printer through its device file, with our own open-write-close instead of a library's
 * file interface (which retries for minutes and can print a stale receipt when the printer is
 * plugged back). The file is opened non-blocking and never created; when the printer stops
 * taking data for `timeoutMs` the job ends with `timeout`, the rest is dropped, and nothing is
 * kept to be sent later. A USB printer cannot be asked for its status here, so failures show
 * as a missing device (`disconnected`) or a deadline passed (`timeout`).
 */
export function createUsbTransport(options: UsbTransportOptions): PrinterTransport {
  const { device, timeoutMs } = options;

  /** `progress.at`: when the printer last took bytes (the watchdog in `send` reads it too). */
  async function writeAll(handle: FileHandle, bytes: Buffer, progress: { at: number }): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      try {
        const { bytesWritten } = await handle.write(bytes, at, Math.min(CHUNK, bytes.length - at));
        at += bytesWritten;
        if (bytesWritten > 0) progress.at = Date.now();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
          throw printFailure(
            problemOfErrno(error),
            `writing to ${device} failed after ${at} of ${bytes.length} bytes`,
            error,
          );
        }
      }
      if (at < bytes.length && Date.now() - progress.at > timeoutMs) {
        throw printFailure('timeout', `${device} stopped taking data (${at} of ${bytes.length} bytes sent)`);
      }
      if (at < bytes.length) await sleep(BUSY_PAUSE_MS);
    }
  }

  async function job(bytes: Buffer, progress: { at: number }): Promise<void> {
    let handle: FileHandle;
    try {
      // O_NONBLOCK: a printer that takes nothing answers EAGAIN instead of hanging the thread;
      // no O_CREAT: a missing device is an error, never a new ordinary file.
      handle = await open(device, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      throw printFailure(problemOfErrno(error), `cannot open ${device}: ${(error as Error).message}`, error);
    }
    try {
      await writeAll(handle, bytes, progress);
    } finally {
      await handle.close().catch((error: unknown) => log.warn({ err: error, device }, 'closing the device failed'));
    }
  }

  return {
    kind: 'usb',
    async send(bytes: Buffer, label: JobLabel) {
      // A driver that blocks despite O_NONBLOCK still cannot hold the kiosk: a watchdog gives up
      // when no bytes have gone for a second longer than the stall timeout.
      const progress = { at: Date.now() };
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setInterval(() => {
          if (Date.now() - progress.at > timeoutMs + 1000)
            reject(printFailure('timeout', `${device} took no data for ${timeoutMs} ms`));
        }, 250);
      });
      const running = job(bytes, progress);
      // Whatever the job does after losing the race is logged, never left unhandled.
      running.catch((error: unknown) => log.debug({ err: error, device }, 'job ended after its deadline'));
      try {
        await Promise.race([running, deadline]);
      } finally {
        clearInterval(timer);
      }
      const jobId = `${fileTime(new Date())}-${label.name}`;
      log.info({ device, jobId, bytes: bytes.length }, 'job written');
      return { jobId };
    },
    async status() {
      try {
        await access(device, constants.W_OK);
        return { ok: true };
      } catch (error) {
        const reason = problemOfErrno(error);
        return { ok: false, reason, detail: `${device}: ${(error as Error).message}` };
      }
    },
  };
}
