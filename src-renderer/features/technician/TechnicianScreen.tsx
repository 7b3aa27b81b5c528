import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, kioskTimeZone } from '../../../src-shared/format.js';
import { useKiosk, useLang, useShell, useSyncState } from '../../app/kiosk-context.js';
import type { ContentBundle } from '../../core/kiosk-core.js';
import { CONTENT_STALE_AFTER_MS, contentSeen } from '../../data/content-repo.js';
import { useMeta, useQuarantined } from '../../data/hooks.js';
import { emitAppEvent } from '../../platform/app-events.js';
import { PrinterPanel } from './PrinterPanel.js';
import { technicianProblem } from './problem-text.js';
import { UsbPanel } from './UsbPanel.js';
import { EnrolmentPanel } from '../enrolment/EnrolmentPanel.js';

type Bundle = ContentBundle;

/** What a technician needs on site: sync state, storage, queued and refused submissions, USB import. */
export function TechnicianScreen() {
  const { t } = useTranslation();
  const { core } = useKiosk();
  const { info } = useShell();
  const lang = useLang();
  const timeZone = kioskTimeZone(info.place.aimag);
  const state = useSyncState();
  const meta = useMeta();
  const quarantined = useQuarantined();
  const [bundles, setBundles] = useState<Bundle[] | null>(null);
  const [importMessage, setImportMessage] = useState<string | null>(null);
  /** The moment the screen opened: how old the content's signed time is, as the technician reads it. */
  const [openedAt] = useState(() => Date.now());
  const usage = meta.storageUsage;

  async function importBundle(bundle: Bundle) {
    setImportMessage(t('technician.importing'));
    try {
      const done = await core.importContentBundle(bundle);
      const lines = [t('technician.imported', { items: done.items })];
      if (done.returned) {
        const { delivered, statusChanges } = done.returned;
        lines.push(t('technician.returnApplied', { delivered, statuses: statusChanges }));
        emitAppEvent('kiosk-return-applied', { delivered, statuses: statusChanges });
      }
      setImportMessage(lines.join(' '));
      emitAppEvent('bundle-imported', { items: done.items });
    } catch (e) {
      setImportMessage(t('technician.importFailed', { reason: technicianProblem(t, e) }));
      emitAppEvent('bundle-import-failed');
    }
  }

  /** When the server last signed a page this kiosk applied; stale after CONTENT_STALE_AFTER_MS. */
  function signedText(): string {
    const { signedAt } = contentSeen(meta.contentSeen);
    if (signedAt === null) return '—';
    const date = formatDateTime(new Date(signedAt), lang, timeZone);
    const age = openedAt - Date.parse(signedAt);
    if (age < CONTENT_STALE_AFTER_MS) return date;
    return t('technician.contentStale', { date, days: Math.floor(age / (24 * 3600_000)) });
  }

  const rows: [string, string][] = [
    [
      t('technician.kioskCode'),
      `${info.kioskCode} (${t(info.mode === 'electron' ? 'technician.modeElectron' : 'technician.modeBrowser')})`,
    ],
    [
      t('technician.network'),
      [
        t(state.online ? 'network.online' : state.online === false ? 'technician.offline' : 'network.checking'),
        // The download in numbers is for the technician; the header tells citizens only that it is happening.
        ...(state.progress
          ? [
              state.progress.totalItems
                ? t('technician.downloadProgressOf', {
                    items: state.progress.items,
                    total: state.progress.totalItems,
                    kb: Math.round(state.progress.bytes / 1024),
                  })
                : t('technician.downloadProgress', {
                    items: state.progress.items,
                    kb: Math.round(state.progress.bytes / 1024),
                  }),
            ]
          : []),
      ].join(' · '),
    ],
    [t('technician.lastSync'), state.lastSyncAt ? formatDateTime(new Date(state.lastSyncAt), lang, timeZone) : '—'],
    [t('technician.cursor'), String(meta.contentCursor ?? 0)],
    [t('technician.outbox'), String(state.outboxDepth)],
    [t('technician.storagePersisted'), meta.storagePersisted === true ? t('form.yes') : t('technician.no')],
    [
      t('technician.storageUsage'),
      usage
        ? t('technician.storageValue', {
            used: (usage.usage / 1048576).toFixed(1),
            quota: (usage.quota / 1048576).toFixed(0),
          })
        : '—',
    ],
    [t('technician.contentSigned'), signedText()],
    [t('technician.contentError'), state.contentError ?? '—'],
  ];

  return (
    <main className="screen" data-testid="screen-technician">
      <h1>{t('technician.heading')}</h1>
      <dl className="facts" data-testid="technician-facts">
        {rows.map(([k, v]) => (
          <div key={k} className="fact-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="form-buttons">
        <button type="button" className="primary-button" onClick={() => void core.syncNow()} data-testid="sync-now">
          {t('technician.syncNow')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="find-bundles"
          onClick={() => void core.findContentBundles().then(setBundles)}
        >
          {t('technician.findUsb')}
        </button>
      </div>
      {bundles && bundles.length === 0 && <p className="note">{t('technician.noUsb')}</p>}
      {bundles && bundles.length > 0 && (
        <ul className="tile-list">
          {bundles.map((b) => (
            <li key={b.id}>
              <button type="button" className="tile" onClick={() => void importBundle(b)} data-testid="import-bundle">
                {t('technician.importBundle', { location: b.location, pages: b.pages })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {importMessage && (
        <p className="note" role="status" data-testid="import-message">
          {importMessage}
        </p>
      )}
      <PrinterPanel />
      <UsbPanel />
      <EnrolmentPanel />
      {quarantined.length > 0 && (
        <section>
          <h2>{t('technician.quarantined', { count: quarantined.length })}</h2>
          <ul>
            {quarantined.map((q) => (
              <li key={q.idempotencyKey}>
                {q.trackingNo}: {q.lastError}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
