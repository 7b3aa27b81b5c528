import { z } from 'zod';
import { localizedTextSchema } from './localized-text.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id: lower-case Latin letters, digits and dashes');

const fieldBase = {
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'field id: a letter, then letters, digits or _'),
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  required: z.boolean().default(false),
};

export const textFieldSchema = z
  .object({
    ...fieldBase,
    type: z.literal('text'),
    minLength: z.int().min(0).optional(),
    maxLength: z.int().min(1).max(5000).default(200),
    pattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'pattern: not a valid regular expression (Unicode mode)')
      .optional(),
    patternMessage: localizedTextSchema.optional(),
  })
  .refine((f) => f.minLength === undefined || f.minLength <= f.maxLength, {
    message: 'minLength must not exceed maxLength',
    path: ['minLength'],
  });
export const numberFieldSchema = z
  .object({
    ...fieldBase,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
    message: 'min must not exceed max',
    path: ['min'],
  });
export const dateFieldSchema = z.object({
  ...fieldBase,
  type: z.literal('date'),
  /** ISO dates (YYYY-MM-DD); `today` is resolved when validating. */
  min: z.union([z.iso.date(), z.literal('today')]).optional(),
  max: z.union([z.iso.date(), z.literal('today')]).optional(),
});
export const selectFieldSchema = z.object({
  ...fieldBase,
  type: z.literal('select'),
  options: z.array(z.object({ value: z.string().min(1), label: localizedTextSchema })).min(1),
});
export const registrationNumberFieldSchema = z.object({
  ...fieldBase,
  type: z.literal('registration_number'),
});
export const phoneFieldSchema = z.object({ ...fieldBase, type: z.literal('phone') });

export const formFieldSchema = z.discriminatedUnion('type', [
  textFieldSchema,
  numberFieldSchema,
  dateFieldSchema,
  selectFieldSchema,
  registrationNumberFieldSchema,
  phoneFieldSchema,
]);
export type FormField = z.infer<typeof formFieldSchema>;
export type FormFieldType = FormField['type'];

/** A form is versioned: a submission records the id and version it was filled with. */
export const formSchema = z
  .object({
    id: idSchema,
    version: z.int().min(1),
    title: localizedTextSchema,
    fields: z.array(formFieldSchema).min(1),
  })
  .refine((f) => new Set(f.fields.map((x) => x.id)).size === f.fields.length, {
    message: 'field ids must be unique within a form',
    path: ['fields'],
  });
export type Form = z.infer<typeof formSchema>;

export const serviceSchema = z.object({
  id: idSchema,
  category: idSchema,
  agency: localizedTextSchema,
  title: localizedTextSchema,
  description: localizedTextSchema,
  documents: z.array(localizedTextSchema).default([]),
  /** Fee in whole tögrög (₮); 0 means free. */
  feeMnt: z.int().min(0),
  processingTime: localizedTextSchema,
  whereToApply: localizedTextSchema,
  formId: idSchema.optional(),
});
export type Service = z.infer<typeof serviceSchema>;

export const categorySchema = z.object({
  id: idSchema,
  title: localizedTextSchema,
  icon: z.string().max(32).optional(),
  order: z.int().default(0),
});
export type Category = z.infer<typeof categorySchema>;
