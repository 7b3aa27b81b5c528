import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../src-shared/format.js';
import { barScale, type BudgetRow } from '../../core/open-data/budget.js';
import { useLang } from '../../app/kiosk-context.js';
import { shortMnt } from './parts.js';

/**
 * Approved against spent, one row per organisation or kind of spending: the words and sums as
 * text (they grow with the visitor's text size and are read aloud), the bars as SVG drawn on one
 * scale for the whole chart (a light bar approved, a dark bar spent over it).
 */
export function BudgetChart({ rows, title, testId }: { rows: BudgetRow[]; title: string; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const scale = barScale(rows);
  return (
    <figure className="budget-chart" data-testid={testId}>
      <figcaption className="budget-chart-title">{title}</figcaption>
      <ul className="budget-rows">
        {rows.map((row) => (
          <li key={row.key} className="budget-row" data-testid={`${testId}-row`}>
            <span className="budget-row-label">
              {row.label}
              {row.percent !== null && (
                <strong className="budget-row-percent">{formatPercent(row.percent, lang)}</strong>
              )}
            </span>
            <svg className="budget-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect className="budget-bar-approved" x="0" y="0" width={scale(row.approved) * 100} height="10" />
              <rect className="budget-bar-executed" x="0" y="2" width={scale(row.executed) * 100} height="6" />
            </svg>
            <span className="budget-row-sums">
              {t('openData.budget.rowSummary', {
                approved: shortMnt(t, row.approved, lang),
                executed: shortMnt(t, row.executed, lang),
              })}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
