import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { submissionBatchSchema, type SubmissionBatchResponse } from '../../src-shared/protocol.js';
import { FAULT_CRASH_EXIT_CODE, type FaultOptions } from '../config.js';
import type { Database } from '../db/database.js';
import { sendError } from '../http/error-replies.js';
import { requireKiosk } from '../http/kiosk-auth.js';
import type { ServerMetrics } from '../ops/metrics.js';
import type { EnvelopeOpener } from '../submissions/envelope-opener.js';
import { acceptSubmissions, batchHttpStatus } from '../submissions/accept-batch.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { diskGuardHook, type DiskGuard } from '../ops/disk-guard.js';

export interface SubmissionsBatchRouteOptions {
  db: Database;
  /** Opens the sealed personal data (the submission-encryption private key). */
  submissionKey: KeyObject;
  now?: () => Date;
  faults?: FaultOptions;
  /** Opens the envelopes (worker threads); default: on the request's thread. */
  opener?: EnvelopeOpener;
  /** Counts each item's result (accepted, conflict, rejected) as acceptSubmissions answered it. */
  metrics?: ServerMetrics;
  /** Refuses pushes (507 `disk_nearly_full`) while the data disk is nearly full; none: no look. */
  diskGuard?: DiskGuard;
}

/** `POST /submissions/batch`: the kiosk's outbox push, answered item by item. */
export function registerSubmissionsBatchRoute(
  app: FastifyInstance,
  { db, submissionKey, now, faults = {}, metrics, opener, diskGuard }: SubmissionsBatchRouteOptions,
): void {
  // onRequest: after the credential check, before the body is read.
  const onRequest = diskGuard ? [diskGuardHook(diskGuard)] : [];
  app.post('/submissions/batch', { onRequest }, async (request, reply) => {
    const batch = submissionBatchSchema.safeParse(request.body);
    if (!batch.success) return sendError(reply, 400, 'invalid_request', formatZodIssues(batch.error));
    const kiosk = requireKiosk(request);
    const { results, stored, countsPublished, pushRecorded } = await acceptSubmissions(db, kiosk, batch.data.items, {
      privateKey: submissionKey,
      now,
      opener,
    });
    // The contact hook need not write the push time again (see kiosks/kiosk-contact.ts).
    request.pushRecorded = pushRecorded;
    metrics?.countSubmissionResults(batch.data.items, results, stored);
    const status = batchHttpStatus(results);
    request.log.info(
      {
        kiosk: kiosk.kioskCode,
        items: results.length,
        stored,
        ...(countsPublished.length > 0 ? { countsPublished } : {}),
        status,
        results: results.map((r) => (r.result === 'accepted' ? r.result : `${r.result}:${r.error.code}`)),
      },
      'submission batch',
    );
    const crash = faults.crashAfterCommit;
    if (stored > 0 && crash !== undefined && crash > 0 && Math.random() < crash) {
      // Test-only (TSONKH_FAULT_CRASH_AFTER_COMMIT): committed, but the kiosk never hears so.
      request.log.fatal(
        { exitCode: FAULT_CRASH_EXIT_CODE },
        'fault injection: crashing after commit, before the reply',
      );
      process.exit(FAULT_CRASH_EXIT_CODE);
    }
    const body: SubmissionBatchResponse = { results };
    return reply.code(status).send(body);
  });
}
