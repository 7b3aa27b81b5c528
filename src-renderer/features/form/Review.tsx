import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../../../src-shared/format.js';
import type { FormField } from '../../../src-shared/schemas/content.js';
import { pickText, type Language } from '../../../src-shared/schemas/localized-text.js';
import { useLang } from '../../app/kiosk-context.js';
import { usePlace } from '../../data/hooks.js';

export interface ReviewSection {
  title: string;
  rows: { label: string; value: React.ReactNode }[];
  /** Left out for a section the citizen cannot change here (the hearing a sign-up is for). */
  onEdit?: () => void;
}

/** How an answer reads back to the citizen: option labels, not codes; dates as 2026.11.26. */
export function answerText(field: FormField, value: string | undefined, lang: Language, t: TFunction): React.ReactNode {
  if (value === undefined || value.trim() === '') return <span className="review-empty">{t('form.notGiven')}</span>;
  switch (field.type) {
    case 'select':
    case 'radio': {
      const option = field.options.find((o) => o.value === value);
      return option ? pickText(option.label, lang) : value;
    }
    case 'checkbox':
      return value === 'yes' || value === 'true' ? t('form.yes') : t('form.no');
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatCalendarDate(value, lang) : value;
    case 'place':
      return <PlaceName value={value} />;
    default:
      return value;
  }
}

function PlaceName({ value }: { value: string }) {
  const lang = useLang();
  const [aimagId = '', soumId = ''] = value.split('/');
  const aimag = usePlace(aimagId);
  if (!aimag) return <>{value}</>;
  const soum = aimag.soums.find((s) => s.id === soumId);
  return (
    <>
      {pickText(aimag.name, lang)}
      {soum ? `, ${pickText(soum.name, lang)}` : ''}
    </>
  );
}

/** The last step before sending: everything the citizen gave, section by section, each with "Change". */
export function ReviewAnswers({ sections }: { sections: ReviewSection[] }) {
  const { t } = useTranslation();
  return (
    <section className="review" data-testid="review" aria-labelledby="review-heading">
      <h2 id="review-heading">{t('form.reviewHeading')}</h2>
      <p className="lead">{t('form.reviewLead')}</p>
      {sections.map((section, i) => (
        <div className="review-section" key={i}>
          <div className="review-section-head">
            <h3>{section.title}</h3>
            {section.onEdit && (
              <button type="button" className="secondary-button" onClick={section.onEdit} data-testid={`edit-${i}`}>
                {t('form.change')}
              </button>
            )}
          </div>
          <dl>
            {section.rows.map((row, j) => (
              <div className="review-row" key={j}>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

/** Consent to the use of personal data, in plain words, as a large tick box. */
export function ConsentBox({
  text,
  checked,
  missing,
  onChange,
}: {
  /** The form's own consent wording (what is done with the data); the general one by default. */
  text?: string;
  checked: boolean;
  missing: boolean;
  onChange(value: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <div className={missing ? 'consent invalid' : 'consent'}>
      <p className="consent-text" id="consent-text">
        {text ?? t('consent.text')}
      </p>
      <label className="check-row big">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby="consent-text"
          aria-invalid={missing || undefined}
          data-testid="consent"
        />
        <span>{t('consent.agree')}</span>
      </label>
      {missing && (
        <p className="field-message error" role="alert" data-testid="consent-message">
          {t('consent.missing')}
        </p>
      )}
    </div>
  );
}
