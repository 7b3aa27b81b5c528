import net, { type Socket } from 'node:net';

/**
 * A small TCP proxy that makes a bad rural link on loopback (netem is not available here):
 * added latency, a bandwidth cap, a connection cut after N bytes, a black hole (accepts and
 * never answers), or an immediate reset. Counts the bytes that cross it in each direction.
 */
export interface FaultMode {
  /** One-way delay added to every chunk, in ms. */
  latencyMs?: number;
  /** Cap on each direction, bytes per second. */
  bytesPerSecond?: number;
  /** Cut the connection once this many bytes have gone down (server → client) on it. */
  cutAfterDownBytes?: number | (() => number);
  /** Accept connections and never forward or answer anything. */
  blackHole?: boolean;
  /** Reset every new connection at once. */
  reset?: boolean;
}

export interface FaultProxy {
  port: number;
  url: string;
  mode: FaultMode;
  stats: { connections: number; up: number; down: number; cuts: number };
  resetStats(): void;
  /** Cuts whichever connection carries the next `bytes`-th downstream byte, once. */
  cutOnceAfter(bytes: number): void;
  /** Flips one bit of the `bytes`-th downstream byte from now (counted over all connections), once. */
  corruptOnceAfter(bytes: number): void;
  close(): Promise<void>;
}

/** `allow(n)` says how many of the next n bytes may pass; fewer than n cuts the link after them. */
function pipeSlowly(
  from: Socket,
  to: Socket,
  mode: () => FaultMode,
  allow: (n: number) => number,
  cut: () => void,
  alter: (part: Buffer) => Buffer = (part) => part,
): void {
  let chain = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    from.pause();
    chain = chain.then(async () => {
      const m = mode();
      // A link that goes dead takes its open connections with it, not only new ones.
      if (m.blackHole) {
        if (!from.destroyed) from.resume();
        return;
      }
      if (m.reset) {
        from.resetAndDestroy();
        to.resetAndDestroy();
        return;
      }
      if (m.latencyMs) await new Promise((r) => setTimeout(r, m.latencyMs));
      for (let offset = 0; offset < chunk.length;) {
        const slice = m.bytesPerSecond
          ? Math.max(1, Math.min(chunk.length - offset, Math.ceil(m.bytesPerSecond / 20)))
          : chunk.length;
        const part = chunk.subarray(offset, offset + slice);
        offset += slice;
        const allowed = allow(part.length);
        if (!to.destroyed && allowed > 0) to.write(alter(part.subarray(0, allowed)));
        if (allowed < part.length) {
          // Let the partial write reach the kernel before the connection drops.
          await new Promise((r) => setImmediate(r));
          cut();
          return;
        }
        if (m.bytesPerSecond) await new Promise((r) => setTimeout(r, (slice / m.bytesPerSecond!) * 1000));
      }
      if (!from.destroyed) from.resume();
    });
  });
  from.on('end', () => void chain.then(() => to.end()));
}

export async function startFaultProxy(
  target: { host: string; port: number },
  initial: FaultMode = {},
): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let onceBudget: number | null = null;
  let corruptIn: number | null = null;
  const corrupt = (part: Buffer): Buffer => {
    if (corruptIn === null) return part;
    if (corruptIn >= part.length) {
      corruptIn -= part.length;
      return part;
    }
    const copy = Buffer.from(part);
    copy[corruptIn] = copy[corruptIn]! ^ 0x01;
    corruptIn = null;
    return copy;
  };
  const proxy: FaultProxy = {
    port: 0,
    url: '',
    mode: { ...initial },
    stats: { connections: 0, up: 0, down: 0, cuts: 0 },
    resetStats() {
      proxy.stats = { connections: 0, up: 0, down: 0, cuts: 0 };
    },
    cutOnceAfter(bytes) {
      onceBudget = bytes;
    },
    corruptOnceAfter(bytes) {
      corruptIn = bytes;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    proxy.stats.connections++;
    const mode = proxy.mode;
    if (mode.reset) {
      client.resetAndDestroy();
      return;
    }
    if (mode.blackHole) return; // held open, silent, until the client gives up
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    const limit = typeof mode.cutAfterDownBytes === 'function' ? mode.cutAfterDownBytes() : mode.cutAfterDownBytes;
    let down = 0;
    const cut = () => {
      proxy.stats.cuts++;
      client.destroy();
      upstream.destroy();
    };
    pipeSlowly(
      client,
      upstream,
      () => proxy.mode,
      (n) => {
        proxy.stats.up += n;
        return n;
      },
      cut,
    );
    pipeSlowly(
      upstream,
      client,
      () => proxy.mode,
      (n) => {
        let allowed = limit === undefined ? n : Math.max(0, Math.min(n, limit - down));
        if (onceBudget !== null) {
          allowed = Math.min(allowed, onceBudget);
          onceBudget = allowed < n ? null : onceBudget - allowed;
        }
        down += allowed;
        proxy.stats.down += allowed;
        return allowed;
      },
      cut,
      corrupt,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  proxy.port = typeof addr === 'object' && addr ? addr.port : 0;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}
