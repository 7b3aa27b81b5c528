import { useState, type FormEvent } from 'react';
import { byRateDescending, rateChartSeries, summarizeRates } from '../../src-shared/charts/report-chart.js';
import { findAgency } from '../../src-shared/console/agencies.js';
import {
  petitionReportSchema,
  publicReportPublishResponseSchema,
  type PetitionReport,
  type ReportGroupRow,
  type ReportTable,
} from '../../src-shared/console/report-api.js';
import { addDays, formatCalendarDate, formatNumber, isoDateInMongolia } from '../../src-shared/format.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { navigate, useLocation } from '../app/router.js';
import { describeError, useSession } from '../app/session.js';
import { useI18n, type MessageKey, type Translate } from '../i18n/i18n.js';
import { AimagField } from '../ui/AimagField.js';
import { BarChart } from '../ui/BarChart.js';
import { PageHeading } from '../ui/PageHeading.js';
import { TableWrap } from '../ui/TableWrap.js';
import { DateField } from '../ui/DateField.js';

type GroupTable = Exclude<ReportTable, 'summary' | 'law-comments'>;
const GROUP_TABLES: { table: GroupTable; rows: (r: PetitionReport) => ReportGroupRow[] }[] = [
  { table: 'by-category', rows: (r) => r.byCategory },
  { table: 'by-agency', rows: (r) => r.byAgency },
  { table: 'by-aimag', rows: (r) => r.byAimag },
  { table: 'by-soum', rows: (r) => r.bySoum },
  { table: 'by-channel', rows: (r) => r.byChannel },
];

const percent = (rate: number | null, lang: string) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toLocaleString(lang === 'en' ? 'en-GB' : 'mn-MN')}%`;

/** Days to close, to one decimal (a percentile interpolates between whole days). */
const days = (value: number | null, lang: string) =>
  value === null ? '—' : (Math.round(value * 10) / 10).toLocaleString(lang === 'en' ? 'en-GB' : 'mn-MN');

/**
 * The 11-11 report for a date range and any aimag: the figures the database computed, and for
 * each table a chart (Chart.js) with a one-sentence summary, a "show as table" toggle with the
 * same numbers, and the table's CSV from the server.
 */
export function ReportPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const location = useLocation();
  const today = isoDateInMongolia(new Date());
  const applied = {
    from: location.search.get('from') ?? addDays(today, -89),
    to: location.search.get('to') ?? today,
    aimag: location.search.get('aimag') ?? '',
  };
  const [draft, setDraft] = useState(applied);
  const { data, error } = useLoad(petitionReportSchema, api.url('/report', applied));
  const [published, setPublished] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const params = new URLSearchParams(Object.entries(draft).filter(([, v]) => v !== ''));
    navigate(`report?${params.toString()}`);
  };
  const publishPublic = async () => {
    try {
      const res = await api.json(publicReportPublishResponseSchema, 'POST', api.url('/report/public'), {});
      setPublished({
        ok: true,
        text: res.published ? t('report.publicDone', { seq: res.seq ?? '' }) : t('report.publicSame'),
      });
    } catch (err) {
      setPublished({ ok: false, text: describeError(t, err) });
    }
  };
  const nameOf = (table: GroupTable) => (key: string) => groupName(t, lang, table, key);

  return (
    <>
      <PageHeading title={t('report.heading')}>{t('report.heading')}</PageHeading>
      <p>{t('report.intro')}</p>
      <form className="filters" onSubmit={submit} aria-label={t('common.filters')}>
        <DateField
          id="report-from"
          label="common.from"
          value={draft.from}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <DateField id="report-to" label="common.to" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        {session.operator.role !== 'aimag_operator' && (
          <AimagField id="report-aimag" value={draft.aimag} onChange={(aimag) => setDraft({ ...draft, aimag })} />
        )}
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('report.make')}
          </button>
          {session.operator.role === 'admin' && (
            <button type="button" onClick={() => void publishPublic()}>
              {t('report.publishPublic')}
            </button>
          )}
        </div>
      </form>
      {published && (
        <p className={published.ok ? 'success' : 'error'} role={published.ok ? 'status' : 'alert'}>
          {published.text}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <p className="timeline-when">{t('report.asOf', { date: formatCalendarDate(data.asOf, lang) })}</p>
          <section aria-labelledby="report-summary">
            <h2 id="report-summary">{t('report.tables.summary')}</h2>
            <div className="figures" data-testid="report-summary">
              {(
                [
                  ['report.total', formatNumber(data.summary.total, lang)],
                  ['report.closed', formatNumber(data.summary.closed, lang)],
                  ['report.open', formatNumber(data.summary.open, lang)],
                  ['report.openOverdue', formatNumber(data.summary.openOverdue, lang)],
                  ['report.backlog', formatNumber(data.summary.backlogOver30Days, lang)],
                  ['report.onTimeRate', percent(data.summary.onTimeRate, lang)],
                  ['report.median', days(data.summary.medianDaysToClose, lang)],
                  ['report.p90', days(data.summary.p90DaysToClose, lang)],
                ] as [MessageKey, string | number][]
              ).map(([label, value]) => (
                <div className="figure" key={label}>
                  <span className="value">{value}</span>
                  {t(label)}
                </div>
              ))}
            </div>
            <a className="button" href={api.url('/report', { ...applied, format: 'csv', table: 'summary' })} download>
              {t('common.exportCsv')}: {t('report.tables.summary')}
            </a>
          </section>
          <div className="report-grid">
            {GROUP_TABLES.map(({ table, rows }) => (
              <GroupSection
                key={table}
                table={table}
                rows={rows(data)}
                overall={data.summary}
                name={nameOf(table)}
                csvUrl={api.url('/report', { ...applied, format: 'csv', table })}
              />
            ))}
          </div>
          <LawComments
            report={data}
            csvUrl={api.url('/report', { ...applied, format: 'csv', table: 'law-comments' })}
          />
        </>
      )}
    </>
  );
}

function groupName(t: Translate, lang: 'mn' | 'en', table: GroupTable, key: string): string {
  if (key === '') return t('report.none');
  switch (table) {
    case 'by-category':
      return t(`categories.${key}` as MessageKey);
    case 'by-agency':
      return findAgency(key)?.[lang] ?? key;
    case 'by-aimag':
      return AIMAGS[key]?.[lang] ?? key;
    case 'by-channel':
      return t(`channels.${key}` as MessageKey);
    case 'by-soum':
      return key;
  }
}

function GroupSection({
  table,
  rows,
  overall,
  name,
  csvUrl,
}: {
  table: GroupTable;
  rows: ReportGroupRow[];
  overall: PetitionReport['summary'];
  name: (key: string) => string;
  csvUrl: string;
}) {
  const { t, lang } = useI18n();
  const [asTable, setAsTable] = useState(false);
  const sorted = byRateDescending(rows);
  const summary = summarizeRates(overall, rows);
  const pct = (v: number | null) => (v === null ? t('report.noRate') : `${v}%`);
  let sentence =
    overall.total === 0
      ? t('report.sentenceEmpty')
      : t('report.sentence', { total: formatNumber(summary.total, lang), rate: pct(summary.ratePercent) });
  if (summary.best && summary.worst) {
    sentence += ` ${t('report.sentenceBest', {
      best: name(summary.best.key),
      bestRate: pct(summary.best.ratePercent),
      worst: name(summary.worst.key),
      worstRate: pct(summary.worst.ratePercent),
    })}`;
  } else if (summary.best) {
    sentence += ` ${t('report.sentenceOnly', { best: name(summary.best.key), bestRate: pct(summary.best.ratePercent) })}`;
  }
  const title = t(`report.tables.${table}`);
  const series = rateChartSeries(sorted, name, { onTimeRate: t('report.onTimeRate'), total: t('report.total') });
  const id = `report-${table}`;
  return (
    <section className="card" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      <p className="summary-sentence" data-testid={`${id}-sentence`}>
        {sentence}
      </p>
      <div className="filter-buttons">
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('common.showChart') : t('common.showTable')}
        </button>
        <a className="button" href={csvUrl} download>
          {t('common.exportCsv')}
        </a>
      </div>
      {asTable ? (
        <TableWrap label={title}>
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.group')}</th>
                <th scope="col" className="num">
                  {t('report.total')}
                </th>
                <th scope="col" className="num">
                  {t('report.closed')}
                </th>
                <th scope="col" className="num">
                  {t('report.closedOnTime')}
                </th>
                <th scope="col" className="num">
                  {t('report.openOverdue')}
                </th>
                <th scope="col" className="num">
                  {t('report.backlog')}
                </th>
                <th scope="col" className="num">
                  {t('report.onTimeRate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{name(r.key)}</th>
                  <td className="num">{formatNumber(r.total, lang)}</td>
                  <td className="num">{formatNumber(r.closed, lang)}</td>
                  <td className="num">{formatNumber(r.closedOnTime, lang)}</td>
                  <td className="num">{formatNumber(r.openOverdue, lang)}</td>
                  <td className="num">{formatNumber(r.backlogOver30Days, lang)}</td>
                  <td className="num">{percent(r.onTimeRate, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : sorted.length > 0 ? (
        <BarChart
          series={series}
          label={`${t('report.chartOf', { table: title })}. ${sentence}`}
          testId={`${id}-chart`}
        />
      ) : (
        <p>{t('common.none')}</p>
      )}
    </section>
  );
}

function LawComments({ report, csvUrl }: { report: PetitionReport; csvUrl: string }) {
  const { t, lang } = useI18n();
  const [asTable, setAsTable] = useState(false);
  const byLaw = new Map<string, number>();
  for (const r of report.lawComments) byLaw.set(r.lawId, (byLaw.get(r.lawId) ?? 0) + r.total);
  const total = [...byLaw.values()].reduce((a, b) => a + b, 0);
  const top = [...byLaw.entries()].sort((a, b) => b[1] - a[1])[0];
  const sentence = top
    ? t('report.lawSentence', { law: top[0], count: formatNumber(top[1], lang), total: formatNumber(total, lang) })
    : t('common.none');
  const rows = report.lawComments;
  const label = (r: PetitionReport['lawComments'][number]) =>
    `${r.lawId} · ${r.article === null ? t('report.wholeLaw') : `${t('report.article')} ${r.article}`}`;
  const series = {
    labels: rows.map(label),
    datasets: [{ id: 'total' as const, label: t('report.total'), values: rows.map((r) => r.total) }],
  };
  return (
    <section className="card" aria-labelledby="report-law-comments" data-testid="report-law-comments">
      <h2 id="report-law-comments">{t('report.tables.law-comments')}</h2>
      <p className="summary-sentence">{sentence}</p>
      <div className="filter-buttons">
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('common.showChart') : t('common.showTable')}
        </button>
        <a className="button" href={csvUrl} download>
          {t('common.exportCsv')}
        </a>
      </div>
      {rows.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : asTable ? (
        <TableWrap label={t('report.tables.law-comments')}>
          <table>
            <caption>{t('report.tables.law-comments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.law')}</th>
                <th scope="col">{t('report.article')}</th>
                <th scope="col" className="num">
                  {t('report.total')}
                </th>
                <th scope="col" className="num">
                  {t('report.for')}
                </th>
                <th scope="col" className="num">
                  {t('report.against')}
                </th>
                <th scope="col" className="num">
                  {t('report.neutral')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.lawId}-${r.article ?? 'all'}`}>
                  <th scope="row">{r.lawId}</th>
                  <td>{r.article ?? t('report.wholeLaw')}</td>
                  <td className="num">{r.total}</td>
                  <td className="num">{r.for}</td>
                  <td className="num">{r.against}</td>
                  <td className="num">{r.neutral}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <BarChart series={series} label={sentence} testId="report-law-comments-chart" />
      )}
    </section>
  );
}
