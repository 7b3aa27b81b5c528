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
  })
  .refine((l) => l.commentWindow.opens <= l.commentWindow.closes, {
    message: 'commentWindow.opens must not be after commentWindow.closes',
    path: ['commentWindow'],
  });
export type Law = z.infer<typeof lawSchema>;

export const lawItemSchema = z.object({ number: z.string().regex(/^\d+(\.\d+)*$/), text: localizedTextSchema });

/** хэсэг (paragraph, "3.1.") with its заалт (sub-paragraphs, "3.1.1."). */
export const lawParagraphSchema = z.object({
  number: z.string().regex(/^\d+(\.\d+)*$/),
  text: localizedTextSchema,
  items: z.array(lawItemSchema).default([]),
});

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
  })
  .refine((a) => a.id === `${a.lawId}.${a.number}`, { message: 'id must be "<lawId>.<number>"', path: ['id'] });
export type LawArticle = z.infer<typeof lawArticleSchema>;
