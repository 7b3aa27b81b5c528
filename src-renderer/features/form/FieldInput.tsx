import { useTranslation } from 'react-i18next';
import type { FormField } from '../../../src-shared/schemas/content.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { assertNever } from '../../../src-shared/assert-never.js';
import { useLang } from '../../app/kiosk-context.js';
import { formatTypedDate } from './date-typing.js';
import { PlacePicker } from './PlacePicker.js';

interface Props {
  field: FormField;
  value: string;
  error?: string;
  warning?: string;
  onChange(value: string): void;
  onBlur(): void;
}

/** One form field drawn from its schema: a large label, the control, and its message below. */
export function FieldInput({ field, value, error, warning, onChange, onBlur }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = `field-${field.id}`;
  const messageId = `${id}-message`;
  const exampleId = `${id}-example`;
  const describedBy =
    [field.type === 'date' ? exampleId : null, error || warning || field.help ? messageId : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const common = {
    id,
    name: field.id,
    value,
    onBlur,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    'data-testid': id,
  } as const;
  const input = (() => {
    switch (field.type) {
      case 'text':
        return <input {...common} type="text" autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
      case 'long_text':
        return <textarea {...common} rows={5} onChange={(e) => onChange(e.target.value)} />;
      case 'radio':
        return (
          <div role="radiogroup" aria-labelledby={`${id}-label`} className="choice-group" data-testid={id}>
            {field.options.map((o) => (
              <label key={o.value} className={value === o.value ? 'choice checked' : 'choice'}>
                <input
                  type="radio"
                  name={field.id}
                  value={o.value}
                  checked={value === o.value}
                  onChange={() => onChange(o.value)}
                  onBlur={onBlur}
                  data-testid={`${id}-${o.value}`}
                />
                {pickText(o.label, lang)}
              </label>
            ))}
          </div>
        );
      case 'checkbox':
        return (
          <label className={value === 'yes' ? 'choice checked' : 'choice'}>
            <input
              {...common}
              value="yes"
              type="checkbox"
              checked={value === 'yes'}
              onChange={(e) => onChange(e.target.checked ? 'yes' : '')}
            />
            {t('form.yes')}
          </label>
        );
      case 'place':
        return (
          <PlacePicker
            id={id}
            labelledBy={`${id}-label`}
            value={value}
            invalid={!!error}
            onChange={onChange}
            onBlur={onBlur}
          />
        );
      case 'number':
        return (
          <input
            {...common}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            onChange={(e) => onChange(e.target.value)}
          />
        );
      case 'date':
        // Typed on the keypad as 2026.11.26 (how Mongolian documents write dates), the dots put in
        // as the digits come; kept as 2026-11-26. The example stands above the field as a hint,
        // never inside it where it would look like a filled-in date.
        return (
          <>
            <p className="field-example" id={exampleId} data-testid={exampleId}>
              {t('form.dateExample')}
            </p>
            <input
              {...common}
              value={value.replace(/-/g, '.')}
              type="text"
              inputMode="numeric"
              data-keyboard="date"
              autoComplete="off"
              maxLength={10}
              onChange={(e) => onChange(formatTypedDate(e.target.value).replace(/\./g, '-'))}
            />
          </>
        );
      case 'select':
        return (
          <select {...common} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {pickText(o.label, lang)}
              </option>
            ))}
          </select>
        );
      case 'registration_number':
        return (
          <input
            {...common}
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            data-keyboard="regno"
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
          />
        );
      case 'phone':
        return (
          <input {...common} type="tel" inputMode="tel" autoComplete="off" onChange={(e) => onChange(e.target.value)} />
        );
      default:
        return assertNever(field, 'field type');
    }
  })();
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={field.type === 'radio' || field.type === 'place' ? undefined : id} id={`${id}-label`}>
        {pickText(field.label, lang)}{' '}
        <span className="field-required">({field.required ? t('form.required') : t('form.optional')})</span>
      </label>
      {input}
      {(error || warning || field.help) && (
        <p
          id={messageId}
          className={error ? 'message error' : warning ? 'message warning' : 'message'}
          data-testid={`${id}-message`}
        >
          {error ?? warning ?? (field.help ? pickText(field.help, lang) : '')}
        </p>
      )}
    </div>
  );
}
