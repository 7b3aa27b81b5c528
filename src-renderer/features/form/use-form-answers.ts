import { useTranslation } from 'react-i18next';
import {
  validateAnswers,
  validateField,
  type FieldError,
  type FormValidation,
} from '../../../src-shared/rules/field-validation.js';
import type { Form } from '../../../src-shared/schemas/content.js';
import { useLang } from '../../app/kiosk-context.js';
import { fieldErrorText } from './field-messages.js';

/** A form's own wording for some errors of some fields (translation keys), e.g. "Please write your petition". */
export type ErrorWording = Record<string, Partial<Record<FieldError['code'], string>>>;

export interface FormAnswers {
  /** The shared rule's verdict on every visible field, with the normalised values to send. */
  validation: FormValidation;
  /** The error of one field in the citizen's language, or undefined when it is valid. */
  errorText(fieldId: string): string | undefined;
  /** The warning of one field (an unusual phone prefix), in words. */
  warningText(fieldId: string): string | undefined;
}

/**
 * The one hook behind every form of the kiosk — service forms, ratings, petitions, draft-law
 * comments: the answers are checked by the same `validateAnswers` the server runs after opening
 * the envelope, again at each keystroke, and each error is worded in the citizen's language.
 */
export function useFormAnswers(
  form: Form | undefined,
  answers: Record<string, string>,
  wording: ErrorWording = {},
): FormAnswers {
  const { t } = useTranslation();
  const lang = useLang();
  const validation: FormValidation = form
    ? validateAnswers(form, answers)
    : { ok: false, values: {}, errors: {}, warnings: {} };
  const fieldOf = (id: string) => form?.fields.find((f) => f.id === id);
  return {
    validation,
    errorText(fieldId) {
      const error = validation.errors[fieldId];
      if (!error) return undefined;
      const key = wording[fieldId]?.[error.code];
      if (key) return t(key, 'min' in error ? { min: error.min } : 'max' in error ? { max: error.max } : {});
      return fieldErrorText(t, lang, error, fieldOf(fieldId)?.type);
    },
    warningText(fieldId) {
      const field = fieldOf(fieldId);
      if (!field) return undefined;
      const r = validateField(field, answers[fieldId]);
      return r.ok && r.warning ? fieldErrorText(t, lang, r.warning) : undefined;
    },
  };
}
