import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { formSteps, isFieldVisible } from '../../../src-shared/schemas/content.js';
import { useKiosk, useLang } from '../../app/kiosk-context.js';
import { useForm, useService } from '../../data/hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { FieldInput } from './FieldInput.js';
import { FormShell } from './FormShell.js';
import { answerText, ConsentBox, ReviewAnswers } from './Review.js';
import { useFormAnswers } from './use-form-answers.js';

interface Props {
  serviceId: string;
  answers: Record<string, string>;
  onAnswersChange(answers: Record<string, string>): void;
}

/**
 * A service application drawn from its form schema. Answers live in the caller's draft, so
 * a validation error, going back or switching language never loses what was typed.
 */
export function ServiceForm({ serviceId, answers, onAnswersChange }: Props) {
  const { t } = useTranslation();
  const { submit: submitToKiosk } = useKiosk();
  const lang = useLang();
  const service = useService(serviceId);
  const form = useForm(service?.formId);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  // "Change" on the review: after that one step the citizen goes straight back to the review.
  const [backToReview, setBackToReview] = useState(false);
  const [consent, setConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // The shared rule, as the server checks it after opening the envelope.
  const { validation, errorText, warningText } = useFormAnswers(form, answers);

  if (!service) return <main className="screen" data-testid="screen-form" />;
  if (!form)
    return (
      <main className="screen" data-testid="screen-form">
        <h1>{pickText(service.title, lang)}</h1>
        <p className="note">{t('service.formMissing')}</p>
      </main>
    );

  const steps = formSteps(form);
  const current = steps[Math.min(step, steps.length - 1)]!;
  const isLast = step >= steps.length - 1;
  const visibleFields = current.fields.filter((f) => isFieldVisible(f, answers));
  const stepErrors = visibleFields.filter((f) => validation.errors[f.id]);
  const shownErrors = stepErrors.filter((f) => submitted || touched[f.id]);

  /** Moves on only when this step's visible fields are valid; errors are shown, input kept. */
  function checkStep(): boolean {
    setSubmitted(true);
    if (stepErrors.length === 0) return true;
    emitAppEvent('form-invalid', { count: stepErrors.length });
    formRef.current?.querySelector<HTMLElement>(`[data-testid="field-${stepErrors[0]!.id}"]`)?.focus();
    return false;
  }

  function goNext() {
    if (!checkStep()) return;
    setSubmitted(false);
    if (isLast || (backToReview && validation.ok)) {
      if (!validation.ok) {
        // An earlier step became invalid (e.g. its answer was changed): go back to it.
        const bad = steps.findIndex((s) => s.fields.some((f) => validation.errors[f.id]));
        setStep(Math.max(bad, 0));
        return;
      }
      setReviewing(true);
      setBackToReview(false);
      emitAppEvent('form-step', { step: 'review' });
      return;
    }
    setStep((s) => s + 1);
    emitAppEvent('form-step', { step: step + 2 });
  }

  async function submit() {
    if (!form || !service || saving) return;
    if (!reviewing) return goNext();
    if (!consent) {
      setConsentMissing(true);
      return;
    }
    setSaving(true);
    setSaveFailed(false);
    try {
      await submitToKiosk({
        title: service.title,
        ...(form.kind === 'service_feedback'
          ? {
              // A rating: its own kind, with the rating in clear for the counts and every answer sealed.
              fields: {
                kind: 'service_feedback',
                serviceId: service.id,
                rating: Number(validation.values.rating),
                formId: form.id,
                formVersion: form.version,
              },
              personal: { answers: validation.values },
            }
          : {
              fields: {
                kind: 'service_application',
                serviceId: service.id,
                formId: form.id,
                formVersion: form.version,
              },
              personal: { answers: validation.values },
            }),
      });
    } catch {
      setSaveFailed(true);
      setSaving(false);
    }
  }

  if (reviewing) {
    return (
      <FormShell
        testId="screen-form"
        heading={pickText(form.title, lang)}
        errorCount={0}
        saveFailed={saveFailed}
        onPrevious={() => setReviewing(false)}
        primary={{ label: saving ? t('form.submitting') : t('form.submit'), testId: 'submit', disabled: saving }}
        onSubmit={() => void submit()}
      >
        <ReviewAnswers
          sections={steps.map((s, index) => ({
            title: pickText(s.title, lang),
            rows: s.fields
              .filter((f) => isFieldVisible(f, answers))
              .map((f) => ({ label: pickText(f.label, lang), value: answerText(f, answers[f.id], lang, t) })),
            onEdit: () => {
              setReviewing(false);
              setStep(index);
              setBackToReview(true);
            },
          }))}
        />
        <ConsentBox
          checked={consent}
          missing={consentMissing}
          onChange={(v) => {
            setConsent(v);
            setConsentMissing(false);
          }}
        />
      </FormShell>
    );
  }

  return (
    <FormShell
      testId="screen-form"
      heading={pickText(form.title, lang)}
      step={
        steps.length > 1
          ? { current: step + 1, total: steps.length, title: pickText(current.title, lang), testId: 'form-steps' }
          : undefined
      }
      errorCount={submitted ? shownErrors.length : 0}
      saveFailed={saveFailed}
      onPrevious={step > 0 ? () => setStep((s) => s - 1) : undefined}
      primary={
        isLast || (backToReview && validation.ok)
          ? { label: t('form.review'), testId: 'to-review' }
          : { label: t('form.next'), testId: 'next' }
      }
      onSubmit={() => void submit()}
      formRef={formRef}
    >
      {visibleFields.map((field) => {
        const error = submitted || touched[field.id] ? errorText(field.id) : undefined;
        const warning = touched[field.id] ? warningText(field.id) : undefined;
        return (
          <FieldInput
            key={field.id}
            field={field}
            value={answers[field.id] ?? ''}
            error={error}
            warning={warning}
            onChange={(value) => onAnswersChange({ ...answers, [field.id]: value })}
            onBlur={() => setTouched((prev) => ({ ...prev, [field.id]: true }))}
          />
        );
      })}
    </FormShell>
  );
}
