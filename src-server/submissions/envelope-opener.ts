import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SealedEnvelope } from '../../src-shared/schemas/submission.js';
import { REPO_ROOT } from '../config.js';
import { openSealed, type OpenSealedResult } from './open-sealed.js';

/** One envelope and what it is bound to (its AAD). */
export interface OpenJob {
  sealed: SealedEnvelope;
  idempotencyKey: string;
  trackingNo: string;
}

/** A message to a worker: one batch's envelopes. */
export interface OpenRequest {
  id: number;
  jobs: OpenJob[];
}

/** A worker's answer: the results in the order of the request's jobs. */
export interface OpenReply {
  id: number;
  results: OpenSealedResult[];
}

/**
 * Opens the envelopes of a batch (`openSealed`, ECDH + HKDF + AES-GCM): on the calling thread,
 * or on worker threads so that the process's main thread, which answers every request, keeps
 * its core for that (the opening is the largest single cost of a submission: about a quarter of
 * the server's CPU in the national load).
 */
export interface EnvelopeOpener {
  open(jobs: readonly OpenJob[]): Promise<OpenSealedResult[]>;
  /** Ends the worker threads (nothing for the calling-thread opener). */
  close(): Promise<void>;
}

/** Opens on the calling thread: tests, CLIs, and servers told to use no threads. */
export function inlineOpener(privateKey: KeyObject): EnvelopeOpener {
  return {
    open: (jobs) => Promise.resolve(jobs.map((job) => openSealed(job.sealed, job, privateKey))),
    close: () => Promise.resolve(),
  };
}

const WORKER_FILE = path.join(REPO_ROOT, 'src-server', 'submissions', 'open-worker.ts');

interface Thread {
  worker: Worker;
  /** Requests sent and not answered yet, by id. */
  pending: Map<number, { jobs: OpenJob[]; resolve: (results: OpenSealedResult[]) => void }>;
  /** Envelopes in those requests: work goes to the thread with the fewest. */
  queued: number;
  alive: boolean;
}

/**
 * Opens on `threads` worker threads (each with the key), every batch on the thread with the
 * least work waiting. A thread that fails is not used again; what it had not answered is opened
 * on the calling thread, so a batch never fails because of a thread (and with no thread left,
 * everything is). The workers load the TypeScript sources through tsx, as the server itself runs.
 */
export function threadOpener(
  privateKey: KeyObject,
  threads: number,
  onThreadLost?: (err: unknown) => void,
): EnvelopeOpener {
  const inline = inlineOpener(privateKey);
  let nextId = 0;
  const pool: Thread[] = [];
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(pathToFileURL(WORKER_FILE), {
      workerData: { privateKey },
      execArgv: workerExecArgv(),
    });
    // The threads never keep the process alive: the server's own close decides when it ends.
    worker.unref();
    const thread: Thread = { worker, pending: new Map(), queued: 0, alive: true };
    worker.on('message', ({ id, results }: OpenReply) => {
      const request = thread.pending.get(id);
      if (!request) return;
      thread.pending.delete(id);
      thread.queued -= request.jobs.length;
      request.resolve(results);
    });
    const lost = (err: unknown) => {
      if (!thread.alive) return;
      thread.alive = false;
      // What it still had is opened here, in order: each batch still gets its answer.
      for (const { jobs, resolve } of thread.pending.values()) void inline.open(jobs).then(resolve);
      thread.pending.clear();
      thread.queued = 0;
      onThreadLost?.(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`an envelope-opening thread exited (code ${code})`)));
    pool.push(thread);
  }
  let closed = false;
  return {
    open(jobs) {
      const live = pool.filter((t) => t.alive);
      if (jobs.length === 0 || live.length === 0 || closed) return inline.open(jobs);
      const thread = live.reduce((a, b) => (b.queued < a.queued ? b : a));
      const id = nextId++;
      const request: OpenRequest = {
        id,
        jobs: jobs.map(({ sealed, idempotencyKey, trackingNo }) => ({ sealed, idempotencyKey, trackingNo })),
      };
      return new Promise((resolve) => {
        thread.pending.set(id, { jobs: request.jobs, resolve });
        thread.queued += jobs.length;
        thread.worker.postMessage(request);
      });
    },
    async close() {
      closed = true;
      for (const t of pool) t.alive = false;
      await Promise.all(pool.map((t) => t.worker.terminate()));
    },
  };
}

/** The process's Node options for a worker (not its profiling), with tsx's loader for the TypeScript sources. */
function workerExecArgv(): string[] {
  const own = process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
  const hasTsx = own.some((a, i) => /^tsx(\/|$)/.test(a) && own[i - 1] === '--import');
  return hasTsx ? own : [...own, '--import', 'tsx'];
}
