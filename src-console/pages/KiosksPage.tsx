import { useState, type FormEvent } from 'react';
import { KIOSK_STATES, kioskListPageSchema } from '../../src-shared/console/cases-api.js';
import { formatDateTime, formatNumber } from '../../src-shared/format.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { navigate, useLocation } from '../app/router.js';
import { useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { AimagField } from '../ui/AimagField.js';
import { PageHeading } from '../ui/PageHeading.js';
import { TableWrap } from '../ui/TableWrap.js';
import { FleetPanel } from './FleetPanel.js';
import { EnrolmentCodePanel } from './EnrolmentCodePanel.js';

/** Every registered kiosk: place, last contact and push, content behind, submissions this week; filters; CSV. */
export function KiosksPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const location = useLocation();
  const applied = { aimag: location.search.get('aimag') ?? '', state: location.search.get('state') ?? '' };
  const [draft, setDraft] = useState(applied);
  const { data, error } = useLoad(kioskListPageSchema, api.url('/kiosks', applied));
  const when = (at: string | null) => (at ? formatDateTime(new Date(at), lang) : t('kiosks.never'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const params = new URLSearchParams(Object.entries(draft).filter(([, v]) => v !== ''));
    navigate(`kiosks${params.size ? `?${params.toString()}` : ''}`);
  };
  return (
    <>
      <PageHeading title={t('kiosks.heading')}>{t('kiosks.heading')}</PageHeading>
      <p>{t('kiosks.intro')}</p>
      <EnrolmentCodePanel />
      <form className="filters" onSubmit={submit} aria-label={t('common.filters')}>
        {session.operator.role !== 'aimag_operator' && (
          <AimagField id="kiosk-aimag" value={draft.aimag} onChange={(aimag) => setDraft({ ...draft, aimag })} />
        )}
        <div className="field">
          <label htmlFor="kiosk-state">{t('kiosks.state')}</label>
          <select id="kiosk-state" value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {KIOSK_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`kiosks.states.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('common.apply')}
          </button>
          <a className="button" href={api.url('/kiosks/export', applied)} download data-testid="kiosks-csv">
            {t('common.exportCsv')}
          </a>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <TableWrap label={t('kiosks.caption', { count: data.rows.length, seq: data.latestContentSeq })}>
          <table data-testid="kiosks-table">
            <caption>{t('kiosks.caption', { count: data.rows.length, seq: data.latestContentSeq })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('kiosks.code')}</th>
                <th scope="col">{t('kiosks.name')}</th>
                <th scope="col">{t('kiosks.place')}</th>
                <th scope="col">{t('kiosks.lastContact')}</th>
                <th scope="col">{t('kiosks.lastPush')}</th>
                <th scope="col" className="num">
                  {t('kiosks.behind')}
                </th>
                <th scope="col" className="num">
                  {t('kiosks.week')}
                </th>
                <th scope="col">{t('kiosks.state')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((k) => (
                <tr key={k.kioskCode} className={k.state === 'active' ? undefined : 'overdue'}>
                  <th scope="row">{k.kioskCode}</th>
                  <td>{k.name[lang] ?? k.name.mn ?? '—'}</td>
                  <td>
                    {k.aimagName?.[lang] ?? '—'}
                    {k.soumCode ? ` · ${k.soumCode}` : ''}
                  </td>
                  <td className="nowrap">{when(k.lastContactAt)}</td>
                  <td className="nowrap">{when(k.lastPushAt)}</td>
                  <td className="num">
                    {k.contentBehind === null ? t('kiosks.unknown') : formatNumber(k.contentBehind, lang)}
                  </td>
                  <td className="num">{formatNumber(k.submissionsThisWeek, lang)}</td>
                  <td>{t(`kiosks.states.${k.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <FleetPanel />
    </>
  );
}
