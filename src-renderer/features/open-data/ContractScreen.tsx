import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatMnt } from '../../../src-shared/format.js';
import type { Contract } from '../../../src-shared/schemas/open-data.js';
import { contractStory, type ContractStep } from '../../core/open-data/contracts.js';
import type { OpenDataSummary } from '../../core/open-data/print.js';
import { useLang } from '../../app/kiosk-context.js';
import { useOpenRecord } from '../../data/open-data-hooks.js';
import { EmptyNote, PrintSummaryButton, sourceLine, SourceNote, type T } from './parts.js';
import './open-data.css';

const METHODS = ['open', 'selective', 'limited', 'direct'] as const;
const MILESTONE_STATUSES = ['met', 'scheduled', 'notMet', 'partiallyMet'] as const;

function methodWords(t: T, method: string | null): string {
  return t(`openData.contracts.method.${(METHODS as readonly string[]).includes(method ?? '') ? method : 'other'}`);
}

function milestoneWords(t: T, status: string | null): string {
  return t(
    `openData.contracts.milestoneStatus.${(MILESTONE_STATUSES as readonly string[]).includes(status ?? '') ? status : 'other'}`,
  );
}

/** What one step of the story says, in a line or two. */
function stepDetail(t: T, step: ContractStep, lang: Parameters<typeof formatMnt>[1]): string {
  switch (step.kind) {
    case 'tender':
      return methodWords(t, step.method);
    case 'award':
      return step.suppliers.join(', ');
    case 'contract':
      return formatMnt(step.value, lang);
    case 'milestone':
      return `${step.title} · ${milestoneWords(t, step.status)}`;
    case 'payment':
      return `${formatMnt(step.amount, lang)} · ${t('openData.contracts.paidSoFar', { amount: formatMnt(step.paidSoFar, lang) })}`;
  }
}

/** A contract's story from tender to payments: each step with its date, and how much is paid. */
export function ContractScreen({ contractId }: { contractId: string }) {
  const { t } = useTranslation();
  const contract = useOpenRecord('contract', contractId);
  if (contract === undefined) return <main className="screen open-data" data-testid="screen-open-data-contract" />;
  if (contract === null) {
    return (
      <main className="screen open-data" data-testid="screen-open-data-contract">
        <h1>{t('openData.contracts.heading')}</h1>
        <EmptyNote text={t('openData.contracts.missing')} />
      </main>
    );
  }
  return <ContractStory contract={contract} />;
}

function ContractStory({ contract: c }: { contract: Contract }) {
  const { t } = useTranslation();
  const lang = useLang();
  const story = contractStory(c);
  const paidSentence = t('openData.contracts.paidSentence', {
    value: formatMnt(c.value, lang),
    paid: formatMnt(story.paid, lang),
    percent: story.paidPercent ?? 0,
  });
  const summary = (): OpenDataSummary => ({
    section: 'contract',
    title: t('openData.contracts.printTitle'),
    heading: c.title,
    lines: [
      `${t('openData.contracts.buyer')}: ${c.buyer}`,
      ...(c.suppliers.length > 0 ? [`${t('openData.contracts.suppliers')}: ${c.suppliers.join(', ')}`] : []),
      paidSentence,
      ...story.steps.map(
        (s) =>
          `${s.date ? formatCalendarDate(s.date, lang) : t('openData.contracts.noDate')} ${t(`openData.contracts.step.${s.kind}`)}: ${stepDetail(t, s, lang)}`,
      ),
    ],
    sourceUrl: c.source.url,
    sourceLine: sourceLine(t, c.source, lang),
  });
  return (
    <main className="screen open-data contract" data-testid="screen-open-data-contract" data-contract-id={c.id}>
      <h1>{c.title}</h1>
      <dl className="open-data-facts" data-testid="contract-facts">
        <dt>{t('openData.contracts.buyer')}</dt>
        <dd>{c.buyer}</dd>
        {c.suppliers.length > 0 && (
          <>
            <dt>{t('openData.contracts.suppliers')}</dt>
            <dd>{c.suppliers.join(', ')}</dd>
          </>
        )}
        <dt>{t('openData.contracts.value')}</dt>
        <dd>{formatMnt(c.value, lang)}</dd>
        <dt>{t('openData.contracts.paid')}</dt>
        <dd data-testid="contract-paid">{formatMnt(story.paid, lang)}</dd>
        <dt>{t('openData.contracts.stageLabel')}</dt>
        <dd>{t(`openData.contracts.stage.${c.stage}`)}</dd>
      </dl>
      <p className="lead" data-testid="contract-paid-sentence">
        {paidSentence}
      </p>
      <h2>{t('openData.contracts.story')}</h2>
      <ol className="contract-story" data-testid="contract-story">
        {story.steps.map((s, i) => (
          <li key={i} className={`contract-step contract-step-${s.kind}`} data-testid={`contract-step-${s.kind}`}>
            <span className="contract-step-date">
              {s.date ? formatCalendarDate(s.date, lang) : t('openData.contracts.noDate')}
            </span>
            <span className="contract-step-what">{t(`openData.contracts.step.${s.kind}`)}</span>
            <span className="contract-step-detail">{stepDetail(t, s, lang)}</span>
          </li>
        ))}
      </ol>
      <SourceNote source={c.source} />
      <PrintSummaryButton summary={summary} />
    </main>
  );
}
