// A worker thread that opens sealed envelopes for `EnvelopeOpener` (envelope-opener.ts): the same
// `openSealed`, on another core than the one answering HTTP. Started with the submission key in
// `workerData`; each message is one batch's envelopes, answered with their results in order.
import type { KeyObject } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { openSealed } from './open-sealed.js';
import type { OpenJob, OpenReply, OpenRequest } from './envelope-opener.js';

const { privateKey } = workerData as { privateKey: KeyObject };
const port = parentPort!;
port.on('message', ({ id, jobs }: OpenRequest) => {
  const reply: OpenReply = { id, results: jobs.map((job: OpenJob) => openSealed(job.sealed, job, privateKey)) };
  port.postMessage(reply);
});
