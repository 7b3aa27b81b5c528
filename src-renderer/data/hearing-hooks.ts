import type { OpenDataEntry } from './db.js';
import { useDb } from './data-context.js';
import { openDataFor } from './open-data-repo.js';
import { useLiveQuery } from './use-live-query.js';

export type HearingEntry = OpenDataEntry<'hearing'>;

/**
 * The public hearings this kiosk carries for its aimag (every soum's: the screen puts its own
 * soum's first), live as open-data pages arrive; undefined until read.
 */
export function useHearings(aimag: string): HearingEntry[] | undefined {
  const db = useDb();
  return useLiveQuery(() => openDataFor(db, 'hearing', { aimag }), [db, aimag], undefined);
}

/** One hearing by its id; null when this kiosk does not carry it (withdrawn, or another aimag's). */
export function useHearing(hearingId: string): HearingEntry | null | undefined {
  const db = useDb();
  return useLiveQuery(
    async () => ((await db.openData.get(['hearing', hearingId])) as HearingEntry | undefined) ?? null,
    [db, hearingId],
    undefined,
  );
}
