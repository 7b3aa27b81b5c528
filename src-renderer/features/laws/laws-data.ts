import type { Law, LawArticle, LawCommentCounts, StanceCounts } from '../../../src-shared/schemas/law.js';
import type { TsonkhDb } from '../../data/db.js';
import { useLiveQuery } from '../../data/use-live-query.js';

export type { LawCommentCounts, StanceCounts };
export type ReaderArticle = LawArticle;

export function useLaws(db: TsonkhDb): Law[] | undefined {
  return useLiveQuery(() => db.laws.toArray(), [db], undefined);
}

export function useLaw(db: TsonkhDb, lawId: string): Law | null | undefined {
  return useLiveQuery(async () => (await db.laws.get(lawId)) ?? null, [db, lawId], undefined);
}

/** A law's articles in article order. */
export function useLawArticles(db: TsonkhDb, lawId: string): LawArticle[] | undefined {
  return useLiveQuery(
    () => db.lawArticles.where('[lawId+number]').between([lawId, 0], [lawId, Infinity]).toArray(),
    [db, lawId],
    undefined,
  );
}

/** The server's counts for one law; undefined until the kiosk has synced any (the server sends them with the content). */
export function useCommentCounts(db: TsonkhDb, lawId: string): LawCommentCounts | undefined {
  return useLiveQuery(async () => db.lawCommentCounts.get(lawId), [db, lawId], undefined);
}

export function useAllCommentCounts(db: TsonkhDb): Map<string, LawCommentCounts> {
  return useLiveQuery(
    async () => new Map((await db.lawCommentCounts.toArray()).map((c) => [c.lawId, c])),
    [db],
    new Map(),
  );
}

export function stanceTotal(c: StanceCounts | undefined): number {
  return c ? c.for + c.against + c.neutral : 0;
}
