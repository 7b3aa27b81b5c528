import type { Category, Form, PetitionCategory, Place, Service } from '../../src-shared/schemas/content.js';
import type { Law, LawArticle, LawCommentCounts } from '../../src-shared/schemas/law.js';
import { PUBLIC_REPORT_ID, type PublicPetitionReport } from '../../src-shared/schemas/petition-report.js';
import { useDb } from './data-context.js';
import type { OutboxEntry } from './db.js';
import { allMeta, type MetaValues } from './meta.js';
import { useLiveQuery } from './use-live-query.js';

export type { OutboxEntry };

/**
 * The questions screens ask of the kiosk's store, by name. Each re-renders its screen when the
 * rows it read change (a content page applied, a submission accepted). `undefined`: not read yet.
 */

/** Service categories in display order. */
export function useCategories(): Category[] {
  const db = useDb();
  return useLiveQuery(() => db.categories.orderBy('order').toArray(), [db], []);
}

export function useServices(): Service[] {
  const db = useDb();
  return useLiveQuery(() => db.services.toArray(), [db], []);
}

export function useService(serviceId: string): Service | undefined {
  const db = useDb();
  return useLiveQuery(() => db.services.get(serviceId), [db, serviceId], undefined);
}

/** A service's form, once the service (and so its form id) is known. */
export function useForm(formId: string | undefined): Form | undefined {
  const db = useDb();
  return useLiveQuery(async () => (formId ? db.forms.get(formId) : undefined), [db, formId], undefined);
}

/** Aimags (with their soums) in display order. */
export function usePlaces(): Place[] {
  const db = useDb();
  return useLiveQuery(() => db.places.orderBy('order').toArray(), [db], []);
}

export function usePlace(placeId: string): Place | undefined {
  const db = useDb();
  return useLiveQuery(() => db.places.get(placeId), [db, placeId], undefined);
}

export function usePetitionCategories(): PetitionCategory[] {
  const db = useDb();
  return useLiveQuery(() => db.petitionCategories.orderBy('order').toArray(), [db], []);
}

/** The published national petition report with the places it names; undefined until read. */
export function usePetitionReport(): { report: PublicPetitionReport | undefined; places: Place[] } | undefined {
  const db = useDb();
  return useLiveQuery(
    async () => ({ report: await db.petitionReports.get(PUBLIC_REPORT_ID), places: await db.places.toArray() }),
    [db],
    undefined,
  );
}

export function useLaws(): Law[] | undefined {
  const db = useDb();
  return useLiveQuery(() => db.laws.toArray(), [db], undefined);
}

/** null: this kiosk has no such law. */
export function useLaw(lawId: string): Law | null | undefined {
  const db = useDb();
  return useLiveQuery(async () => (await db.laws.get(lawId)) ?? null, [db, lawId], undefined);
}

/** A law's articles in article order. */
export function useLawArticles(lawId: string): LawArticle[] | undefined {
  const db = useDb();
  return useLiveQuery(
    () => db.lawArticles.where('[lawId+number]').between([lawId, 0], [lawId, Infinity]).toArray(),
    [db, lawId],
    undefined,
  );
}

/** The server's counts for one law; undefined until the kiosk has synced any (the server sends them with the content). */
export function useCommentCounts(lawId: string): LawCommentCounts | undefined {
  const db = useDb();
  return useLiveQuery(async () => db.lawCommentCounts.get(lawId), [db, lawId], undefined);
}

export function useAllCommentCounts(): Map<string, LawCommentCounts> {
  const db = useDb();
  return useLiveQuery(
    async () => new Map((await db.lawCommentCounts.toArray()).map((c) => [c.lawId, c])),
    [db],
    new Map(),
  );
}

/** This kiosk's outbox entry for a receipt: its delivery state, live. */
export function useOutboxEntry(trackingNo: string): OutboxEntry | undefined {
  const db = useDb();
  return useLiveQuery(() => db.outbox.where('trackingNo').equals(trackingNo).first(), [db, trackingNo], undefined);
}

/** Submissions the server refused for good, for the technician. */
export function useQuarantined(): OutboxEntry[] {
  const db = useDb();
  return useLiveQuery(() => db.outbox.where('status').equals('quarantined').toArray(), [db], []);
}

/** Every `meta` value, typed by `MetaValues` (the technician screen shows several). */
export function useMeta(): Partial<MetaValues> {
  const db = useDb();
  return useLiveQuery(() => allMeta(db), [db], {});
}
