import { randomUUID } from 'node:crypto';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { migrationApplication, petition } from '../../faults/support/submissions.js';
import { sealSubmission, type UnsealedSubmission } from '../../unit/server/helpers.js';

/**
 * `count` submissions sealed exactly as a kiosk seals them (petitions and migration applications
 * mixed by `random`), from kiosk `kioskCode` with tracking sequences from `firstSeq`. Benches seal
 * ahead so that the client's cost is not in what they time.
 */
export async function preSealed(
  kioskCode: string,
  firstSeq: number,
  count: number,
  random: () => number,
): Promise<Submission[]> {
  const items: Submission[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(random() * 1_000_000);
    const input = random() < 0.5 ? petition(n) : migrationApplication(n);
    const common = {
      idempotencyKey: randomUUID(),
      trackingNo: makeTrackingNumber(kioskCode, firstSeq + i).text,
      kioskCode,
      createdAt: new Date().toISOString(),
      lang: input.lang,
      channel: input.channel,
    };
    items.push(await sealSubmission({ ...common, ...input.fields } as UnsealedSubmission, input.personal));
  }
  return items;
}
