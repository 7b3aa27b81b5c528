import type { z } from 'zod';
import type { ContentType } from '../../src-shared/protocol.js';
import { categorySchema, formSchema, serviceSchema } from '../../src-shared/schemas/content.js';

/** The schema each content type must pass before it is published; kiosks check the same ones. */
export const entitySchemas: Readonly<Record<ContentType, z.ZodType<{ id: string }>>> = {
  category: categorySchema,
  service: serviceSchema,
  form: formSchema,
};
