import { useState, type FormEvent } from 'react';
import {
  fleetPageSchema,
  kioskFleetDetailSchema,
  settingsVersionViewSchema,
  type KioskFleetDetail,
} from '../../src-shared/console/fleet-api.js';
import { formatDateTime, formatNumber } from '../../src-shared/format.js';
import { UPDATE_STATES as UPDATE_STATE_NAMES } from '../../src-shared/schemas/release.js';
import { ApiError, api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { describeError, useSession } from '../app/session.js';
import { useI18n, type MessageKey, type Translate } from '../i18n/i18n.js';
import { TableWrap } from '../ui/TableWrap.js';

const KNOWN_ALERTS = new Set([
  'offline',
  'printer',
  'queue_old',
  'disk_full',
  'clock_drift',
  'content_stale',
  'sync_failed',
  'offline_open',
]);
const KNOWN_STATES = new Set(['online', 'late', 'offline', 'never']);

const PRINTER_STATES = new Set(['ok', 'unknown', 'paper_near_end', 'paper_out', 'cover_open', 'offline']);

function alertWords(t: Translate, kind: string, detail: string): string {
  const name = KNOWN_ALERTS.has(kind) ? t(`fleet.alerts.${kind}` as MessageKey) : kind;
  // The printer's state in words; the other details are figures with units (h, min, %).
  const shown = kind === 'printer' && PRINTER_STATES.has(detail) ? t(`fleet.printer.${detail}` as MessageKey) : detail;
  return shown ? `${name} (${shown})` : name;
}

/**
 * The fleet on the Kiosks page (issue 17): every kiosk's state from its health reports and its
 * open alerts; for the kiosk chosen, its hourly health of the last two days and its remote
 * settings (what it should run, what it says it runs, what it refused), which an administrator
 * changes or rolls back here. The server checks the role and audits each change.
 */
const UPDATE_STATES: ReadonlySet<string> = new Set(UPDATE_STATE_NAMES);

/** A kiosk's update as the fleet table shows it: the state in words, and the version it is about. */
function updateWords(t: Translate, state: string | null, version: string | null): string {
  if (state === null) return '—';
  const words = UPDATE_STATES.has(state) ? t(`fleet.updateStates.${state}` as MessageKey) : state;
  return version === null || state === 'idle' ? words : `${words}: ${version}`;
}

export function FleetPanel() {
  const { t, lang } = useI18n();
  const { data, error } = useLoad(fleetPageSchema, api.url('/fleet'));
  const [chosen, setChosen] = useState<string | null>(null);
  const when = (at: string | null) => (at ? formatDateTime(new Date(at), lang) : t('fleet.neverReported'));
  return (
    <section aria-labelledby="fleet-heading" data-testid="fleet">
      <h2 id="fleet-heading">{t('fleet.heading')}</h2>
      <p>{t('fleet.intro')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <TableWrap label={t('fleet.caption', { count: data.rows.length })}>
          <table data-testid="fleet-table">
            <caption>{t('fleet.caption', { count: data.rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('kiosks.code')}</th>
                <th scope="col">{t('kiosks.name')}</th>
                <th scope="col">{t('fleet.state')}</th>
                <th scope="col">{t('fleet.lastReport')}</th>
                <th scope="col">{t('fleet.alertsHeading')}</th>
                <th scope="col" className="num">
                  {t('fleet.settingsVersion')}
                </th>
                <th scope="col">{t('fleet.appVersion')}</th>
                <th scope="col">{t('fleet.update')}</th>
                <th scope="col">{t('fleet.details')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((k) => (
                <tr key={k.kioskCode} className={k.alerts.length > 0 ? 'overdue' : undefined}>
                  <th scope="row">{k.kioskCode}</th>
                  <td>{k.name || '—'}</td>
                  <td data-testid={`fleet-state-${k.kioskCode}`}>
                    {KNOWN_STATES.has(k.state) ? t(`fleet.states.${k.state}` as MessageKey) : k.state}
                  </td>
                  <td className="nowrap">{when(k.lastReportAt)}</td>
                  <td data-testid={`fleet-alerts-${k.kioskCode}`}>
                    {k.alerts.length === 0 ? '—' : k.alerts.map((a) => alertWords(t, a.kind, a.detail)).join(', ')}
                  </td>
                  <td className="num">{k.settingsVersion === null ? '—' : formatNumber(k.settingsVersion, lang)}</td>
                  <td data-testid={`fleet-version-${k.kioskCode}`}>{k.appVersion ?? '—'}</td>
                  <td data-testid={`fleet-update-${k.kioskCode}`}>{updateWords(t, k.updateState, k.updateVersion)}</td>
                  <td>
                    <button type="button" onClick={() => setChosen(k.kioskCode)} aria-pressed={chosen === k.kioskCode}>
                      {t('fleet.show', { code: k.kioskCode })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {chosen && <KioskDetail key={chosen} code={chosen} />}
    </section>
  );
}

function KioskDetail({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const isAdmin = session.operator.role === 'admin';
  const { data, error, reload } = useLoad(kioskFleetDetailSchema, api.url(`/fleet/${code}`));
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const refusal = (err: unknown) =>
    err instanceof ApiError && (err.code === 'invalid_settings' || err.code === 'invalid_request')
      ? t('fleet.invalid', { message: err.message })
      : describeError(t, err);

  const send = async (path: string, body: unknown, done: (version: number) => string) => {
    try {
      const version = await api.json(settingsVersionViewSchema, 'POST', api.url(`/fleet/${code}${path}`), body);
      setMessage({ kind: 'ok', text: done(version.version) });
      reload();
    } catch (err) {
      setMessage({ kind: 'error', text: refusal(err) });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let settings: unknown;
    try {
      settings = JSON.parse(draft);
    } catch {
      setMessage({ kind: 'error', text: t('fleet.notJson') });
      return;
    }
    void send('/settings', { settings }, (version) => t('fleet.setDone', { version }));
  };

  return (
    <section aria-labelledby="fleet-kiosk-heading" data-testid="fleet-kiosk">
      <h3 id="fleet-kiosk-heading">{t('fleet.kioskHeading', { code })}</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'success' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {data && <SettingsSummary detail={data} />}
      {data && isAdmin && (
        <form onSubmit={submit} aria-label={t('fleet.changeSettings')}>
          <div className="field">
            <label htmlFor="fleet-settings">{t('fleet.newSettings')}</label>
            <textarea
              id="fleet-settings"
              rows={4}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder='{"defaultLanguage": "kk"}'
              aria-describedby="fleet-settings-hint"
            />
            <p id="fleet-settings-hint" className="hint">
              {t('fleet.settingsHint')}
            </p>
          </div>
          <button type="submit" className="primary">
            {t('fleet.send')}
          </button>
        </form>
      )}
      {data && data.settings.history.length > 0 && (
        <TableWrap label={t('fleet.history')}>
          <table data-testid="fleet-settings-history">
            <caption>{t('fleet.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fleet.version')}</th>
                <th scope="col">{t('fleet.scope')}</th>
                <th scope="col">{t('fleet.when')}</th>
                <th scope="col">{t('fleet.by')}</th>
                <th scope="col">{t('fleet.settings')}</th>
                {isAdmin && <th scope="col">{t('fleet.rollback')}</th>}
              </tr>
            </thead>
            <tbody>
              {data.settings.history.map((v) => (
                <tr key={v.version}>
                  <th scope="row">
                    {formatNumber(v.version, lang)}
                    {v.rollbackOf !== null ? ` (${t('fleet.restores', { version: v.rollbackOf })})` : ''}
                  </th>
                  <td>{v.scope}</td>
                  <td className="nowrap">{formatDateTime(new Date(v.createdAt), lang)}</td>
                  <td>{v.createdBy}</td>
                  <td>
                    <code>{JSON.stringify(v.settings)}</code>
                  </td>
                  {isAdmin && (
                    <td>
                      {v.scope === `kiosk:${code}` && (
                        <button
                          type="button"
                          onClick={() =>
                            void send('/settings/rollback', { to: v.version }, (version) =>
                              t('fleet.rollbackDone', { version, to: v.version }),
                            )
                          }
                        >
                          {t('fleet.rollbackTo', { version: v.version })}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {data && <HealthHistory detail={data} />}
    </section>
  );
}

function SettingsSummary({ detail }: { detail: KioskFleetDetail }) {
  const { t, lang } = useI18n();
  const { current, acknowledged, refused } = detail.settings;
  return (
    <dl className="facts" data-testid="fleet-settings">
      <dt>{t('fleet.current')}</dt>
      <dd data-testid="fleet-settings-current">
        {current === null
          ? t('fleet.none')
          : `${formatNumber(current.version, lang)} · ${JSON.stringify(current.settings)}`}
      </dd>
      <dt>{t('fleet.acknowledged')}</dt>
      <dd data-testid="fleet-settings-acknowledged">
        {acknowledged === null ? t('fleet.none') : formatNumber(acknowledged, lang)}
      </dd>
      <dt>{t('fleet.refused')}</dt>
      <dd data-testid="fleet-settings-refused">
        {refused === null ? t('fleet.none') : `${formatDateTime(new Date(refused.at), lang)}: ${refused.details}`}
      </dd>
    </dl>
  );
}

function HealthHistory({ detail }: { detail: KioskFleetDetail }) {
  const { t, lang } = useI18n();
  if (detail.hours.length === 0) return <p>{t('fleet.noHours')}</p>;
  const mb = (bytes: number | null) =>
    bytes === null ? '—' : `${formatNumber(Math.round(bytes / 1_048_576), lang)} MB`;
  return (
    <TableWrap label={t('fleet.hours')}>
      <table data-testid="fleet-hours">
        <caption>{t('fleet.hours')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fleet.hour')}</th>
            <th scope="col" className="num">
              {t('fleet.reports')}
            </th>
            <th scope="col" className="num">
              {t('fleet.maxQueue')}
            </th>
            <th scope="col">{t('fleet.worstPrinter')}</th>
            <th scope="col" className="num">
              {t('fleet.maxDrift')}
            </th>
            <th scope="col" className="num">
              {t('fleet.minFree')}
            </th>
          </tr>
        </thead>
        <tbody>
          {detail.hours.map((h) => (
            <tr key={h.hour}>
              <th scope="row" className="nowrap">
                {formatDateTime(new Date(`${h.hour}:00:00Z`), lang)}
              </th>
              <td className="num">{formatNumber(h.reports, lang)}</td>
              <td className="num">{formatNumber(h.maxOutboxDepth, lang)}</td>
              <td>
                {PRINTER_STATES.has(h.worstPrinter)
                  ? t(`fleet.printer.${h.worstPrinter}` as MessageKey)
                  : h.worstPrinter}
              </td>
              <td className="num">{formatNumber(Math.round(h.maxDriftMs / 1000), lang)} s</td>
              <td className="num">{mb(h.minFreeBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
