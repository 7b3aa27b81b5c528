import type { LawArticle, LawCommentCounts, StanceCounts } from '../../../src-shared/schemas/law.js';

export { useAllCommentCounts, useCommentCounts, useLaw, useLawArticles, useLaws } from '../../data/hooks.js';
export type { LawCommentCounts, StanceCounts };
export type ReaderArticle = LawArticle;

export function stanceTotal(c: StanceCounts | undefined): number {
  return c ? c.for + c.against + c.neutral : 0;
}
