import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  byRateDescending,
  rateChartSeries,
  ratePercent,
  summarizeRates,
} from '../../../src-shared/charts/report-chart.js';
import { formatCalendarDate, formatNumber, formatPercent } from '../../../src-shared/format.js';
import { AIMAGS } from '../../../src-shared/rules/aimag-codes.js';
import { pickText } from '../../../src-shared/schemas/localized-text.js';
import { useLang } from '../../app/kiosk-context.js';
import { usePetitionReport } from '../../data/hooks.js';
import { BarChart } from './BarChart.js';
import './report.css';

/**
 * «Өргөдөл, гомдлын шийдвэрлэлт»: how the government answered petitions in the last year, by
 * aimag, from the report the server publishes as signed content. One sentence, a chart of the
 * on-time rate per aimag, and the same numbers as a table (a toggle). No personal data exists
 * in it to show.
 */
export function PetitionReportScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const [asTable, setAsTable] = useState(false);
  const data = usePetitionReport();
  if (data === undefined) return <main className="screen petition-report" data-testid="screen-petition-report" />;
  const { report, places } = data;
  if (!report) {
    return (
      <main className="screen petition-report" data-testid="screen-petition-report">
        <h1>{t('report.heading')}</h1>
        <p className="lead" data-testid="report-empty">
          {t('report.empty')}
        </p>
      </main>
    );
  }

  const placeNames = new Map(places.map((p) => [p.id, pickText(p.name, lang)]));
  const aimagName = (code: string) =>
    placeNames.get(code) ?? (lang === 'en' ? AIMAGS[code]?.en : AIMAGS[code]?.mn) ?? code;
  const rows = byRateDescending(report.aimags.map((a) => ({ ...a, key: a.aimagCode })));
  const summary = summarizeRates(report.national, rows);
  const percent = (value: number | null) => (value === null ? t('report.notJudged') : formatPercent(value, lang));
  const period = {
    from: formatCalendarDate(report.from, lang),
    to: formatCalendarDate(report.to, lang),
  };
  const sentence =
    summary.ratePercent === null
      ? t('report.sentenceNone', { ...period, total: formatNumber(summary.total, lang) })
      : t(summary.best ? 'report.sentence' : 'report.sentenceNoBest', {
          ...period,
          total: formatNumber(summary.total, lang),
          rate: percent(summary.ratePercent),
          best: summary.best ? aimagName(summary.best.key) : '',
          bestRate: summary.best ? percent(summary.best.ratePercent) : '',
        });
  const series = rateChartSeries(rows, aimagName, { onTimeRate: t('report.onTimeRate'), total: t('report.total') });

  return (
    <main className="screen petition-report" data-testid="screen-petition-report">
      <h1>{t('report.heading')}</h1>
      <p className="lead report-sentence" data-testid="report-sentence">
        {sentence}
      </p>
      <section className="report-chart" aria-labelledby="report-chart-title">
        <div className="report-chart-head">
          <h2 id="report-chart-title">{t('report.chartTitle')}</h2>
          <button
            type="button"
            className="secondary-button"
            aria-pressed={asTable}
            onClick={() => setAsTable((v) => !v)}
            data-testid="report-toggle-table"
          >
            {asTable ? t('report.showChart') : t('report.showTable')}
          </button>
        </div>
        {asTable ? (
          <table className="report-table" data-testid="report-table">
            <caption>{t('report.tableCaption', period)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.aimag')}</th>
                <th scope="col">{t('report.total')}</th>
                <th scope="col">{t('report.closed')}</th>
                <th scope="col">{t('report.closedOnTime')}</th>
                <th scope="col">{t('report.openOverdue')}</th>
                <th scope="col">{t('report.onTimeRate')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.aimagCode} data-testid={`report-row-${row.aimagCode}`}>
                  <th scope="row">{aimagName(row.aimagCode)}</th>
                  <td>{formatNumber(row.total, lang)}</td>
                  <td>{formatNumber(row.closed, lang)}</td>
                  <td>{formatNumber(row.closedOnTime, lang)}</td>
                  <td>{formatNumber(row.openOverdue, lang)}</td>
                  <td>{percent(ratePercent(row.onTimeRate))}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="report-row-national">
                <th scope="row">{t('report.national')}</th>
                <td>{formatNumber(report.national.total, lang)}</td>
                <td>{formatNumber(report.national.closed, lang)}</td>
                <td>{formatNumber(report.national.closedOnTime, lang)}</td>
                <td>{formatNumber(report.national.openOverdue, lang)}</td>
                <td>{percent(ratePercent(report.national.onTimeRate))}</td>
              </tr>
            </tfoot>
          </table>
        ) : (
          <BarChart series={series} label={sentence} testId="report-chart" />
        )}
      </section>
      <p className="report-note">{t('report.definition')}</p>
    </main>
  );
}
