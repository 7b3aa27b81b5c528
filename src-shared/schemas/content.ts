import { z } from 'zod';
import { localizedTextSchema } from './localized-text.js';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id: lower-case Latin letters, digits and dashes');

const fieldIdSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'field id: a letter, then letters, digits or _');

/** Show a field only when another field has one of the given values (e.g. "other" → explain). */
export const visibleWhenSchema = z.strictObject({
  field: fieldIdSchema,
  equals: z.union([z.string(), z.array(z.string()).min(1)]),
});

const fieldBase = {
  id: fieldIdSchema,
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  required: z.boolean().default(false),
  visibleWhen: visibleWhenSchema.optional(),
};

const optionsSchema = z
  .array(z.object({ value: z.string().min(1).max(64), label: localizedTextSchema }))
  .min(1)
  .refine((o) => new Set(o.map((x) => x.value)).size === o.length, 'option values must be unique');

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
export const longTextFieldSchema = z
  .object({
    ...fieldBase,
    type: z.literal('long_text'),
    minLength: z.int().min(0).optional(),
    maxLength: z.int().min(1).max(10_000).default(2000),
  })
  .refine((f) => f.minLength === undefined || f.minLength <= f.maxLength, {
    message: 'minLength must not exceed maxLength',
    path: ['minLength'],
  });
export const selectFieldSchema = z.object({ ...fieldBase, type: z.literal('select'), options: optionsSchema });
/** Like select, drawn as large buttons: for a handful of choices on a touch screen. */
export const radioFieldSchema = z.object({ ...fieldBase, type: z.literal('radio'), options: optionsSchema });
/** One yes/no box (value "yes" or empty); `required` means it must be ticked, e.g. consent. */
export const checkboxFieldSchema = z.object({ ...fieldBase, type: z.literal('checkbox') });
export const registrationNumberFieldSchema = z.object({
  ...fieldBase,
  type: z.literal('registration_number'),
});
export const phoneFieldSchema = z.object({ ...fieldBase, type: z.literal('phone') });
/** Aimag (or the capital) then soum (or district), by national statistics codes: value `83/8301`. */
export const placeFieldSchema = z.object({ ...fieldBase, type: z.literal('place') });

export const formFieldSchema = z.discriminatedUnion('type', [
  textFieldSchema,
  longTextFieldSchema,
  numberFieldSchema,
  dateFieldSchema,
  selectFieldSchema,
  radioFieldSchema,
  checkboxFieldSchema,
  registrationNumberFieldSchema,
  phoneFieldSchema,
  placeFieldSchema,
]);
export type FormField = z.infer<typeof formFieldSchema>;
export type FormFieldType = FormField['type'];

export const formSectionSchema = z.strictObject({
  id: fieldIdSchema,
  title: localizedTextSchema,
  fields: z.array(fieldIdSchema).min(1),
});

/**
 * A form is versioned: a submission records the id and version it was filled with.
 * Sections (optional) group fields into the steps the kiosk shows one at a time.
 */
export const formSchema = z
  .object({
    id: idSchema,
    version: z.int().min(1),
    title: localizedTextSchema,
    /**
     * What the kiosk sends when it is filled in: a service application (the default) or a rating
     * of the service (`service_feedback`), whose required `rating` field offers values 1–5.
     */
    kind: z.enum(['service_application', 'service_feedback']).optional(),
    fields: z.array(formFieldSchema).min(1),
    sections: z.array(formSectionSchema).min(1).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'service_feedback') {
      const rating = f.fields.find((x) => x.id === 'rating');
      const ok =
        rating !== undefined &&
        rating.required &&
        !rating.visibleWhen &&
        (rating.type === 'radio' || rating.type === 'select') &&
        rating.options.every((o) => /^[1-5]$/.test(o.value));
      if (!ok) {
        ctx.addIssue({
          code: 'custom',
          message:
            'a service_feedback form needs a required, always visible "rating" field (radio or select) with option values 1 to 5',
          path: ['fields'],
        });
      }
    }
    const ids = f.fields.map((x) => x.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', message: 'field ids must be unique within a form', path: ['fields'] });
    }
    f.fields.forEach((field, i) => {
      if (!field.visibleWhen) return;
      const dep = f.fields.find((x) => x.id === field.visibleWhen!.field);
      if (!dep || dep.id === field.id) {
        ctx.addIssue({
          code: 'custom',
          message: `visibleWhen names an unknown field "${field.visibleWhen.field}"`,
          path: ['fields', i, 'visibleWhen', 'field'],
        });
      }
    });
    if (f.sections) {
      const placed = f.sections.flatMap((s) => s.fields);
      const problems = [
        ['sections name unknown fields', placed.filter((id) => !ids.includes(id))],
        ['fields in no section', ids.filter((id) => !placed.includes(id))],
        ['fields in two sections', placed.filter((id, i) => placed.indexOf(id) !== i)],
      ] as const;
      for (const [message, list] of problems) {
        if (list.length)
          ctx.addIssue({ code: 'custom', message: `${message}: ${list.join(', ')}`, path: ['sections'] });
      }
    }
  });
export type Form = z.infer<typeof formSchema>;

export const serviceSchema = z.object({
  id: idSchema,
  category: idSchema,
  agency: localizedTextSchema,
  title: localizedTextSchema,
  description: localizedTextSchema,
  documents: z.array(localizedTextSchema).default([]),
  /** Fee in whole tögrög (₮); 0 means free; null means the office tells the fee (it varies or is not published). */
  feeMnt: z.int().min(0).nullable(),
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

/** The five kinds of petition the 11-11 centre takes, each explained in plain words. */
export const petitionCategorySchema = z.object({
  id: z.enum(['petition', 'complaint', 'suggestion', 'criticism', 'gratitude']),
  title: localizedTextSchema,
  description: localizedTextSchema,
  /** Days the law gives the organisation to answer (30, extendable by 30). */
  dueDays: z.int().min(1).max(365),
  order: z.int().default(0),
});
export type PetitionCategory = z.infer<typeof petitionCategorySchema>;

/** An aimag or the capital with its soums or districts, keyed by national statistics codes. */
export const placeSchema = z.object({
  id: z.string().regex(/^\d{2}$/),
  name: localizedTextSchema,
  kind: z.enum(['aimag', 'capital']),
  /** Empty where the reference data has no soum list yet: the citizen then picks the aimag only. */
  soums: z.array(z.object({ id: z.string().regex(/^\d{4}$/), name: localizedTextSchema })),
  order: z.int().default(0),
});
export type Place = z.infer<typeof placeSchema>;

/** Hidden fields are neither validated nor sent. */
export function isFieldVisible(field: FormField, answers: Record<string, string>): boolean {
  if (!field.visibleWhen) return true;
  const value = Object.hasOwn(answers, field.visibleWhen.field) ? answers[field.visibleWhen.field] : undefined;
  const wanted = field.visibleWhen.equals;
  return typeof value === 'string' && (Array.isArray(wanted) ? wanted.includes(value) : wanted === value);
}

/** The steps of a form: its sections, or one step with every field. */
export function formSteps(form: Form): { id: string; title: Form['title']; fields: FormField[] }[] {
  if (!form.sections) return [{ id: 'all', title: form.title, fields: form.fields }];
  return form.sections.map((s) => ({
    id: s.id,
    title: s.title,
    fields: s.fields.map((id) => form.fields.find((f) => f.id === id)).filter((f): f is FormField => f !== undefined),
  }));
}
