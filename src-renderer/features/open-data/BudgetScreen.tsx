import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMnt } from '../../../src-shared/format.js';
import type { AccountPayment, BudgetLine } from '../../../src-shared/schemas/open-data.js';
import { budgetView, distinctSources, type BudgetView } from '../../core/open-data/budget.js';
import type { OpenDataSummary } from '../../core/open-data/print.js';
import { useLang, useShell } from '../../app/kiosk-context.js';
import { useOpenData } from '../../data/open-data-hooks.js';
import { BudgetChart } from './BudgetChart.js';
import { BudgetTable } from './BudgetTable.js';
import { PaymentList } from './PaymentList.js';
import { EmptyNote, PrintSummaryButton, shortMnt, sourceLine, SourceNote, type T } from './parts.js';
import './open-data.css';

type Scope = 'soum' | 'aimag';

/** The one-sentence summary: "Сумын 2026 оны … төсвийн 57 хувь буюу … нь зарцуулагдсан." */
export function budgetSentence(t: T, view: BudgetView, scope: Scope, lang: Parameters<typeof shortMnt>[2]): string {
  return t(scope === 'soum' ? 'openData.budget.sentenceSoum' : 'openData.budget.sentenceAimag', {
    year: view.year,
    approved: shortMnt(t, view.approved, lang),
    executed: shortMnt(t, view.executed, lang),
    percent: view.percent ?? 0,
  });
}

/**
 * «Бидний мөнгө хаашаа явдаг вэ»: this kiosk's soum budget (or, by a toggle, its aimag's own
 * organisations), approved against spent, as bars with one sentence and a table toggle; then the
 * Transparent Account payments of the same place.
 */
export function BudgetScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const { place } = useShell().info;
  const [scope, setScope] = useState<Scope>('soum');
  const [asTable, setAsTable] = useState(false);
  const soumLines = useOpenData('budget-line', { soum: place.soum });
  const aimagLines = useOpenData('budget-line', { aimag: place.aimag });
  const soumPayments = useOpenData('account-payment', { soum: place.soum });
  const aimagPayments = useOpenData('account-payment', { aimag: place.aimag });

  const lines: BudgetLine[] | undefined = scope === 'soum' ? soumLines : aimagLines?.filter((l) => l.soum === null);
  const payments: AccountPayment[] | undefined =
    scope === 'soum' ? soumPayments : aimagPayments?.filter((p) => p.soum === null);
  const view = useMemo(() => (lines ? budgetView(lines) : undefined), [lines]);

  const sentence = view ? budgetSentence(t, view, scope, lang) : '';
  const summary = (): OpenDataSummary | null =>
    view && view.source
      ? {
          section: 'budget',
          title: t('openData.budget.printTitle'),
          heading: t(scope === 'soum' ? 'openData.budget.scopeSoum' : 'openData.budget.scopeAimag'),
          lines: [
            sentence,
            ...view.byEconomic
              .slice(0, 6)
              .map((r) => `${r.label}: ${formatMnt(r.executed, lang)} / ${formatMnt(r.approved, lang)}`),
          ],
          sourceUrl: view.source.url,
          sourceLine: sourceLine(t, view.source, lang),
        }
      : null;

  return (
    <main className="screen open-data budget" data-testid="screen-open-data-budget" data-scope={scope}>
      <h1>{t('openData.budget.heading')}</h1>
      <div className="open-data-scope" role="group" aria-label={t('openData.budget.scopeLabel')}>
        {(['soum', 'aimag'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className="choice open-data-scope-button"
            aria-pressed={scope === s}
            onClick={() => setScope(s)}
            data-testid={`budget-scope-${s}`}
          >
            {t(s === 'soum' ? 'openData.budget.scopeSoum' : 'openData.budget.scopeAimag')}
          </button>
        ))}
      </div>
      {view === undefined ? null : view === null ? (
        <EmptyNote text={lines && lines.length === 0 ? t('openData.empty') : t('openData.budget.none')} />
      ) : (
        <section className="budget-figures" aria-labelledby="budget-sentence">
          <p className="lead budget-sentence" id="budget-sentence" data-testid="budget-sentence">
            {sentence}
          </p>
          <div className="open-data-head">
            <p className="budget-legend">{asTable ? '' : t('openData.budget.legend')}</p>
            <button
              type="button"
              className="secondary-button"
              aria-pressed={asTable}
              onClick={() => setAsTable((v) => !v)}
              data-testid="budget-toggle-table"
            >
              {asTable ? t('openData.budget.showChart') : t('openData.budget.showTable')}
            </button>
          </div>
          {asTable ? (
            <>
              <BudgetTable
                rows={view.byOrganisation}
                view={view}
                caption={t('openData.budget.byOrganisation')}
                nameHeader={t('openData.budget.organisation')}
                testId="budget-table-organisation"
              />
              <BudgetTable
                rows={view.byEconomic}
                view={view}
                caption={t('openData.budget.byEconomic')}
                nameHeader={t('openData.budget.economic')}
                testId="budget-table-economic"
              />
            </>
          ) : (
            <>
              <BudgetChart
                rows={view.byOrganisation}
                title={t('openData.budget.byOrganisation')}
                testId="budget-chart-organisation"
              />
              <BudgetChart
                rows={view.byEconomic}
                title={t('openData.budget.byEconomic')}
                testId="budget-chart-economic"
              />
            </>
          )}
          {lines && distinctSources(lines).map((s) => <SourceNote key={s.url + s.takenOn} source={s} />)}
          <PrintSummaryButton summary={summary} />
        </section>
      )}
      {payments !== undefined && <PaymentList payments={payments} key={scope} />}
    </main>
  );
}
