import type { TFunction } from 'i18next';
import type { FieldError, FieldWarning } from '../../../src-shared/rules/field-validation.js';
import type { FormFieldType } from '../../../src-shared/schemas/content.js';
import { formatCalendarDate } from '../../../src-shared/format.js';
import { pickText, type Language } from '../../../src-shared/schemas/localized-text.js';

/** Words a validation error for the citizen: what is wrong and how to fix it, in their language. */
export function fieldErrorText(
  t: TFunction,
  lang: Language,
  error: FieldError | FieldWarning,
  fieldType?: FormFieldType,
): string {
  switch (error.code) {
    case 'required':
      // "Choose one" says what to do with a list; "fill in" fits typing.
      return t(fieldType === 'select' ? 'errors.bad_option' : 'errors.required');
    case 'pattern':
      return error.message ? pickText(error.message, lang) : t('errors.pattern');
    case 'date_too_early':
      return t('errors.date_too_early', { min: formatCalendarDate(error.min, lang) });
    case 'date_too_late':
      return t('errors.date_too_late', { max: formatCalendarDate(error.max, lang) });
    default:
      return t(`errors.${error.code}`, 'min' in error ? { min: error.min } : 'max' in error ? { max: error.max } : {});
  }
}
