import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, formatCalendarDate, isoDateInMongolia } from '../../../src-shared/format.js';
import { parsePhone } from '../../../src-shared/rules/phone.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { petitionCategoryIdSchema, TEXT_LIMITS } from '../../../src-shared/schemas/submission.js';
import { useKiosk } from '../../app/kiosk-context.js';
import { useLiveQuery } from '../../data/use-live-query.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { ConsentBox, ReviewAnswers } from '../form/Review.js';

const STEPS = ['category', 'message', 'contact', 'review'] as const;
type Step = (typeof STEPS)[number];
const LIMITS = TEXT_LIMITS.petition;
const TEXT_MIN = 10;
/** The 11-11 centre's answer time when a category does not say (the petitions law: 30 days). */
const DEFAULT_DUE_DAYS = 30;

type Errors = Partial<Record<'category' | 'subject' | 'text' | 'name' | 'phone' | 'address', string>>;

/**
 * A petition to the 11-11 centre: which of the five kinds it is (each explained simply), what
 * it is about, the text, and — only if the citizen wants an answer by phone or post — how to
 * reach them. Everything typed lives in the visit's draft, so going back loses nothing.
 */
export function PetitionForm({
  values,
  onChange,
}: {
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const { db, lang, submit } = useKiosk();
  const categories = useLiveQuery(() => db.petitionCategories.orderBy('order').toArray(), [db], []);
  const [step, setStep] = useState<Step>('category');
  const [showErrors, setShowErrors] = useState(false);
  const [consent, setConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);

  const set = (key: string, value: string) => onChange({ ...values, [key]: value });
  const v = (key: string) => values[key] ?? '';
  const category = categories.find((c) => c.id === v('category'));
  const dueDays = category?.dueDays ?? DEFAULT_DUE_DAYS;
  const dueDate = addDays(isoDateInMongolia(new Date()), dueDays);
  const dueText = t('petition.due', {
    days: dueDays,
    date: formatCalendarDate(dueDate, lang),
  });

  const errors: Errors = {};
  if (!petitionCategoryIdSchema.safeParse(v('category')).success) errors.category = t('petition.errors.category');
  if (v('subject').trim() === '') errors.subject = t('petition.errors.subject');
  else if (v('subject').length > LIMITS.subject) errors.subject = t('errors.too_long', { max: LIMITS.subject });
  const textLength = v('text').trim().length;
  if (textLength === 0) errors.text = t('petition.errors.text');
  else if (textLength < TEXT_MIN) errors.text = t('petition.errors.textShort', { min: TEXT_MIN });
  else if (v('text').length > LIMITS.text) errors.text = t('errors.too_long', { max: LIMITS.text });
  for (const key of ['name', 'address'] as const)
    if (v(key).trim().length > LIMITS[key]) errors[key] = t('errors.too_long', { max: LIMITS[key] });
  if (v('phone').trim() !== '') {
    const phone = parsePhone(v('phone'));
    if (!phone.ok) errors.phone = t(`errors.phone_${phone.error}`);
  }
  const stepFields: Record<Step, (keyof Errors)[]> = {
    category: ['category'],
    message: ['subject', 'text'],
    contact: ['name', 'phone', 'address'],
    review: [],
  };
  const index = STEPS.indexOf(step);
  const stepErrors = stepFields[step].filter((f) => errors[f]);

  function next() {
    if (stepErrors.length > 0) {
      setShowErrors(true);
      emitAppEvent('form-invalid', { count: stepErrors.length });
      document.querySelector<HTMLElement>(`[data-testid="petition-${stepErrors[0]}"]`)?.focus();
      return;
    }
    setShowErrors(false);
    const following = STEPS[index + 1];
    if (following) {
      setStep(following);
      emitAppEvent('form-step', { step: following });
    }
  }

  async function send() {
    if (!consent) {
      setConsentMissing(true);
      return;
    }
    const categoryId = petitionCategoryIdSchema.parse(v('category'));
    setSaving(true);
    setSaveFailed(false);
    const contact = {
      ...(v('name').trim() ? { name: v('name').trim() } : {}),
      ...(v('phone').trim() ? { phone: v('phone').trim() } : {}),
      ...(v('address').trim() ? { address: v('address').trim() } : {}),
    };
    try {
      await submit({
        title: category?.title ?? { mn: 'Өргөдөл', kk: 'Өтініш', en: 'Petition' },
        fields: { kind: 'petition', petitionCategory: categoryId },
        personal: {
          subject: v('subject').trim(),
          text: v('text').trim(),
          ...(Object.keys(contact).length ? { contact } : {}),
        },
        dueDate,
      });
    } catch {
      setSaveFailed(true);
      setSaving(false);
    }
  }

  const message = (field: keyof Errors) =>
    showErrors && errors[field] ? (
      <p className="field-message error" id={`petition-${field}-message`} data-testid={`petition-${field}-message`}>
        {errors[field]}
      </p>
    ) : null;
  const invalid = (field: keyof Errors) => (showErrors && errors[field] ? true : undefined);
  const describedBy = (field: keyof Errors) => (showErrors && errors[field] ? `petition-${field}-message` : undefined);

  /** One of the petition's own fields: its label, help if any, the input, and its message once shown. */
  const field = (
    key: 'subject' | 'text' | 'name' | 'phone' | 'address',
    opts: { help?: string; optional?: boolean; multiline?: boolean; tel?: boolean; maxLength?: number } = {},
  ) => {
    const id = `petition-${key}`;
    const common = {
      id,
      value: v(key),
      'aria-invalid': invalid(key),
      'aria-describedby': describedBy(key) ?? (opts.help ? `${id}-help` : undefined),
      'data-testid': id,
    };
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t(`petition.${key}`)}
          {opts.optional && <span className="field-optional"> ({t('form.optional')})</span>}
        </label>
        {opts.help && (
          <p className="field-help" id={`${id}-help`}>
            {opts.help}
          </p>
        )}
        {opts.multiline ? (
          <textarea rows={6} {...common} onChange={(e) => set(key, e.target.value)} />
        ) : (
          <input
            type={opts.tel ? 'tel' : 'text'}
            inputMode={opts.tel ? 'tel' : undefined}
            autoComplete="off"
            maxLength={opts.maxLength}
            {...common}
            onChange={(e) => set(key, e.target.value)}
          />
        )}
        {message(key)}
      </div>
    );
  };

  return (
    <main className="screen petition" data-testid="screen-petition">
      <h1>{t('petition.heading')}</h1>
      <div className="steps">
        <p className="step-label">{t('form.step', { current: index + 1, total: STEPS.length })}</p>
        <h2>{t(`petition.steps.${step}`)}</h2>
        <progress
          max={STEPS.length}
          value={index + 1}
          aria-label={t('form.step', { current: index + 1, total: STEPS.length })}
        />
      </div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'review') void send();
          else next();
        }}
      >
        {showErrors && stepErrors.length > 0 && (
          <p className="form-summary error" role="alert" data-testid="form-summary">
            {t('form.fixErrors', { count: stepErrors.length })}
          </p>
        )}
        {step === 'category' && (
          <fieldset className="field" aria-describedby={describedBy('category')}>
            <legend className="field-label">{t('petition.categoryQuestion')}</legend>
            {categories.length === 0 && (
              <p className="note" data-testid="petition-no-categories">
                {t('petition.noCategories')}
              </p>
            )}
            <div className="category-cards">
              {categories.map((c) => (
                <label
                  key={c.id}
                  className={v('category') === c.id ? 'category-card selected' : 'category-card'}
                  data-testid={`petition-category-${c.id}`}
                >
                  <input
                    type="radio"
                    name="petition-category"
                    value={c.id}
                    checked={v('category') === c.id}
                    onChange={() => set('category', c.id)}
                    data-testid={c.id === categories[0]?.id ? 'petition-category' : undefined}
                    aria-invalid={invalid('category')}
                  />
                  <span className="category-title">{pickText(c.title, lang)}</span>
                  <span className="category-text">{pickText(c.description, lang)}</span>
                </label>
              ))}
            </div>
            {message('category')}
          </fieldset>
        )}
        {step === 'message' && (
          <>
            {field('subject', { help: t('petition.subjectHelp'), maxLength: LIMITS.subject + 50 })}
            {field('text', { help: t('petition.textHelp'), multiline: true })}
          </>
        )}
        {step === 'contact' && (
          <>
            <p className="lead">{t('petition.contactLead')}</p>
            {field('name', { optional: true })}
            {field('phone', { optional: true, tel: true })}
            {field('address', { optional: true })}
          </>
        )}
        {step === 'review' && (
          <>
            <ReviewAnswers
              sections={[
                {
                  title: t('petition.steps.category'),
                  rows: [{ label: t('petition.category'), value: category ? pickText(category.title, lang) : '' }],
                  onEdit: () => setStep('category'),
                },
                {
                  title: t('petition.steps.message'),
                  rows: [
                    { label: t('petition.subject'), value: v('subject') },
                    { label: t('petition.text'), value: <span className="review-long">{v('text')}</span> },
                  ],
                  onEdit: () => setStep('message'),
                },
                {
                  title: t('petition.steps.contact'),
                  rows: [
                    { label: t('petition.name'), value: v('name') || t('form.notGiven') },
                    { label: t('petition.phone'), value: v('phone') || t('form.notGiven') },
                    { label: t('petition.address'), value: v('address') || t('form.notGiven') },
                  ],
                  onEdit: () => setStep('contact'),
                },
              ]}
            />
            <p className="due-note" data-testid="petition-due">
              {dueText}
            </p>
            <ConsentBox
              checked={consent}
              missing={consentMissing}
              onChange={(checked) => {
                setConsent(checked);
                setConsentMissing(false);
              }}
            />
          </>
        )}
        {step !== 'review' && step !== 'category' && <p className="due-note">{dueText}</p>}
        {saveFailed && (
          <p className="form-summary error" role="alert">
            {t('form.saveFailed')}
          </p>
        )}
        <div className="form-buttons">
          {index > 0 && (
            <button
              type="button"
              className="secondary-button"
              onClick={() => {
                setShowErrors(false);
                setStep(STEPS[index - 1]!);
              }}
              data-testid="previous"
            >
              {t('form.previous')}
            </button>
          )}
          <button
            type="submit"
            className="primary-button"
            disabled={saving}
            data-testid={step === 'review' ? 'submit' : 'next'}
          >
            {step === 'review'
              ? saving
                ? t('form.submitting')
                : t('petition.send')
              : step === 'contact'
                ? t('form.review')
                : t('form.next')}
          </button>
        </div>
      </form>
    </main>
  );
}
