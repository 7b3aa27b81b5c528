import { z } from 'zod';
import { healthEventSchema } from '../schemas/health-report.js';

/**
 * The renderer's part of a technician's diagnostics bundle (issue 17): numbers, states and the
 * health history only. Nothing free-form a citizen typed fits in it: the outbox is counted, never
 * listed, and refusal reasons stay on the kiosk (a server's reason may quote a field).
 */
export const diagnosticsRendererSchema = z
  .object({
    outbox: z
      .object({
        queued: z.int().min(0),
        sending: z.int().min(0),
        quarantined: z.int().min(0),
        accepted: z.int().min(0),
        oldestWaitingAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .strict(),
    contentCursor: z.int().min(0),
    statusCursor: z.int().min(0),
    lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
    online: z.boolean().nullable(),
    storage: z
      .object({ usage: z.number().min(0), quota: z.number().min(0), persisted: z.boolean() })
      .strict()
      .nullable(),
    healthEvents: z.array(healthEventSchema).max(500),
    userAgent: z.string().max(400),
  })
  .strict();
export type DiagnosticsRendererPart = z.infer<typeof diagnosticsRendererSchema>;

export const DIAGNOSTICS_FORMAT = 'tsonkh-diagnostics';
