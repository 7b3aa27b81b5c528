import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { LAW_COMMENT_FORM, lawCommentContent } from '../../../src-shared/forms/kind-forms.js';
import { STANCES } from '../../../src-shared/schemas/submission.js';
import { useKiosk, useLang, useShell } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { FormShell } from '../form/FormShell.js';
import { useFormAnswers, type ErrorWording } from '../form/use-form-answers.js';
import { ArticleParagraphs, articleHeading } from './ArticleText.js';
import { commentWindowState } from './comment-window.js';
import { LawMissing } from './LawReader.js';
import { useLaw, useLawArticles, type ReaderArticle } from './laws-data.js';
import { WindowNotice } from './WindowNotice.js';
import './laws.css';

/** The comment's longest text (shared comment form), shown as the count's limit. */
const TEXT_MAX = (() => {
  const f = LAW_COMMENT_FORM.fields.find((x) => x.id === 'text');
  return f?.type === 'long_text' ? f.maxLength : 5000;
})();
/** The comment's own words for its most common errors; the rest are the shared field messages. */
const WORDING: ErrorWording = {
  stance: { required: 'laws.comment.errors.stance', bad_option: 'laws.comment.errors.stance' },
  text: { required: 'laws.comment.errors.text' },
};

/**
 * A comment on one article (or on the law as a whole): for / against / neutral, the text, and
 * only if the citizen wants, a name and a way to reach them. Outside the comment window the
 * form is replaced by an explanation; a library screen takes no comments at all.
 */
export function LawComment({
  nav,
  lawId,
  articleNumber,
  values,
  onChange,
}: {
  nav: Navigation;
  lawId: string;
  articleNumber: number | null;
  /** What the citizen has written so far: kept in the visit's drafts, so going back loses nothing. */
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const { info } = useShell();
  const lang = useLang();
  const law = useLaw(lawId);
  const articles = useLawArticles(lawId);
  if (law === undefined || articles === undefined) return <main className="screen" data-testid="screen-law-comment" />;
  if (law === null) return <LawMissing />;
  const article = articleNumber === null ? null : (articles.find((a) => a.number === articleNumber) ?? null);
  if (articleNumber !== null && article === null) return <LawMissing />;
  const state = commentWindowState(law).state;
  if (info.presentation !== 'library' && state === 'open') {
    return <CommentForm law={law} article={article} values={values} onChange={onChange} />;
  }
  return (
    <main className="screen law-comment" data-testid="screen-law-comment">
      <p className="law-comment-law">{pickText(law.title, lang)}</p>
      <CommentHeading article={article} />
      {article && <ArticleDetails article={article} />}
      {info.presentation === 'library' ? (
        <p className="note" data-testid="comment-library">
          {t('laws.comment.library')}
        </p>
      ) : (
        <div data-testid="comment-closed">
          <WindowNotice law={law} />
          <button
            type="button"
            className="secondary-button"
            onClick={() => nav.back()}
            data-testid="comment-closed-back"
          >
            {t('laws.comment.backToLaw')}
          </button>
        </div>
      )}
    </main>
  );
}

function CommentHeading({ article }: { article: ReaderArticle | null }) {
  const { t } = useTranslation();
  return (
    <h1>{article ? t('laws.comment.headingArticle', { number: article.number }) : t('laws.comment.headingLaw')}</h1>
  );
}

function ArticleDetails({ article }: { article: ReaderArticle }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <details className="law-comment-article">
      <summary>{articleHeading(t, article, lang)}</summary>
      <ArticleParagraphs article={article} lang={lang} />
    </details>
  );
}

function CommentForm({
  law,
  article,
  values,
  onChange,
}: {
  law: Law;
  article: ReaderArticle | null;
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const { submit } = useKiosk();
  const lang = useLang();
  const articleNumber = article ? article.number : null;
  const set = (key: string, value: string) => onChange({ ...values, [key]: value });
  const stance = STANCES.find((s) => s === values.stance) ?? null;
  const text = values.text ?? '';
  const name = values.name ?? '';
  const contact = values.contact ?? '';
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  // The window can close while the citizen writes (it closes at midnight): checked again on send.
  const [closedMeanwhile, setClosedMeanwhile] = useState(false);

  // The shared comment form: the same rule the server checks the opened envelope with.
  const { validation, errorText } = useFormAnswers(LAW_COMMENT_FORM, values, WORDING);
  const errors = {
    stance: errorText('stance') ?? null,
    text: errorText('text') ?? null,
    name: errorText('name') ?? null,
    contact: errorText('contact') ?? null,
  };
  const invalid = (Object.keys(errors) as (keyof typeof errors)[]).filter((k) => errors[k] !== null);
  const shown = (k: keyof typeof errors) => (showErrors ? errors[k] : null);

  async function send() {
    if (commentWindowState(law).state !== 'open') {
      setClosedMeanwhile(true);
      return;
    }
    if (invalid.length > 0 || stance === null) {
      setShowErrors(true);
      emitAppEvent('form-invalid', { count: invalid.length });
      const first = invalid[0] === 'stance' || invalid[0] === undefined ? 'stance-for' : invalid[0];
      document.querySelector<HTMLElement>(`[data-testid="comment-${first}"]`)?.focus();
      return;
    }
    setSaving(true);
    setSaveFailed(false);
    try {
      await submit({
        title: law.title,
        fields: { kind: 'law_comment', lawId: law.id, lawVersion: law.version, articleNumber, stance },
        personal: lawCommentContent(validation.values),
      });
    } catch {
      // Nothing typed is lost: the form stays as it was, with a plain explanation.
      setSaveFailed(true);
      setSaving(false);
    }
  }

  return (
    <FormShell
      testId="screen-law-comment"
      className="law-comment"
      formClassName="law-comment-form"
      lead={<p className="law-comment-law">{pickText(law.title, lang)}</p>}
      heading={article ? t('laws.comment.headingArticle', { number: article.number }) : t('laws.comment.headingLaw')}
      intro={article && <ArticleDetails article={article} />}
      errorCount={showErrors ? invalid.length : 0}
      saveFailed={saveFailed}
      saveFailedText={t('laws.comment.saveFailed')}
      primary={{
        label: saving ? t('laws.comment.saving') : t('laws.comment.submit'),
        testId: 'comment-submit',
        disabled: saving,
        describedBy: 'comment-consent',
      }}
      onSubmit={() => void send()}
    >
      {closedMeanwhile && (
        <div role="alert" data-testid="comment-closed-meanwhile">
          <WindowNotice law={law} />
        </div>
      )}
      <fieldset className={shown('stance') ? 'law-stance field-error' : 'law-stance'}>
        <legend>{t('laws.comment.stanceLegend')}</legend>
        <div className="law-stance-options">
          {STANCES.map((s) => (
            <button
              key={s}
              type="button"
              className={stance === s ? `law-stance-button stance-${s} active` : `law-stance-button stance-${s}`}
              aria-pressed={stance === s}
              onClick={() => set('stance', s)}
              data-testid={`comment-stance-${s}`}
              data-stance={s}
            >
              {t(`laws.comment.stance.${s}`)}
            </button>
          ))}
        </div>
        {shown('stance') && (
          <p className="message error" role="alert" data-testid="comment-stance-message">
            {shown('stance')}
          </p>
        )}
      </fieldset>
      <div className={shown('text') ? 'field field-error' : 'field'}>
        <label htmlFor="comment-text">{t('laws.comment.textLabel')}</label>
        <p className="message" id="comment-text-hint">
          {t('laws.comment.textHint', { count: text.length, max: TEXT_MAX })}
        </p>
        <textarea
          id="comment-text"
          rows={6}
          value={text}
          onChange={(e) => set('text', e.target.value)}
          aria-invalid={shown('text') ? true : undefined}
          aria-describedby={shown('text') ? 'comment-text-hint comment-text-message' : 'comment-text-hint'}
          data-testid="comment-text"
        />
        {shown('text') && (
          <p className="message error" id="comment-text-message" role="alert" data-testid="comment-text-message">
            {shown('text')}
          </p>
        )}
      </div>
      <OptionalField
        id="name"
        label={t('laws.comment.nameLabel')}
        value={name}
        onChange={(v) => set('name', v)}
        error={shown('name')}
      />
      <OptionalField
        id="contact"
        label={t('laws.comment.contactLabel')}
        contact
        value={contact}
        onChange={(v) => set('contact', v)}
        error={shown('contact')}
      />
      <p className="law-consent" id="comment-consent" data-testid="comment-consent">
        {t('laws.comment.consent')}
      </p>
    </FormShell>
  );
}

/** A one-line field the citizen may leave empty (their name, a way to reach them). */
function OptionalField({
  id,
  label,
  contact = false,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  /** A phone number or an e-mail address: the keyboard with letters, digits, @ and the dot. */
  contact?: boolean;
  value: string;
  onChange(value: string): void;
  error: string | null;
}) {
  const { t } = useTranslation();
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={`comment-${id}`}>
        {label} <span className="field-required">{t('laws.comment.optional')}</span>
      </label>
      <input
        id={`comment-${id}`}
        type="text"
        inputMode={contact ? 'email' : undefined}
        data-keyboard={contact ? 'contact' : undefined}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `comment-${id}-message` : undefined}
        data-testid={`comment-${id}`}
      />
      {error && (
        <p className="message error" id={`comment-${id}-message`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
