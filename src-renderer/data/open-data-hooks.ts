import type { OpenDataset } from '../../src-shared/schemas/open-data.js';
import { useDb } from './data-context.js';
import type { OpenDataEntry } from './db.js';
import { openDataFor } from './open-data-repo.js';
import { useLiveQuery } from './use-live-query.js';

/** A dataset's record as a screen sees it (the checked record, without the store's bookkeeping). */
export type OpenDataOf<D extends OpenDataset> = OpenDataEntry<D>['data'];

/**
 * The open-data records of one dataset for a place (an aimag code, or a soum code), live: a page
 * applied by the open-data sync re-renders the screen. `undefined` until read.
 */
export function useOpenData<D extends OpenDataset>(
  type: D,
  place: { aimag: string } | { soum: string },
): OpenDataOf<D>[] | undefined {
  const db = useDb();
  const key = 'soum' in place ? `soum:${place.soum}` : `aimag:${place.aimag}`;
  return useLiveQuery(
    async () => (await openDataFor(db, type, place)).map((e) => e.data as OpenDataOf<D>),
    // The place is compared by its code: a new object for the same place reads nothing new.
    [db, type, key],
    undefined,
  );
}

/** One record by its id, or null when this kiosk has none (withdrawn, or another aimag's). */
export function useOpenRecord<D extends OpenDataset>(type: D, id: string): OpenDataOf<D> | null | undefined {
  const db = useDb();
  return useLiveQuery(
    async () => ((await db.openData.get([type, id]))?.data as OpenDataOf<D> | undefined) ?? null,
    [db, type, id],
    undefined,
  );
}

/** What the aimag's map draws: borders, licence areas, protected areas and environment notices; undefined until read. */
export function useAimagMap(aimag: string):
  | {
      boundaries: OpenDataOf<'boundary'>[];
      licences: OpenDataOf<'licence'>[];
      protectedAreas: OpenDataOf<'protected-area'>[];
      notices: OpenDataOf<'environment-notice'>[];
    }
  | undefined {
  const db = useDb();
  return useLiveQuery(
    async () => {
      const [boundaries, licences, protectedAreas, notices] = await Promise.all([
        openDataFor(db, 'boundary', { aimag }),
        openDataFor(db, 'licence', { aimag }),
        openDataFor(db, 'protected-area', { aimag }),
        openDataFor(db, 'environment-notice', { aimag }),
      ]);
      return {
        boundaries: boundaries.map((e) => e.data),
        licences: licences.map((e) => e.data),
        protectedAreas: protectedAreas.map((e) => e.data),
        notices: notices.map((e) => e.data),
      };
    },
    [db, aimag],
    undefined,
  );
}
