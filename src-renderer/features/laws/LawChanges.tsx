import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../../../src-shared/format.js';
import { diffLawVersions, type ArticleChange, type ParagraphChange } from '../../../src-shared/law-diff.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import type { Law } from '../../../src-shared/schemas/law.js';
import { useLang } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';

import { LawMissing } from './LawReader.js';
import { useLaw, useLawArticles, type ReaderArticle } from './laws-data.js';
import './laws.css';

/** "What changed": article by article, between two versions of the draft the citizen picks. */
export function LawChanges({ nav, lawId }: { nav: Navigation; lawId: string }) {
  const law = useLaw(lawId);
  const articles = useLawArticles(lawId);
  if (law === undefined || articles === undefined) return <main className="screen" data-testid="screen-law-changes" />;
  if (law === null) return <LawMissing />;
  return <Changes nav={nav} law={law} articles={articles} />;
}

function Changes({ nav, law, articles }: { nav: Navigation; law: Law; articles: ReaderArticle[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const versions = Array.from({ length: law.version }, (_, i) => i + 1);
  const [from, setFrom] = useState(Math.max(1, law.version - 1));
  const [to, setTo] = useState(law.version);
  const changes = useMemo(() => (from < to ? diffLawVersions(law, articles, from, to) : []), [law, articles, from, to]);
  const note = law.changelog.find((c) => c.version === to);

  const picker = (
    label: string,
    value: number,
    set: (v: number) => void,
    testId: string,
    allowed: (v: number) => boolean,
  ) => (
    <div className="law-filter" role="group" aria-label={label} data-testid={testId}>
      <span className="law-filter-label" aria-hidden="true">
        {label}
      </span>
      <div className="law-filter-options">
        {versions.map((v) => {
          const entry = law.changelog.find((c) => c.version === v);
          return (
            <button
              key={v}
              type="button"
              className={value === v ? 'law-toggle active' : 'law-toggle'}
              aria-pressed={value === v}
              disabled={!allowed(v)}
              onClick={() => set(v)}
              data-value={v}
            >
              {entry
                ? t('laws.changes.versionDated', { version: v, date: formatCalendarDate(entry.date, lang) })
                : t('laws.changes.version', { version: v })}
            </button>
          );
        })}
      </div>
    </div>
  );

  return (
    <main className="screen law-changes" data-testid="screen-law-changes">
      <p className="law-comment-law">{pickText(law.title, lang)}</p>
      <h1>{t('laws.changes.heading')}</h1>
      {law.version < 2 ? (
        <p className="note">{t('laws.changes.onlyOne')}</p>
      ) : (
        <>
          <div className="law-filters">
            {picker(t('laws.changes.from'), from, setFrom, 'changes-from', (v) => v < to)}
            {picker(t('laws.changes.to'), to, setTo, 'changes-to', (v) => v > from)}
          </div>
          {note && <p className="lead">{pickText(note.note, lang)}</p>}
          {lang !== 'mn' && <p className="note">{t('laws.changes.mongolianOnly')}</p>}
          <p className="law-changes-summary" role="status" data-testid="changes-count" data-count={changes.length}>
            {t('laws.changes.count', { count: changes.length, from, to })}
          </p>
          <ol className="law-change-list">
            {changes.map((c) => (
              <ChangeView
                key={c.number}
                change={c}
                onRead={
                  c.kind === 'removed' ? undefined : () => nav.go({ name: 'law', lawId: law.id, article: c.number })
                }
              />
            ))}
          </ol>
        </>
      )}
    </main>
  );
}

function ChangeView({ change, onRead }: { change: ArticleChange; onRead: (() => void) | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const shown = change.paragraphs.filter((p) => p.kind !== 'same');
  const unchanged = change.paragraphs.length - shown.length;
  return (
    <li
      className={`law-change law-change-${change.kind}`}
      data-testid={`change-${change.number}`}
      data-kind={change.kind}
      aria-labelledby={`change-${change.number}-heading`}
    >
      <h2 id={`change-${change.number}-heading`}>
        <span className={`law-badge law-badge-${change.kind}`}>{t(`laws.changes.kind.${change.kind}`)}</span>{' '}
        {t('laws.articleHeading', { number: change.number, title: pickText(change.title, lang) })}
      </h2>
      <ul className="law-change-rows">
        {shown.map((p) => (
          <ParagraphChangeView key={p.number} change={p} />
        ))}
      </ul>
      {unchanged > 0 && <p className="message">{t('laws.changes.unchanged', { count: unchanged })}</p>}
      {onRead && (
        <button
          type="button"
          className="secondary-button"
          onClick={onRead}
          data-testid={`change-${change.number}-read`}
        >
          {t('laws.changes.read', { number: change.number })}
        </button>
      )}
    </li>
  );
}

function ParagraphChangeView({ change }: { change: ParagraphChange }) {
  const { t } = useTranslation();
  return (
    <li className={`law-row law-row-${change.kind}`} data-kind={change.kind} data-number={change.number}>
      <p className="law-row-label">
        <span className="law-number">{change.number}.</span> {t(`laws.changes.rowKind.${change.kind}`)}
      </p>
      {change.before !== undefined && (
        <p className="law-row-before">
          <span className="law-row-tag">{t('laws.changes.before')}</span>{' '}
          <span lang="mn">{change.kind === 'removed' ? <del>{change.before}</del> : change.before}</span>
        </p>
      )}
      {change.after !== undefined && (
        <p className="law-row-after">
          <span className="law-row-tag">{t('laws.changes.after')}</span>{' '}
          <span lang="mn">{change.kind === 'added' ? <ins>{change.after}</ins> : change.after}</span>
        </p>
      )}
    </li>
  );
}
