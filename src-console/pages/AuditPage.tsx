import { useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { auditEntrySchema, type AuditEntry } from '../../src-shared/console/console-api.js';
import { formatDateTime } from '../../src-shared/format.js';
import { api } from '../api/client.js';
import { navigate, useLocation } from '../app/router.js';
import { describeError } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import { PageHeading } from '../ui/PageHeading.js';
import { TableWrap } from '../ui/TableWrap.js';
import { DateField } from '../ui/DateField.js';

const PAGE_SIZE = 50;
const auditPageSchema = z.object({ entries: z.array(auditEntrySchema) });
const FILTERS = ['from', 'to', 'actor', 'action'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Actions the server writes today, offered as suggestions (any other text may be typed). */
const KNOWN_ACTIONS = [
  'session.sign_in',
  'session.sign_out',
  'session.sign_out_everywhere',
  'access.denied',
  'operator.add',
  'operator.disable',
  'operator.reset_password',
  'audit.export',
  'cases.view',
  'cases.forward',
  'cases.take',
  'cases.extend',
  'cases.answer',
  'cases.return',
  'cases.notes',
  'cases.export',
  'content.preview',
  'content.publish',
  'report.export',
  'report.publish_public',
  'laws.comments.export',
];

/**
 * The audit log, newest first: filters by date range (days in Mongolia), actor and action kept in
 * the address (a filtered view can be reloaded and shared), pages of 50 by sequence number, and
 * the same filter exported as CSV by the server (the export is itself audited).
 */
export function AuditPage() {
  const { t, lang } = useI18n();
  const location = useLocation();
  const applied: Filters = {
    from: location.search.get('from') ?? '',
    to: location.search.get('to') ?? '',
    actor: location.search.get('actor') ?? '',
    action: location.search.get('action') ?? '',
  };
  const key = FILTERS.map((f) => applied[f]).join('|');
  const [draft, setDraft] = useState<Filters>(applied);
  // The cursors of the pages seen so far, for this filter only: a new filter starts at the first page.
  const [paging, setPaging] = useState<{ key: string; cursors: (number | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = paging.key === key ? paging.cursors : [undefined];
  const setCursors = (next: (number | undefined)[]) => setPaging({ key, cursors: next });
  const cursor = cursors.at(-1);
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const page = cursors.length - 1;

  useEffect(() => {
    let live = true;
    const [from, to, actor, action] = key.split('|');
    api
      .json(
        auditPageSchema,
        'GET',
        api.url('/audit', { from, to, actor, action, limit: PAGE_SIZE + 1, before: cursor }),
      )
      .then((data) => {
        if (!live) return;
        setError(null);
        setMore(data.entries.length > PAGE_SIZE);
        setRows(data.entries.slice(0, PAGE_SIZE));
      })
      .catch((err: unknown) => live && setError(describeError(t, err)));
    return () => {
      live = false;
    };
  }, [key, cursor, t]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const f of FILTERS) if (draft[f].trim() !== '') params.set(f, draft[f].trim());
    const query = params.toString();
    navigate(`audit${query ? `?${query}` : ''}`);
  };
  const clear = () => {
    setDraft({ from: '', to: '', actor: '', action: '' });
    navigate('audit');
  };
  const csvUrl = api.url('/audit', { ...applied, format: 'csv', limit: 10_000 });

  return (
    <>
      <PageHeading title={t('audit.heading')}>{t('audit.heading')}</PageHeading>
      <p>{t('audit.intro')}</p>
      <form className="filters" onSubmit={submit} aria-label={t('common.filters')}>
        <DateField
          id="audit-from"
          label="common.from"
          value={draft.from}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <DateField id="audit-to" label="common.to" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <input
            id="audit-actor"
            value={draft.actor}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <input
            id="audit-action"
            list="audit-actions"
            value={draft.action}
            aria-describedby="audit-action-hint"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <span className="hint" id="audit-action-hint">
            {t('audit.actionHint')}
          </span>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('common.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('common.clear')}
          </button>
          <a className="button" href={csvUrl} download data-testid="audit-csv">
            {t('common.exportCsv')}
          </a>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows && (
        <>
          <p role="status" data-testid="audit-shown">
            {rows.length === 0
              ? t('common.none')
              : t('audit.shown', {
                  from: page * PAGE_SIZE + 1,
                  to: page * PAGE_SIZE + rows.length,
                  count: more ? `${page * PAGE_SIZE + rows.length}+` : page * PAGE_SIZE + rows.length,
                })}
          </p>
          <TableWrap label={t('audit.caption')}>
            <table data-testid="audit-table">
              <caption>{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.seq')}</th>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.ip')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.seq} className={e.outcome === 'ok' ? undefined : `outcome-${e.outcome}`}>
                    <td className="num">{e.seq}</td>
                    <td className="nowrap">{formatDateTime(new Date(e.at), lang)}</td>
                    <td>{e.actorLogin ?? '—'}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{t(`audit.outcomes.${e.outcome}`)}</td>
                    <td className="wrap">{e.target ?? '—'}</td>
                    <td>{e.ip ?? '—'}</td>
                    <td className="details">{Object.keys(e.details).length ? JSON.stringify(e.details) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <div className="pager">
            <button type="button" disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('common.previous')}
            </button>
            <span>{t('common.page', { page: page + 1 })}</span>
            <button type="button" disabled={!more} onClick={() => setCursors([...cursors, rows.at(-1)?.seq])}>
              {t('common.next')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
