import { useState, type FormEvent } from 'react';
import {
  CASE_CHANNELS,
  caseListPageSchema,
  SUBMISSION_KINDS,
  SUBMISSION_STATUSES,
  type CaseRow,
  type CaseSort,
} from '../../src-shared/console/cases-api.js';
import { AGENCIES } from '../../src-shared/console/agencies.js';
import { formatCalendarDate, formatDateTime, formatNumber } from '../../src-shared/format.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { PETITION_CATEGORIES } from '../../src-shared/schemas/submission.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { useSession } from '../app/session.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { AimagField } from '../ui/AimagField.js';
import { DateField } from '../ui/DateField.js';
import { PageHeading } from '../ui/PageHeading.js';
import { TableWrap } from '../ui/TableWrap.js';
import { HearingSignupsPanel } from './HearingSignupsPanel.js';
import { SortHeader } from '../ui/Sortable.js';

const FILTERS = [
  'kind',
  'category',
  'service',
  'status',
  'aimag',
  'soum',
  'kiosk',
  'channel',
  'agency',
  'from',
  'to',
  'overdue',
  'dueWithinDays',
  'q',
] as const;
type Filter = (typeof FILTERS)[number];
type Draft = Record<Filter, string>;
const PAGE_SIZES = [25, 50, 100, 200];

function readQuery(search: URLSearchParams): Draft {
  return Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Draft;
}

/**
 * The case table: filters as the issue lists them, sorting and paging done by the server, the
 * total the database counted for the same filter, overdue rows in red, and CSV of exactly the
 * filtered rows. Everything is in the address, so a view can be reloaded, shared and exported.
 */
export function CasesPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { role } = session.operator;
  const location = useLocation();
  const applied = readQuery(location.search);
  const sort = (location.search.get('sort') ?? 'receivedAt') as CaseSort;
  const dir = location.search.get('dir') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number(location.search.get('page') ?? '1') || 1);
  const pageSize = Number(location.search.get('pageSize') ?? '50') || 50;
  const [draft, setDraft] = useState<Draft>(applied);

  const query = { ...applied, sort, dir, page, pageSize };
  const listUrl = api.url('/cases', query);
  const { data, error } = useLoad(caseListPageSchema, listUrl);
  const csvUrl = api.url('/cases/export', { ...applied, sort, dir });

  const go = (next: Record<string, string | number>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...applied, sort, dir, page, pageSize, ...next })) {
      if (v !== '' && v !== undefined) params.set(k, String(v));
    }
    navigate(`cases?${params.toString()}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ ...draft, page: 1 });
  };
  const clear = () => {
    const empty = Object.fromEntries(FILTERS.map((f) => [f, ''])) as Draft;
    setDraft(empty);
    navigate('cases');
  };
  const sortBy = (column: CaseSort) =>
    go({ sort: column, dir: column === sort && dir === 'desc' ? 'asc' : 'desc', page: 1 });
  const set = (f: Filter) => (e: { target: { value: string } }) => setDraft({ ...draft, [f]: e.target.value });

  const select = (f: Filter, label: MessageKey, options: readonly string[], prefix: string) => (
    <div className="field">
      <label htmlFor={`case-${f}`}>{t(label)}</label>
      <select id={`case-${f}`} value={draft[f]} onChange={set(f)}>
        <option value="">{t('common.all')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${prefix}.${o}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
  const text = (f: Filter, label: MessageKey, props: Record<string, string> = {}) => (
    <div className="field">
      <label htmlFor={`case-${f}`}>{t(label)}</label>
      <input id={`case-${f}`} value={draft[f]} onChange={set(f)} spellCheck={false} {...props} />
    </div>
  );

  const header = (column: CaseSort, label: MessageKey) => (
    <SortHeader
      active={sort === column}
      dir={dir}
      onSort={() => sortBy(column)}
      label={t('cases.sortBy', { column: t(label) })}
    >
      {t(label)}
    </SortHeader>
  );
  const lastPage = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;

  return (
    <>
      <PageHeading title={t('cases.heading')}>{t('cases.heading')}</PageHeading>
      <p>{t('cases.intro')}</p>
      <form className="filters" onSubmit={submit} aria-label={t('common.filters')}>
        {select('kind', 'cases.kind', SUBMISSION_KINDS, 'kinds')}
        {select('category', 'cases.category', PETITION_CATEGORIES, 'categories')}
        {text('service', 'cases.service')}
        {select('status', 'cases.status', SUBMISSION_STATUSES, 'statuses')}
        {role !== 'aimag_operator' && (
          <AimagField id="case-aimag" value={draft.aimag} onChange={(aimag) => setDraft({ ...draft, aimag })} />
        )}
        {text('soum', 'cases.soum', { inputMode: 'numeric' })}
        {text('kiosk', 'cases.kiosk', { inputMode: 'numeric' })}
        {select('channel', 'cases.channel', CASE_CHANNELS, 'channels')}
        {role !== 'agency_handler' && (
          <div className="field">
            <label htmlFor="case-agency">{t('cases.agency')}</label>
            <select id="case-agency" value={draft.agency} onChange={set('agency')}>
              <option value="">{t('common.all')}</option>
              {AGENCIES.map((a) => (
                <option key={a.id} value={a.id}>
                  {a[lang]}
                </option>
              ))}
            </select>
          </div>
        )}
        <DateField
          id="case-from"
          label="common.from"
          value={draft.from}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <DateField id="case-to" label="common.to" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        {text('dueWithinDays', 'cases.dueWithin', { type: 'number', min: '0', max: '366' })}
        {text('q', 'cases.q', { type: 'search' })}
        <div className="field check">
          <input
            id="case-overdue"
            type="checkbox"
            checked={draft.overdue === 'true'}
            onChange={(e) => setDraft({ ...draft, overdue: e.target.checked ? 'true' : '' })}
          />
          <label htmlFor="case-overdue">{t('cases.overdue')}</label>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('common.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('common.clear')}
          </button>
          <a className="button" href={csvUrl} download data-testid="cases-csv">
            {t('common.exportCsv')}
          </a>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {applied.kind === 'hearing_signup' && <HearingSignupsPanel aimag={applied.aimag} />}
      {data && (
        <>
          <p role="status" data-testid="cases-total">
            {t('common.total', { count: formatNumber(data.total, lang) })}
          </p>
          <TableWrap label={t('cases.caption', { count: formatNumber(data.total, lang) })}>
            <table data-testid="cases-table">
              <caption>{t('cases.caption', { count: formatNumber(data.total, lang) })}</caption>
              <thead>
                <tr>
                  {header('trackingNo', 'cases.trackingNo')}
                  {header('kind', 'cases.kind')}
                  <th scope="col">{t('cases.category')}</th>
                  {header('status', 'cases.status')}
                  <th scope="col">{t('cases.place')}</th>
                  <th scope="col">{t('cases.channel')}</th>
                  <th scope="col">{t('cases.agency')}</th>
                  {header('receivedAt', 'cases.receivedAt')}
                  {header('dueDate', 'cases.dueDate')}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <CaseTableRow key={row.id} row={row} />
                ))}
              </tbody>
            </table>
          </TableWrap>
          {data.rows.length === 0 && <p>{t('common.none')}</p>}
          <div className="pager">
            <button type="button" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
              {t('common.previous')}
            </button>
            <span>
              {t('common.page', { page })} / {lastPage}
            </span>
            <button type="button" disabled={page >= lastPage} onClick={() => go({ page: page + 1 })}>
              {t('common.next')}
            </button>
            <label htmlFor="case-page-size">{t('cases.pageSize')}</label>
            <select
              id="case-page-size"
              value={pageSize}
              onChange={(e) => go({ pageSize: Number(e.target.value), page: 1 })}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
    </>
  );
}

function CaseTableRow({ row }: { row: CaseRow }) {
  const { t, lang } = useI18n();
  const agency = AGENCIES.find((a) => a.id === row.agencyId);
  const aimag = row.aimagCode ? AIMAGS[row.aimagCode]?.[lang] : undefined;
  return (
    <tr className={row.overdue ? 'overdue' : undefined} data-testid={`case-row-${row.trackingNo}`}>
      <th scope="row" className="nowrap">
        <Link to={`cases/${row.id}`} aria-label={t('cases.open', { no: row.trackingNo })}>
          {row.trackingNo}
        </Link>
      </th>
      <td>{t(`kinds.${row.kind}`)}</td>
      <td>
        {row.petitionCategory && (PETITION_CATEGORIES as readonly string[]).includes(row.petitionCategory)
          ? t(`categories.${row.petitionCategory}` as MessageKey)
          : (row.serviceId ?? row.lawId ?? row.hearingId ?? '—')}
      </td>
      <td>{t(`statuses.${row.status}`)}</td>
      <td>
        {aimag ?? '—'}
        {row.soumCode ? ` · ${row.soumCode}` : ''} · {row.kioskCode}
      </td>
      <td>{t(`channels.${row.channel}`)}</td>
      <td>{agency ? agency[lang] : '—'}</td>
      <td className="nowrap">{formatDateTime(new Date(row.receivedAt), lang)}</td>
      <td className="nowrap">
        {row.dueDate ? formatCalendarDate(row.dueDate, lang) : '—'}
        {row.overdue && (
          <>
            {' '}
            <span className="badge overdue">{t('cases.overdueBadge')}</span>
          </>
        )}
      </td>
    </tr>
  );
}
