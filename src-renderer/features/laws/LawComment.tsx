import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { useKiosk } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { ArticleParagraphs, articleHeading } from './ArticleText.js';
import { commentWindowState } from './comment-window.js';
import { LawMissing } from './LawReader.js';
import { useLaw, useLawArticles, type ReaderArticle } from './laws-data.js';
import { WindowNotice } from './WindowNotice.js';
import './laws.css';

export const STANCES = ['for', 'against', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];
const TEXT_MAX = 5000;
const NAME_MAX = 200;
const CONTACT_MAX = 200;

/**
 * A comment on one article (or on the law as a whole): for / against / neutral, the text, and
 * only if the citizen wants, a name and a way to reach them. Outside the comment window the
 * form is replaced by an explanation; a library screen takes no comments at all.
 */
export function LawComment({
  nav,
  lawId,
  articleNumber,
}: {
  nav: Navigation;
  lawId: string;
  articleNumber: number | null;
}) {
  const { t } = useTranslation();
  const { db, info } = useKiosk();
  const law = useLaw(db, lawId);
  const articles = useLawArticles(db, lawId);
  if (law === undefined || articles === undefined) return <main className="screen" data-testid="screen-law-comment" />;
  if (law === null) return <LawMissing />;
  const article = articleNumber === null ? null : (articles.find((a) => a.number === articleNumber) ?? null);
  if (articleNumber !== null && article === null) return <LawMissing />;
  const state = commentWindowState(law).state;
  return (
    <main className="screen law-comment" data-testid="screen-law-comment">
      <CommentHeading law={law} article={article} />
      {info.presentation === 'library' ? (
        <p className="note" data-testid="comment-library">
          {t('laws.comment.library')}
        </p>
      ) : state !== 'open' ? (
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
      ) : (
        <CommentForm law={law} articleNumber={article ? article.number : null} />
      )}
    </main>
  );
}

function CommentHeading({ law, article }: { law: Law; article: ReaderArticle | null }) {
  const { t } = useTranslation();
  const { lang } = useKiosk();
  return (
    <>
      <p className="law-comment-law">{pickText(law.title, lang)}</p>
      <h1>{article ? t('laws.comment.headingArticle', { number: article.number }) : t('laws.comment.headingLaw')}</h1>
      {article && (
        <details className="law-comment-article">
          <summary>{articleHeading(t, article, lang)}</summary>
          <ArticleParagraphs article={article} lang={lang} />
        </details>
      )}
    </>
  );
}

function CommentForm({ law, articleNumber }: { law: Law; articleNumber: number | null }) {
  const { t } = useTranslation();
  const { submit } = useKiosk();
  const [stance, setStance] = useState<Stance | null>(null);
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);

  const errors = {
    stance: stance === null ? t('laws.comment.errors.stance') : null,
    text:
      text.trim() === ''
        ? t('laws.comment.errors.text')
        : text.length > TEXT_MAX
          ? t('laws.comment.errors.tooLong', { max: TEXT_MAX })
          : null,
    name: name.length > NAME_MAX ? t('laws.comment.errors.tooLong', { max: NAME_MAX }) : null,
    contact: contact.length > CONTACT_MAX ? t('laws.comment.errors.tooLong', { max: CONTACT_MAX }) : null,
  };
  const invalid = (Object.keys(errors) as (keyof typeof errors)[]).filter((k) => errors[k] !== null);
  const shown = (k: keyof typeof errors) => (showErrors ? errors[k] : null);

  async function send() {
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
        personal: {
          text: text.trim(),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(contact.trim() ? { contact: contact.trim() } : {}),
        },
      });
    } catch {
      // Nothing typed is lost: the form stays as it was, with a plain explanation.
      setSaveFailed(true);
      setSaving(false);
    }
  }

  return (
    <form
      className="law-comment-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <fieldset className={shown('stance') ? 'law-stance field-error' : 'law-stance'}>
        <legend>{t('laws.comment.stanceLegend')}</legend>
        <div className="law-stance-options">
          {STANCES.map((s) => (
            <button
              key={s}
              type="button"
              className={stance === s ? `law-stance-button stance-${s} active` : `law-stance-button stance-${s}`}
              aria-pressed={stance === s}
              onClick={() => setStance(s)}
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
          onChange={(e) => setText(e.target.value)}
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
      <div className={shown('name') ? 'field field-error' : 'field'}>
        <label htmlFor="comment-name">
          {t('laws.comment.nameLabel')} <span className="field-required">{t('laws.comment.optional')}</span>
        </label>
        <input
          id="comment-name"
          type="text"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={shown('name') ? true : undefined}
          data-testid="comment-name"
        />
        {shown('name') && (
          <p className="message error" role="alert">
            {shown('name')}
          </p>
        )}
      </div>
      <div className={shown('contact') ? 'field field-error' : 'field'}>
        <label htmlFor="comment-contact">
          {t('laws.comment.contactLabel')} <span className="field-required">{t('laws.comment.optional')}</span>
        </label>
        <input
          id="comment-contact"
          type="text"
          inputMode="tel"
          autoComplete="off"
          value={contact}
          onChange={(e) => setContact(e.target.value)}
          aria-invalid={shown('contact') ? true : undefined}
          data-testid="comment-contact"
        />
        {shown('contact') && (
          <p className="message error" role="alert">
            {shown('contact')}
          </p>
        )}
      </div>
      <p className="law-consent" id="comment-consent" data-testid="comment-consent">
        {t('laws.comment.consent')}
      </p>
      {saveFailed && (
        <p className="form-summary error" role="alert" data-testid="comment-save-failed">
          {t('laws.comment.saveFailed')}
        </p>
      )}
      <button
        type="submit"
        className="primary-button"
        disabled={saving}
        aria-describedby="comment-consent"
        data-testid="comment-submit"
      >
        {saving ? t('laws.comment.saving') : t('laws.comment.submit')}
      </button>
    </form>
  );
}
