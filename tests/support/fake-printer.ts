import { createServer, type Server, type Socket } from 'node:net';
import { commandLength } from './escpos-decoder.js';

/** How the fake printer answers `DLE EOT`. */
export type FakeState = 'healthy' | 'near_end' | 'paper_out' | 'cover_open' | 'offline' | 'silent';

export interface FakePrinterScript {
  /** State before any job byte arrived on a connection. */
  before?: FakeState;
  /** State once job bytes arrived (default: same as `before`). */
  after?: FakeState;
  /** Drop the connection once this many job bytes arrived (a cable pulled mid-job). */
  disconnectAfterBytes?: number;
  /** The fake closes itself after this long, so a forgotten one never holds a test run. */
  lifetimeMs?: number;
}

/** One TCP connection as the fake saw it: the job bytes (status queries removed) and the queries. */
export interface FakeConnection {
  job: Buffer;
  queries: number[];
}

export interface FakePrinter {
  url: string;
  port: number;
  connections: FakeConnection[];
  /** The job bytes of every connection that sent any, in order. */
  jobs(): Buffer[];
  stop(): Promise<void>;
}

/** Real-time status bytes `[n=1, n=2, n=3, n=4]` for each state (Epson bit layout). */
const ANSWERS: Record<Exclude<FakeState, 'silent'>, [number, number, number, number]> = {
  healthy: [0x12, 0x12, 0x12, 0x12],
  near_end: [0x12, 0x12, 0x12, 0x1e],
  paper_out: [0x1a, 0x32, 0x12, 0x72],
  cover_open: [0x1a, 0x16, 0x12, 0x12],
  offline: [0x1a, 0x52, 0x12, 0x12],
};

/**
 * A fake ESC/POS network printer on 127.0.0.1 (a free port): it splits what arrives into
 * commands, answers `DLE EOT n` as scripted, records everything else as the job, and can drop
 * the connection part-way through a job.
 */
export async function startFakePrinter(script: FakePrinterScript = {}): Promise<FakePrinter> {
  const connections: FakeConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const conn: FakeConnection = { job: Buffer.alloc(0), queries: [] };
    connections.push(conn);
    let pending = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      let at = 0;
      for (;;) {
        if (at >= pending.length) break;
        const length = commandLength(pending, at);
        if (length === undefined) break;
        const command = pending.subarray(at, at + length);
        at += length;
        if (command[0] === 0x10 && command[1] === 0x04) {
          const n = command[2]!;
          conn.queries.push(n);
          const state = (conn.job.length > 0 ? (script.after ?? script.before) : script.before) ?? 'healthy';
          if (state !== 'silent') socket.write(Buffer.from([ANSWERS[state][n - 1]!]));
          continue;
        }
        conn.job = Buffer.concat([conn.job, command]);
        if (script.disconnectAfterBytes !== undefined && conn.job.length >= script.disconnectAfterBytes) {
          socket.resetAndDestroy();
          return;
        }
      }
      pending = pending.subarray(at);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const port = (server.address() as { port: number }).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  setTimeout(() => void stop(), script.lifetimeMs ?? 30_000).unref();
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    connections,
    jobs: () => connections.map((c) => c.job).filter((j) => j.length > 0),
    stop,
  };
}
