import type { Readable, Writable } from 'node:stream';

/**
 * The Chrome DevTools Protocol over `--remote-debugging-pipe`: Chromium reads commands on its
 * fd 3 and writes answers and events on fd 4, each message JSON ended by a NUL byte. Only the
 * process that started Chromium holds these pipes, so no one else on the machine can drive it.
 */
export interface CdpPipe {
  send(method: string, params?: Record<string, unknown>, sessionId?: string, timeoutMs?: number): Promise<unknown>;
  on(listener: (method: string, params: Record<string, unknown>, sessionId: string | undefined) => void): void;
  /** Fails every pending call (the browser is gone). */
  close(reason: string): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function cdpPipe(toBrowser: Writable, fromBrowser: Readable): CdpPipe {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners: ((method: string, params: Record<string, unknown>, sessionId: string | undefined) => void)[] = [];
  let buffered = '';
  let closed: string | null = null;

  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\0')) !== -1) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      let message: {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
        sessionId?: string;
      };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        continue;
      }
      if (message.id !== undefined) {
        const call = pending.get(message.id);
        if (!call) continue;
        pending.delete(message.id);
        clearTimeout(call.timer);
        if (message.error) call.reject(new Error(message.error.message));
        else call.resolve(message.result);
      } else if (message.method) {
        for (const listener of listeners) listener(message.method, message.params ?? {}, message.sessionId);
      }
    }
  });
  toBrowser.on('error', () => undefined);

  return {
    send(method, params = {}, sessionId, timeoutMs = 10_000) {
      if (closed !== null) return Promise.reject(new Error(closed));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
      });
    },
    on(listener) {
      listeners.push(listener);
    },
    close(reason) {
      closed = reason;
      for (const call of pending.values()) {
        clearTimeout(call.timer);
        call.reject(new Error(reason));
      }
      pending.clear();
    },
  };
}
