import { useTranslation } from 'react-i18next';
import { formatMnt, formatPercent } from '../../../src-shared/format.js';
import type { BudgetRow, BudgetView } from '../../core/open-data/budget.js';
import { useLang } from '../../app/kiosk-context.js';

/**
 * The chart's numbers to the tögrög, with the total: the same rows, for those who read tables.
 * Each cell carries its column's name (`data-label`), shown beside it when rows are stacked.
 */
export function BudgetTable({
  rows,
  view,
  caption,
  nameHeader,
  testId,
}: {
  rows: BudgetRow[];
  view: BudgetView;
  caption: string;
  nameHeader: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const share = (p: number | null) => (p === null ? '—' : formatPercent(p, lang));
  return (
    // Where four columns do not fit (large text, a portrait screen), each row is laid out as a small card (CSS).
    <div className="open-data-table-wrap">
      <table className="open-data-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            <th scope="col">{t('openData.budget.approved')}</th>
            <th scope="col">{t('openData.budget.executed')}</th>
            <th scope="col">{t('openData.budget.share')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td data-label={t('openData.budget.approved')}>{formatMnt(r.approved, lang)}</td>
              <td data-label={t('openData.budget.executed')}>{formatMnt(r.executed, lang)}</td>
              <td data-label={t('openData.budget.share')}>{share(r.percent)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('openData.budget.total')}</th>
            <td data-label={t('openData.budget.approved')}>{formatMnt(view.approved, lang)}</td>
            <td data-label={t('openData.budget.executed')}>{formatMnt(view.executed, lang)}</td>
            <td data-label={t('openData.budget.share')}>{share(view.percent)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
