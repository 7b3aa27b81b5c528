import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HEARING_SIGNUP_FORM, hearingSignupContent } from '../../../src-shared/forms/kind-forms.js';
import { useKiosk, useLang, useShell } from '../../app/kiosk-context.js';
import { useOpenRecord } from '../../data/open-data-hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { FormShell } from '../form/FormShell.js';
import { ConsentBox, ReviewAnswers } from '../form/Review.js';
import { useFormAnswers, type ErrorWording } from '../form/use-form-answers.js';
import { hearingWhen } from './hearing-list.js';
import './hearings.css';

const STEPS = ['contact', 'review'] as const;
type Step = (typeof STEPS)[number];
type Field = 'name' | 'phone';
const FIELDS: readonly Field[] = ['name', 'phone'];
/** The sign-up's own words for an empty field; a wrong phone number gets the shared phone messages. */
const WORDING: ErrorWording = {
  name: { required: 'hearings.signup.errors.name' },
  phone: { required: 'hearings.signup.errors.phone' },
};

/**
 * Asking to take part in a public hearing: the citizen's name and a phone number the organiser
 * can call, checked by the shared sign-up form (`HEARING_SIGNUP_FORM`, the rule the server checks
 * the opened envelope with), then reviewed with the hearing named and consent given. It is queued
 * through the outbox like every submission: it works offline and is delivered once.
 */
export function HearingSignupForm({
  hearingId,
  values,
  onChange,
}: {
  hearingId: string;
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const { submit } = useKiosk();
  const { info } = useShell();
  const lang = useLang();
  const hearing = useOpenRecord('hearing', hearingId);
  const [step, setStep] = useState<Step>('contact');
  const [showErrors, setShowErrors] = useState(false);
  const [consent, setConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const { validation, errorText, warningText } = useFormAnswers(HEARING_SIGNUP_FORM, values, WORDING);

  if (hearing === undefined) return <main className="screen" data-testid="screen-hearing-signup" />;
  if (hearing === null) {
    return (
      <main className="screen" data-testid="screen-hearing-signup">
        <h1>{t('hearings.signup.heading')}</h1>
        <p className="note" data-testid="hearing-not-found">
          {t('hearings.signup.notFound')}
        </p>
      </main>
    );
  }
  const h = hearing;
  const when = hearingWhen(h, lang, info.place.aimag);
  const v = (key: Field) => values[key] ?? '';
  const errors = FIELDS.filter((f) => errorText(f));
  const stepErrors = step === 'contact' ? errors : [];

  function next() {
    if (stepErrors.length > 0) {
      setShowErrors(true);
      emitAppEvent('form-invalid', { count: stepErrors.length });
      document.querySelector<HTMLElement>(`[data-testid="hearing-${stepErrors[0]}"]`)?.focus();
      return;
    }
    setShowErrors(false);
    setStep('review');
    emitAppEvent('form-step', { step: 'review' });
  }

  async function send() {
    if (!consent) {
      setConsentMissing(true);
      return;
    }
    if (!validation.ok) {
      setStep('contact');
      setShowErrors(true);
      return;
    }
    setSaving(true);
    setSaveFailed(false);
    try {
      await submit({
        // The receipt names the hearing and when it is (the open data is written in Mongolian).
        title: { mn: `${h.topic} — ${hearingWhen(h, 'mn', info.place.aimag)}, ${h.place}` },
        fields: { kind: 'hearing_signup', hearingId: h.id, formVersion: HEARING_SIGNUP_FORM.version },
        personal: hearingSignupContent(validation.values),
      });
    } catch {
      setSaveFailed(true);
      setSaving(false);
    }
  }

  const field = (key: Field, opts: { help?: string; tel?: boolean } = {}) => {
    const id = `hearing-${key}`;
    const error = showErrors ? errorText(key) : undefined;
    const warning = warningText(key);
    const describedBy = [error ? `${id}-message` : null, opts.help ? `${id}-help` : null].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t(`hearings.signup.${key}`)}
        </label>
        {opts.help && (
          <p className="field-help" id={`${id}-help`}>
            {opts.help}
          </p>
        )}
        <input
          id={id}
          type={opts.tel ? 'tel' : 'text'}
          inputMode={opts.tel ? 'tel' : undefined}
          autoComplete="off"
          maxLength={opts.tel ? 40 : 250}
          value={v(key)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          data-testid={id}
          onChange={(e) => onChange({ ...values, [key]: e.target.value })}
        />
        {error && (
          <p className="field-message error" id={`${id}-message`} data-testid={`${id}-message`}>
            {error}
          </p>
        )}
        {!error && warning && <p className="field-message warning">{warning}</p>}
      </div>
    );
  };

  const index = STEPS.indexOf(step);
  return (
    <FormShell
      testId="screen-hearing-signup"
      className="hearing-signup"
      lead={<span data-testid="hearing-signup-topic">{h.topic}</span>}
      heading={t('hearings.signup.heading')}
      intro={
        <p className="hearing-signup-when" data-testid="hearing-signup-when">
          {when}, {h.place}
        </p>
      }
      step={{ current: index + 1, total: STEPS.length, title: t(`hearings.signup.steps.${step}`) }}
      errorCount={showErrors ? stepErrors.length : 0}
      saveFailed={saveFailed}
      onPrevious={
        index > 0
          ? () => {
              setShowErrors(false);
              setStep('contact');
            }
          : undefined
      }
      primary={{
        label: step === 'review' ? (saving ? t('form.submitting') : t('hearings.signup.send')) : t('form.review'),
        testId: step === 'review' ? 'submit' : 'next',
        disabled: saving,
      }}
      onSubmit={() => {
        if (step === 'review') void send();
        else next();
      }}
    >
      {step === 'contact' && (
        <>
          <p className="lead">{t('hearings.signup.contactLead')}</p>
          {field('name')}
          {field('phone', { help: t('hearings.signup.phoneHelp'), tel: true })}
        </>
      )}
      {step === 'review' && (
        <>
          <ReviewAnswers
            sections={[
              {
                title: t('hearings.signup.hearing'),
                rows: [
                  { label: t('hearings.signup.hearing'), value: h.topic },
                  { label: t('hearings.when'), value: when },
                  { label: t('hearings.place'), value: h.place },
                ],
              },
              {
                title: t('hearings.signup.steps.contact'),
                rows: [
                  { label: t('hearings.signup.name'), value: v('name') },
                  { label: t('hearings.signup.phone'), value: v('phone') },
                ],
                onEdit: () => setStep('contact'),
              },
            ]}
          />
          <ConsentBox
            text={t('hearings.signup.consent')}
            checked={consent}
            missing={consentMissing}
            onChange={(checked) => {
              setConsent(checked);
              setConsentMissing(false);
            }}
          />
        </>
      )}
    </FormShell>
  );
}
