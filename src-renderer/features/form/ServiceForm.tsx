import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validateAnswers, validateField } from '../../../src-shared/rules/field-validation.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { useKiosk } from '../../app/kiosk-context.js';
import { useLiveQuery } from '../../data/use-live-query.js';
import { queueApplication } from '../../data/outbox-repo.js';
import type { OutboxEntry } from '../../data/db.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { FieldInput } from './FieldInput.js';
import { fieldErrorText } from './field-messages.js';

interface Props {
  serviceId: string;
  answers: Record<string, string>;
  onAnswersChange(answers: Record<string, string>): void;
  onQueued(entry: OutboxEntry): void;
}

/**
 * A service application drawn from its form schema. Answers live in the caller's draft, so
 * a validation error, going back or switching language never loses what was typed.
 */
export function ServiceForm({ serviceId, answers, onAnswersChange, onQueued }: Props) {
  const { t } = useTranslation();
  const { db, lang, info } = useKiosk();
  const service = useLiveQuery(() => db.services.get(serviceId), [db, serviceId], undefined);
  const form = useLiveQuery(
    async () => (service?.formId ? db.forms.get(service.formId) : undefined),
    [db, service?.formId],
    undefined,
  );
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  if (!service) return <main className="screen" data-testid="screen-form" />;
  if (!form)
    return (
      <main className="screen" data-testid="screen-form">
        <h1>{pickText(service.title, lang)}</h1>
        <p className="note">{t('service.formMissing')}</p>
      </main>
    );

  const validation = validateAnswers(form, answers);
  const shownErrors = Object.entries(validation.errors).filter(([id]) => submitted || touched[id]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!form || !service || saving) return;
    setSubmitted(true);
    if (!validation.ok) {
      emitAppEvent('form-invalid', { count: Object.keys(validation.errors).length });
      const first = form.fields.find((f) => validation.errors[f.id]);
      if (first) formRef.current?.querySelector<HTMLElement>(`#field-${first.id}`)?.focus();
      return;
    }
    setSaving(true);
    setSaveFailed(false);
    try {
      const entry = await queueApplication(db, {
        kioskCode: info.kioskCode,
        lang,
        serviceId: service.id,
        formId: form.id,
        formVersion: form.version,
        title: service.title,
        answers: validation.values,
      });
      emitAppEvent('submission-queued', { trackingNo: entry.trackingNo });
      onQueued(entry);
    } catch {
      setSaveFailed(true);
      setSaving(false);
    }
  }

  return (
    <main className="screen" data-testid="screen-form">
      <h1>{pickText(form.title, lang)}</h1>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        {submitted && shownErrors.length > 0 && (
          <p className="form-summary error" role="alert" data-testid="form-summary">
            {t('form.fixErrors', { count: shownErrors.length })}
          </p>
        )}
        {form.fields.map((field) => {
          const error = submitted || touched[field.id] ? validation.errors[field.id] : undefined;
          const r = touched[field.id] ? validateField(field, answers[field.id]) : undefined;
          const warning = r && r.ok && r.warning ? fieldErrorText(t, lang, r.warning) : undefined;
          return (
            <FieldInput
              key={field.id}
              field={field}
              value={answers[field.id] ?? ''}
              error={error ? fieldErrorText(t, lang, error, field.type) : undefined}
              warning={warning}
              onChange={(value) => onAnswersChange({ ...answers, [field.id]: value })}
              onBlur={() => setTouched((prev) => ({ ...prev, [field.id]: true }))}
            />
          );
        })}
        {saveFailed && (
          <p className="form-summary error" role="alert">
            {t('form.saveFailed')}
          </p>
        )}
        <button type="submit" className="primary-button" disabled={saving} data-testid="submit">
          {saving ? t('form.submitting') : t('form.submit')}
        </button>
      </form>
    </main>
  );
}
