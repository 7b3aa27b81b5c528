import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { LAW_STAGES, type Law, type LawStage } from '../../../src-shared/schemas/law.js';
import { useLang } from '../../app/kiosk-context.js';
import type { Navigation } from '../../app/navigation.js';
import { commentWindowState, type WindowState } from './comment-window.js';
import { useAllCommentCounts, useLaws } from './laws-data.js';
import { WindowNotice } from './WindowNotice.js';
import './laws.css';

const WINDOW_ORDER: Record<WindowState['state'], number> = { open: 0, not_yet: 1, closed: 2 };

/** Open for comment first (the soonest to close on top), then those not yet open, then the closed. */
function byUrgency(collator: Intl.Collator, lang: 'mn' | 'kk' | 'en') {
  return (a: { law: Law; w: WindowState }, b: { law: Law; w: WindowState }) => {
    const order = WINDOW_ORDER[a.w.state] - WINDOW_ORDER[b.w.state];
    if (order !== 0) return order;
    if (a.w.state === 'open' && b.w.state === 'open' && a.w.daysLeft !== b.w.daysLeft)
      return a.w.daysLeft - b.w.daysLeft;
    return collator.compare(pickText(a.law.title, lang), pickText(b.law.title, lang));
  };
}

export function LawList({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const lang = useLang();
  const laws = useLaws();
  const counts = useAllCommentCounts();
  const [stage, setStage] = useState<LawStage | null>(null);
  const [initiator, setInitiator] = useState<string | null>(null);
  const collator = new Intl.Collator(lang);

  const all = (laws ?? []).map((law) => ({ law, w: commentWindowState(law) }));
  const stages = LAW_STAGES.filter((s) => all.some((x) => x.law.stage === s));
  const initiators = [...new Set(all.map((x) => pickText(x.law.initiator, lang)))].sort(collator.compare);
  const shown = all
    .filter((x) => stage === null || x.law.stage === stage)
    .filter((x) => initiator === null || pickText(x.law.initiator, lang) === initiator)
    .sort(byUrgency(collator, lang));

  return (
    <main className="screen law-list" data-testid="screen-laws">
      <h1>{t('laws.heading')}</h1>
      <p className="lead">{laws && laws.length === 0 ? t('laws.empty') : t('laws.intro')}</p>
      {all.length > 0 && (
        <div className="law-filters">
          <FilterRow
            label={t('laws.filterStage')}
            options={stages.map((s) => ({ value: s, label: t(`laws.stage.${s}`) }))}
            value={stage}
            onChange={(v) => setStage(v as LawStage | null)}
            testId="filter-stage"
          />
          <FilterRow
            label={t('laws.filterInitiator')}
            options={initiators.map((i) => ({ value: i, label: i }))}
            value={initiator}
            onChange={setInitiator}
            testId="filter-initiator"
          />
        </div>
      )}
      {laws && laws.length > 0 && shown.length === 0 && <p className="note">{t('laws.noneMatch')}</p>}
      <ul className="law-cards">
        {shown.map(({ law, w }) => {
          const total = counts.get(law.id)?.total;
          return (
            <li key={law.id}>
              <button
                type="button"
                className={`law-card law-card-${w.state}`}
                onClick={() => nav.go({ name: 'law', lawId: law.id })}
                data-testid={`law-${law.id}`}
                data-window={w.state}
              >
                <span className="law-card-title">{pickText(law.title, lang)}</span>
                <span className="law-card-meta">
                  <span className="law-badge">{t(`laws.stage.${law.stage}`)}</span>
                  {w.state === 'closed' && <span className="law-badge law-badge-closed">{t('laws.closedBadge')}</span>}
                  <span>{pickText(law.initiator, lang)}</span>
                </span>
                <WindowNotice law={law} compact />
                {total && (
                  <span className="law-card-counts">
                    {t('laws.totalComments', { count: total.for + total.against + total.neutral })}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </main>
  );
}

/** Big toggle buttons: "All" and one per value; one choice at a time. */
function FilterRow({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: { value: string; label: string }[];
  value: string | null;
  onChange(value: string | null): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="law-filter" role="group" aria-label={label} data-testid={testId}>
      <span className="law-filter-label" aria-hidden="true">
        {label}
      </span>
      <div className="law-filter-options">
        {[{ value: null, label: t('laws.filterAll') }, ...options].map((o) => (
          <button
            key={o.value ?? '*'}
            type="button"
            className={value === o.value ? 'law-toggle active' : 'law-toggle'}
            aria-pressed={value === o.value}
            onClick={() => onChange(o.value)}
            data-value={o.value ?? '*'}
          >
            {o.label}
          </button>
        ))}
      </div>
    </div>
  );
}
