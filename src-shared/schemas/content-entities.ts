import type { z } from 'zod';
import type { ContentType } from '../protocol.js';
import { categorySchema, formSchema, petitionCategorySchema, placeSchema, serviceSchema } from './content.js';
import { lawArticleSchema, lawCommentCountsSchema, lawSchema } from './law.js';
import { publicPetitionReportSchema } from './petition-report.js';

/** The schema each content type must pass: the server checks it before publishing, the kiosk before applying. */
export const contentEntitySchemas: Readonly<Record<ContentType, z.ZodType<{ id: string }>>> = {
  category: categorySchema,
  service: serviceSchema,
  form: formSchema,
  'petition-category': petitionCategorySchema,
  place: placeSchema,
  law: lawSchema,
  'law-article': lawArticleSchema,
  'law-comment-counts': lawCommentCountsSchema,
  'petition-report': publicPetitionReportSchema,
};
