import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, formatCalendarDate, isoDateInMongolia } from '../../../src-shared/format.js';
import { PETITION_FORM, petitionContent } from '../../../src-shared/forms/kind-forms.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { petitionCategoryIdSchema } from '../../../src-shared/schemas/submission.js';
import { useKiosk, useLang } from '../../app/kiosk-context.js';
import { usePetitionCategories } from '../../data/hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { FormShell } from '../form/FormShell.js';
import { ConsentBox, ReviewAnswers } from '../form/Review.js';
import { useFormAnswers, type ErrorWording } from '../form/use-form-answers.js';

const STEPS = ['category', 'message', 'contact', 'review'] as const;
type Step = (typeof STEPS)[number];
/** The subject's limit (shared petition form), for the input's own cap with room to see the error. */
const SUBJECT_MAX = (() => {
  const f = PETITION_FORM.fields.find((x) => x.id === 'subject');
  return f?.type === 'text' ? f.maxLength : 200;
})();
/** The petition's own words for its most common errors; the rest are the shared field messages. */
const WORDING: ErrorWording = {
  category: { required: 'petition.errors.category', bad_option: 'petition.errors.category' },
  subject: { required: 'petition.errors.subject' },
  text: { required: 'petition.errors.text', too_short: 'petition.errors.textShort' },
};
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
  const { submit } = useKiosk();
  const lang = useLang();
  const categories = usePetitionCategories();
  const [step, setStep] = useState<Step>('category');
  const [showErrors, setShowErrors] = useState(false);
  // "Change" on the review: after that one step the citizen goes straight back to the review.
  const [backToReview, setBackToReview] = useState(false);
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

  // The shared petition form: the same rule the server checks the opened envelope with.
  const { validation, errorText } = useFormAnswers(PETITION_FORM, values, WORDING);
  const errors: Errors = {};
  for (const key of ['category', 'subject', 'text', 'name', 'phone', 'address'] as const) {
    const text = errorText(key);
    if (text) errors[key] = text;
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
    const following = backToReview && validation.ok ? 'review' : STEPS[index + 1];
    if (following === 'review') setBackToReview(false);
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
    const firstBad = STEPS.find((s) => stepFields[s].some((f) => errors[f]));
    if (!validation.ok && firstBad) {
      // An earlier step became invalid (its answer was changed): go back to it.
      setStep(firstBad);
      setShowErrors(true);
      return;
    }
    const categoryId = petitionCategoryIdSchema.parse(v('category'));
    setSaving(true);
    setSaveFailed(false);
    try {
      await submit({
        title: category?.title ?? { mn: 'Өргөдөл', kk: 'Өтініш', en: 'Petition' },
        fields: { kind: 'petition', petitionCategory: categoryId, formVersion: PETITION_FORM.version },
        personal: petitionContent(validation.values),
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
    <FormShell
      testId="screen-petition"
      className="petition"
      heading={t('petition.heading')}
      step={{ current: index + 1, total: STEPS.length, title: t(`petition.steps.${step}`) }}
      errorCount={showErrors ? stepErrors.length : 0}
      saveFailed={saveFailed}
      onPrevious={
        index > 0
          ? () => {
              setShowErrors(false);
              setStep(STEPS[index - 1]!);
            }
          : undefined
      }
      primary={{
        label:
          step === 'review'
            ? saving
              ? t('form.submitting')
              : t('petition.send')
            : step === 'contact' || (backToReview && validation.ok)
              ? t('form.review')
              : t('form.next'),
        testId: step === 'review' ? 'submit' : 'next',
        disabled: saving,
      }}
      onSubmit={() => {
        if (step === 'review') void send();
        else next();
      }}
    >
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
          {field('subject', { help: t('petition.subjectHelp'), maxLength: SUBJECT_MAX + 50 })}
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
                onEdit: () => {
                  setStep('category');
                  setBackToReview(true);
                },
              },
              {
                title: t('petition.steps.message'),
                rows: [
                  { label: t('petition.subject'), value: v('subject') },
                  { label: t('petition.text'), value: <span className="review-long">{v('text')}</span> },
                ],
                onEdit: () => {
                  setStep('message');
                  setBackToReview(true);
                },
              },
              {
                title: t('petition.steps.contact'),
                rows: [
                  { label: t('petition.name'), value: v('name') || t('form.notGiven') },
                  { label: t('petition.phone'), value: v('phone') || t('form.notGiven') },
                  { label: t('petition.address'), value: v('address') || t('form.notGiven') },
                ],
                onEdit: () => {
                  setStep('contact');
                  setBackToReview(true);
                },
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
    </FormShell>
  );
}
