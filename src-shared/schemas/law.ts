import { z } from 'zod';
import { localizedTextSchema } from './localized-text.js';

/** Parliament stages of a draft law, in order (REFERENCE.md). */
export const LAW_STAGES = [
  'drafting',
  'submitted',
  'debate_decision',
  'working_group',
  'first_reading',
  'final_reading',
  'adoption',
] as const;
export const lawStageSchema = z.enum(LAW_STAGES);
export type LawStage = z.infer<typeof lawStageSchema>;

export const lawIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'law id: lower-case Latin letters, digits and dashes');

export const lawItemSchema = z.object({ number: z.string().regex(/^\d+(\.\d+)*$/), text: localizedTextSchema });

/** хэсэг (paragraph, "3.1.") with its заалт (sub-paragraphs, "3.1.1."). */
export const lawParagraphSchema = z.object({
  number: z.string().regex(/^\d+(\.\d+)*$/),
  text: localizedTextSchema,
  items: z.array(lawItemSchema).default([]),
});
export type LawParagraph = z.infer<typeof lawParagraphSchema>;

/**
 * An article's text in one earlier version of the law. History is kept in Mongolian only, so
 * these texts usually carry `mn` alone.
 */
export const earlierArticleTextSchema = z.object({
  version: z.int().min(1),
  title: localizedTextSchema,
  paragraphs: z.array(lawParagraphSchema),
});
export type EarlierArticleText = z.infer<typeof earlierArticleTextSchema>;

/**
 * A draft law's metadata and table of contents. Its articles are separate content entities
 * (`law-article`), so that editing one article sends one article, not the whole law.
 */
export const lawSchema = z
  .object({
    id: lawIdSchema,
    version: z.int().min(1),
    title: localizedTextSchema,
    initiator: localizedTextSchema,
    stage: lawStageSchema,
    /** Dates in Mongolia (YYYY-MM-DD); comments are taken from `opens` to the end of `closes`. */
    commentWindow: z.object({ opens: z.iso.date(), closes: z.iso.date() }),
    summary: localizedTextSchema,
    chapters: z
      .array(
        z.object({
          number: z.int().min(1),
          title: localizedTextSchema,
          /** Article numbers in this chapter, in order. */
          articles: z.array(z.int().min(1)).min(1),
        }),
      )
      .min(1),
    attachments: z.array(z.object({ title: localizedTextSchema, href: z.string().min(1) })).default([]),
    changelog: z
      .array(z.object({ version: z.int().min(1), date: z.iso.date(), note: localizedTextSchema }))
      .default([]),
    /**
     * Articles earlier versions had and the current text does not, so "what changed" can show
     * them (see src-shared/law-diff.ts). Derived from `history/v<N>.md` when the law is
     * published: one entry per earlier version the article existed in, so the entry with the
     * highest `version` of a number is the last version it existed in.
     */
    removedArticles: z
      .array(
        z.object({
          number: z.int().min(1),
          /** A version in which the article existed with this text. */
          version: z.int().min(1),
          title: localizedTextSchema,
          paragraphs: z.array(lawParagraphSchema),
        }),
      )
      .default([]),
  })
  .refine((l) => l.commentWindow.opens <= l.commentWindow.closes, {
    message: 'commentWindow.opens must not be after commentWindow.closes',
    path: ['commentWindow'],
  });
export type Law = z.infer<typeof lawSchema>;

export const lawArticleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}\.\d{1,4}$/, 'article id: <law id>.<article number>');

/** зүйл (article): `<law id>.<number>`, e.g. `petitions-law.12`. */
export const lawArticleSchema = z
  .object({
    id: lawArticleIdSchema,
    lawId: lawIdSchema,
    number: z.int().min(1),
    chapter: z.int().min(1),
    title: localizedTextSchema,
    paragraphs: z.array(lawParagraphSchema).min(1),
    /** The law version in which this article last changed. */
    changedInVersion: z.int().min(1),
    /**
     * This article's text in every earlier version before `changedInVersion` in which it existed
     * (versions from `changedInVersion` on have the current text). A version before
     * `changedInVersion` with no entry is one in which the article did not exist: it was added
     * later. Derived from `history/v<N>.md` when the law is published.
     */
    earlier: z.array(earlierArticleTextSchema).default([]),
  })
  .refine((a) => a.id === `${a.lawId}.${a.number}`, { message: 'id must be "<lawId>.<number>"', path: ['id'] });
export type LawArticle = z.infer<typeof lawArticleSchema>;

/** How many comments took each stance. */
export const stanceCountsSchema = z.object({
  for: z.int().min(0),
  against: z.int().min(0),
  neutral: z.int().min(0),
});
export type StanceCounts = z.infer<typeof stanceCountsSchema>;

/**
 * The public comments a law has received, counted by stance, as the server publishes them back
 * to kiosks (content type `law-comment-counts`, one entity per law, id = the law's id). Counts
 * cover every version of the law; `whole` counts comments on the law as a whole (no article),
 * `articles` those on each article, keyed by the article number as a string (only articles
 * with comments appear). Derived from stored submissions, so it is the same whichever kiosk
 * delivered a comment, and a resent comment never counts twice.
 */
export const lawCommentCountsSchema = z.object({
  id: lawIdSchema,
  lawId: lawIdSchema,
  /** When the newest comment counted here reached the server. */
  updatedAt: z.iso.datetime({ offset: true }),
  total: stanceCountsSchema,
  whole: stanceCountsSchema,
  articles: z.record(z.string().regex(/^[1-9]\d{0,3}$/), stanceCountsSchema),
});
export type LawCommentCounts = z.infer<typeof lawCommentCountsSchema>;
