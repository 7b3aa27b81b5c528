import { assertNever } from '../assert-never.js';
import { isFieldVisible, type Form, type FormField, type Place } from '../schemas/content.js';
import type { LocalizedText } from '../schemas/localized-text.js';
import { isoDateInMongolia } from '../format.js';
import { parsePhone, type PhoneError } from './phone.js';
import { parseRegistrationNumber, type RegistrationNumberError } from './registration-number.js';

/**
 * One validation rule for kiosk and server: the kiosk shows the error next to the field,
 * the server refuses a submission that the kiosk should never have sent.
 * Errors are codes with parameters, so each language words them itself.
 */
export type FieldError =
  | { code: 'required' }
  | { code: 'too_short'; min: number }
  | { code: 'too_long'; max: number }
  | { code: 'pattern'; message?: LocalizedText }
  | { code: 'not_number' }
  | { code: 'not_integer' }
  | { code: 'too_small'; min: number }
  | { code: 'too_large'; max: number }
  | { code: 'bad_date' }
  | { code: 'date_too_early'; min: string }
  | { code: 'date_too_late'; max: string }
  | { code: 'bad_option' }
  | { code: 'not_checked' }
  | { code: 'bad_place' }
  | { code: `registration_${RegistrationNumberError}` }
  | { code: `phone_${PhoneError}` };

export type FieldWarning = { code: 'phone_unusual_prefix' };

export type FieldResult = { ok: true; value: string; warning?: FieldWarning } | { ok: false; error: FieldError };

/**
 * `83/8301`: the soum's code starts with its aimag's. Just `65` where the places list has no
 * soums for that aimag yet. With a places list, the codes must exist in it.
 */
function validPlace(value: string, places?: readonly Place[]): boolean {
  const m = /^(\d{2})(?:\/(\d{4}))?$/.exec(value);
  if (!m) return false;
  const [, aimag, soum] = m as unknown as [string, string, string | undefined];
  if (soum !== undefined && !soum.startsWith(aimag)) return false;
  if (!places) return soum !== undefined;
  const place = places.find((p) => p.id === aimag);
  if (!place) return false;
  return place.soums.length === 0 ? soum === undefined : place.soums.some((s) => s.id === soum);
}

function validDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function validateField(
  field: FormField,
  raw: unknown,
  today: Date = new Date(),
  places?: readonly Place[],
): FieldResult {
  const input = typeof raw === 'string' ? raw.trim() : '';
  if (input === '') {
    if (!field.required) return { ok: true, value: '' };
    return { ok: false, error: { code: field.type === 'checkbox' ? 'not_checked' : 'required' } };
  }
  switch (field.type) {
    case 'long_text': {
      const len = [...input].length;
      if (field.minLength !== undefined && len < field.minLength)
        return { ok: false, error: { code: 'too_short', min: field.minLength } };
      if (len > field.maxLength) return { ok: false, error: { code: 'too_long', max: field.maxLength } };
      return { ok: true, value: input };
    }
    case 'checkbox':
      return input === 'yes' ? { ok: true, value: 'yes' } : { ok: false, error: { code: 'bad_option' } };
    case 'place':
      return validPlace(input, places) ? { ok: true, value: input } : { ok: false, error: { code: 'bad_place' } };
    case 'text': {
      const len = [...input].length;
      if (field.minLength !== undefined && len < field.minLength)
        return { ok: false, error: { code: 'too_short', min: field.minLength } };
      if (len > field.maxLength) return { ok: false, error: { code: 'too_long', max: field.maxLength } };
      if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(input)) {
        return {
          ok: false,
          error: field.patternMessage ? { code: 'pattern', message: field.patternMessage } : { code: 'pattern' },
        };
      }
      return { ok: true, value: input };
    }
    case 'number': {
      // Plain decimals only (Number() would also take '0x1A', '1e3', 'Infinity'); a single
      // decimal comma is read as a point, since people type either.
      if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(input)) return { ok: false, error: { code: 'not_number' } };
      const n = Number(input.replace(',', '.'));
      if (field.integer && !Number.isInteger(n)) return { ok: false, error: { code: 'not_integer' } };
      if (field.min !== undefined && n < field.min) return { ok: false, error: { code: 'too_small', min: field.min } };
      if (field.max !== undefined && n > field.max) return { ok: false, error: { code: 'too_large', max: field.max } };
      return { ok: true, value: String(n) };
    }
    case 'date': {
      if (!validDate(input)) return { ok: false, error: { code: 'bad_date' } };
      const min = field.min === 'today' ? isoDateInMongolia(today) : field.min;
      const max = field.max === 'today' ? isoDateInMongolia(today) : field.max;
      if (min !== undefined && input < min) return { ok: false, error: { code: 'date_too_early', min } };
      if (max !== undefined && input > max) return { ok: false, error: { code: 'date_too_late', max } };
      return { ok: true, value: input };
    }
    case 'select':
    case 'radio':
      return field.options.some((o) => o.value === input)
        ? { ok: true, value: input }
        : { ok: false, error: { code: 'bad_option' } };
    case 'registration_number': {
      const r = parseRegistrationNumber(input, today);
      return r.ok ? { ok: true, value: r.value.value } : { ok: false, error: { code: `registration_${r.error}` } };
    }
    case 'phone': {
      const r = parsePhone(input);
      if (!r.ok) return { ok: false, error: { code: `phone_${r.error}` } };
      return r.warning
        ? { ok: true, value: r.value, warning: { code: 'phone_unusual_prefix' } }
        : { ok: true, value: r.value };
    }
    default:
      return assertNever(field, 'field type');
  }
}

export interface FormValidation {
  ok: boolean;
  /** Normalised values of the valid fields (registration numbers in Cyrillic, phones as 8 digits). */
  values: Record<string, string>;
  errors: Record<string, FieldError>;
  warnings: Record<string, FieldWarning>;
}

/**
 * Validates the fields the citizen can see; hidden fields (see `visibleWhen`) are left out of
 * the values so that an answer typed before changing one's mind is never sent.
 */
export function validateAnswers(
  form: Form,
  answers: Record<string, string>,
  today: Date = new Date(),
  places?: readonly Place[],
): FormValidation {
  const result: FormValidation = { ok: true, values: {}, errors: {}, warnings: {} };
  for (const field of form.fields) {
    if (!isFieldVisible(field, answers)) continue;
    const r = validateField(field, Object.hasOwn(answers, field.id) ? answers[field.id] : undefined, today, places);
    if (r.ok) {
      result.values[field.id] = r.value;
      if (r.warning) result.warnings[field.id] = r.warning;
    } else {
      result.ok = false;
      result.errors[field.id] = r.error;
    }
  }
  return result;
}
