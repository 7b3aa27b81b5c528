import { debugHook, type TestHooksApi } from '../platform/app-events.js';
import type { KioskCore } from './kiosk-core.js';

/**
 * For fault and load tests only, and only when the kiosk config says `testHooks: true`:
 * lets a test queue many submissions through the real pipeline and read outbox counts,
 * without driving the form a thousand times.
 */
export function installTestHooks(core: KioskCore) {
  const api: TestHooksApi = {
    async queuePetitions(count: number, prefix = 'туршилт'): Promise<string[]> {
      const numbers: string[] = [];
      for (let i = 0; i < count; i++) {
        const entry = await core.submit(
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
    outboxCounts: () => core.outboxCounts(),
    syncNow: () => core.syncNow(),
    reportHealth: () => core.reportHealth(),
  };
  debugHook().api = api;
}
