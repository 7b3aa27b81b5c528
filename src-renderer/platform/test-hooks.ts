import type { TsonkhDb } from '../data/db.js';
import type { BridgeClient } from './bridge-client.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import { submitToOutbox } from '../sync/submit.js';
import { debugHook, type TestHooksApi } from './app-events.js';

/**
 * For fault and load tests only, and only when the kiosk config says `testHooks: true`:
 * lets a test queue many submissions through the real pipeline and read outbox counts,
 * without driving the form a thousand times.
 */
export function installTestHooks(ctx: { db: TsonkhDb; bridge: BridgeClient; info: KioskPublicInfo; sync: SyncEngine }) {
  const api: TestHooksApi = {
    async queuePetitions(count: number, prefix = 'туршилт'): Promise<string[]> {
      const numbers: string[] = [];
      for (let i = 0; i < count; i++) {
        const entry = await submitToOutbox(
          ctx,
          {
            lang: 'mn',
            channel: 'kiosk',
            title: { mn: 'Өргөдөл, гомдол' },
            fields: { kind: 'petition', petitionCategory: 'suggestion' },
            personal: { subject: `${prefix} ${i}`, text: `${prefix}: санал ${i}` },
          },
          { receiptSecret: false },
        );
        numbers.push(entry.trackingNo);
      }
      return numbers;
    },
    async outboxCounts(): Promise<Record<string, number>> {
      const rows = await ctx.db.outbox.toArray();
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return counts;
    },
    syncNow: () => ctx.sync.syncNow(),
    reportHealth: () => ctx.sync.health.reportNow(),
  };
  debugHook().api = api;
}
