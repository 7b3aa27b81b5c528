import { Socket } from 'node:net';
import { createLogger } from '../logger.js';
import * as escpos from './escpos.js';
import { interpretStatus, isStatusByte } from './printer-status.js';
import {
  fileTime,
  printFailure,
  problemOfErrno,
  type JobLabel,
  type LinkStatus,
  type PrinterTransport,
} from './transport.js';

const log = createLogger('printer.tcp');

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Longest wait for connecting, for each status answer and for each chunk to be taken. */
  timeoutMs: number;
  /** Ask `DLE EOT` before and after each job (off only for printers that never answer). */
  statusQueries: boolean;
}

/** `tcp://host:9100` → host and port. */
export function parseTcpUrl(url: string): { host: string; port: number } {
  const match = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(url);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) throw new Error(`not a printer address: ${url}`);
  return { host: match[1]!, port: Number(match[2]) };
}

const CHUNK = 4096;

/** One connection to the printer: bytes it sent back wait in `inbox` until a status query takes them. */
class Link {
  private inbox: number[] = [];
  private waiter: (() => void) | undefined;
  private closedBy: Error | undefined;

  constructor(
    readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (data: Buffer) => {
      this.inbox.push(...data);
      this.waiter?.();
    });
    const closed = (error?: Error) => {
      this.closedBy ??= error ?? Object.assign(new Error('the printer closed the connection'), { code: 'ECONNRESET' });
      this.waiter?.();
    };
    socket.on('error', closed);
    socket.on('close', () => closed());
  }

  static open(host: string, port: number, timeoutMs: number): Promise<Link> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(printFailure('timeout', `no answer from the printer at ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          printFailure(problemOfErrno(error), `cannot reach the printer at ${host}:${port}: ${error.message}`, error),
        );
      });
      socket.connect(port, host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new Link(socket, timeoutMs));
      });
    });
  }

  private failure(what: string) {
    return printFailure(
      problemOfErrno(this.closedBy),
      `the printer went away ${what}: ${this.closedBy?.message}`,
      this.closedBy,
    );
  }

  /** Writes `bytes`, waiting for each chunk to be taken; a stalled printer is a timeout. */
  async write(bytes: Buffer, what: string): Promise<void> {
    for (let at = 0; at < bytes.length; at += CHUNK) {
      if (this.closedBy) throw this.failure(what);
      const chunk = bytes.subarray(at, at + CHUNK);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              printFailure('timeout', `the printer stopped taking data ${what} (${at} of ${bytes.length} bytes sent)`),
            ),
          this.timeoutMs,
        );
        this.socket.write(chunk, (error) => {
          clearTimeout(timer);
          if (error) reject(printFailure(problemOfErrno(error), `sending failed ${what}: ${error.message}`, error));
          else resolve();
        });
      });
    }
  }

  /** The next byte the printer sends, or a timeout / disconnect failure. */
  async readByte(what: string): Promise<number> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const byte = this.inbox.shift();
      if (byte !== undefined) return byte;
      if (this.closedBy) throw this.failure(what);
      const left = deadline - Date.now();
      if (left <= 0) throw printFailure('timeout', `the printer did not answer the status query ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** `DLE EOT 1..4`, one at a time, each answered by one status byte. */
  async status(what: string): Promise<LinkStatus> {
    this.inbox = [];
    const answers: number[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      await this.write(escpos.statusQuery(n), what);
      let byte = await this.readByte(what);
      // Skip anything that is not a status byte (a stray automatic status from an earlier job).
      while (!isStatusByte(byte)) byte = await this.readByte(what);
      answers.push(byte);
    }
    const [printer, offlineCause, errorCause, paperSensor] = answers as [number, number, number, number];
    return interpretStatus({ printer, offlineCause, errorCause, paperSensor });
  }

  /** `graceful`: let what was written drain first; otherwise (a failed job) drop the link at once. */
  async close(graceful: boolean): Promise<void> {
    if (!graceful || this.closedBy || this.socket.destroyed) {
      this.socket.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.timeoutMs);
      this.socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.socket.destroy();
  }
}

/**
 * A network printer on its raw port (9100). One connection per job: connect, ask the real-time
 * status (paper, cover, offline) and send nothing if it is not ready, send the job, ask again
 * (a roll that ran out or a cable pulled mid-job is reported), close. Never a retry: a job that
 * failed half-way is reported and only a person prints it again.
 */
export function createTcpTransport(options: TcpTransportOptions): PrinterTransport {
  const where = `${options.host}:${options.port}`;
  return {
    kind: 'tcp',
    async send(bytes: Buffer, label: JobLabel) {
      const link = await Link.open(options.host, options.port, options.timeoutMs);
      let sent = false;
      try {
        if (options.statusQueries) {
          const before = await link.status('before the job');
          if (!before.ok) {
            log.warn({ where, reason: before.reason, job: label.name }, 'printer not ready: job not sent');
            throw printFailure(
              before.reason ?? 'unknown',
              `the printer is not ready (${before.detail}); nothing was sent`,
            );
          }
        }
        await link.write(bytes, 'during the job');
        if (options.statusQueries) {
          const after = await link.status('after the job');
          if (!after.ok) {
            log.warn({ where, reason: after.reason, job: label.name }, 'printer stopped during the job');
            throw printFailure(after.reason ?? 'unknown', `the printer stopped during the job (${after.detail})`);
          }
        }
        const jobId = `${fileTime(new Date())}-${label.name}`;
        log.info({ where, jobId, bytes: bytes.length }, 'job sent');
        sent = true;
        return { jobId };
      } finally {
        // A failed job is reported now, not after waiting for a stuck link to drain.
        await link.close(sent);
      }
    },
    async status() {
      let link: Link;
      try {
        link = await Link.open(options.host, options.port, options.timeoutMs);
      } catch (error) {
        return {
          ok: false,
          reason: (error as { reason?: LinkStatus['reason'] }).reason ?? 'unknown',
          detail: (error as Error).message,
        };
      }
      try {
        if (!options.statusQueries) return { ok: true, detail: 'connected (status queries are switched off)' };
        return await link.status('for the status check');
      } catch (error) {
        return {
          ok: false,
          reason: (error as { reason?: LinkStatus['reason'] }).reason ?? 'unknown',
          detail: (error as Error).message,
        };
      } finally {
        // Nothing was written that needs to drain.
        await link.close(false);
      }
    },
  };
}
