import type { HearingSignupRow } from '../../src-shared/console/hearings-api.js';
import { hearingSchema } from '../../src-shared/schemas/open-data.js';
import type { Database } from '../db/database.js';

/**
 * Every published hearing (of `aimagCode`, or all) with its number of kiosk sign-ups, soonest
 * first. The count is one grouped query over the partial index `submissions_hearing`; a sign-up
 * for a hearing since removed from the open data is still counted on the case list, not here.
 */
export async function hearingSignupCounts(db: Database, aimagCode: string | null): Promise<HearingSignupRow[]> {
  let records = db
    .selectFrom('open_data_records')
    .select(['id', 'data'])
    .where('dataset', '=', 'hearing')
    .where('data', 'is not', null);
  if (aimagCode !== null) records = records.where('aimag', '=', aimagCode);
  const rows = await records.execute();
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('submissions')
    .select(['hearing_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('hearing_id', 'is not', null)
    .where('kind', '=', 'hearing_signup')
    .groupBy('hearing_id')
    .execute();
  const byHearing = new Map(counts.map((c) => [c.hearing_id, Number(c.n)]));
  const out: HearingSignupRow[] = [];
  for (const row of rows) {
    const parsed = hearingSchema.safeParse(JSON.parse(row.data ?? 'null'));
    if (!parsed.success) continue;
    const h = parsed.data;
    out.push({
      hearingId: h.id,
      aimag: h.aimag,
      soum: h.soum,
      organiser: h.organiser,
      topic: h.topic,
      startsAt: h.startsAt,
      place: h.place,
      signups: byHearing.get(h.id) ?? 0,
    });
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.hearingId.localeCompare(b.hearingId));
}
