import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, kioskTimeZone } from '../../src-shared/format.js';
import { pickText } from '../../src-shared/pick-text.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import { TEXT_SCALES, useLang, useSetLang, useShell, useSyncState } from './kiosk-context.js';
import type { Navigation } from './navigation.js';
import { BackIcon, HomeIcon, StaffIcon, TextSizeIcon } from './icons.js';

export function Header({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const { info, session, setSession } = useShell();
  const lang = useLang();
  const setLang = useSetLang();
  const taps = useRef<number[]>([]);
  const [displayOpen, setDisplayOpen] = useState(false);
  /** Five taps on the title within four seconds open the technician PIN pad; citizens never see a button for it. */
  const tapTitle = () => {
    const now = Date.now();
    taps.current = [...taps.current.filter((x) => now - x < 4000), now];
    if (taps.current.length >= 5) {
      taps.current = [];
      nav.go({ name: 'technician-pin' });
    }
  };
  return (
    <header className="header">
      <div className="header-nav">
        <button type="button" className="nav-button" onClick={nav.home} data-testid="nav-home">
          <HomeIcon /> {t('nav.home')}
        </button>
        <button
          type="button"
          className="nav-button"
          onClick={nav.back}
          disabled={!nav.canGoBack}
          data-testid="nav-back"
        >
          <BackIcon /> {t('nav.back')}
        </button>
      </div>
      <div className="header-title">
        <div className="app-title" onClick={tapTitle} data-testid="app-title">
          {t('app.title')}
        </div>
        <div className="kiosk-name">{pickText(info.place.location, lang)}</div>
      </div>
      <nav className="lang-switch" aria-label={t('nav.language')}>
        {info.languages.map((l: Language) => (
          <button
            key={l}
            type="button"
            lang={l}
            className={l === lang ? 'lang-button active' : 'lang-button'}
            aria-pressed={l === lang}
            onClick={() => setLang(l)}
            data-testid={`lang-${l}`}
          >
            {t(`lang.${l}`)}
          </button>
        ))}
        <button
          type="button"
          className="lang-button display-button"
          aria-expanded={displayOpen}
          aria-controls="display-panel"
          onClick={() => setDisplayOpen((o) => !o)}
          data-testid="display-toggle"
        >
          <TextSizeIcon /> {t('display.button')}
        </button>
      </nav>
      <NetworkStatus />
      {session.channel === 'assisted' && (
        <div className="assisted-banner" role="status" data-testid="assisted-banner">
          <StaffIcon />
          <span>{t('assisted.active', { name: session.staffName ?? session.staffId })}</span>
          <button
            type="button"
            className="secondary-button"
            onClick={() => setSession({ channel: 'kiosk' })}
            data-testid="assisted-end"
          >
            {t('assisted.end')}
          </button>
        </div>
      )}
      {displayOpen && <DisplayPanel onClose={() => setDisplayOpen(false)} />}
    </header>
  );
}

/** Text size and high contrast, for people who see poorly; both reset for the next visitor. */
function DisplayPanel({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { display, setDisplay } = useShell();
  return (
    <section id="display-panel" className="display-panel" aria-label={t('display.heading')} data-testid="display-panel">
      <h2>{t('display.textSize')}</h2>
      <div className="choice-row">
        {TEXT_SCALES.map((scale) => (
          <button
            key={scale}
            type="button"
            className={display.textScale === scale ? 'choice active' : 'choice'}
            aria-pressed={display.textScale === scale}
            onClick={() => setDisplay({ ...display, textScale: scale })}
            data-testid={`text-scale-${scale}`}
            style={{ fontSize: `${scale / 100}em` }}
          >
            {t('display.scale', { percent: scale })}
          </button>
        ))}
      </div>
      <div className="choice-row">
        <button
          type="button"
          className={display.highContrast ? 'choice active' : 'choice'}
          aria-pressed={display.highContrast}
          onClick={() => setDisplay({ ...display, highContrast: !display.highContrast })}
          data-testid="high-contrast"
        >
          {t('display.highContrast')}
        </button>
        <button type="button" className="choice" onClick={onClose} data-testid="display-close">
          {t('display.close')}
        </button>
      </div>
    </section>
  );
}

const NETWORK_MESSAGE = { checking: 'network.checking', online: 'network.online', offline: 'network.offline' } as const;

/** Online/offline in human words, with what it means for the citizen's request. */
function NetworkStatus() {
  const { t } = useTranslation();
  const { info } = useShell();
  const lang = useLang();
  const state = useSyncState();
  const status = state.online === null ? 'checking' : state.online ? 'online' : 'offline';
  return (
    <div className={`network network-${status}`} role="status" data-testid="network-status" data-state={status}>
      <span className="network-dot" aria-hidden="true" />
      <span>{t(NETWORK_MESSAGE[status])}</span>
      {state.lastSyncAt && (
        <span className="network-detail">
          {t('network.lastSync', {
            time: formatDateTime(new Date(state.lastSyncAt), lang, kioskTimeZone(info.place.aimag)),
          })}
        </span>
      )}
      {state.progress && (
        <span className="sync-progress" data-testid="sync-progress">
          <progress
            max={state.progress.totalItems ?? undefined}
            value={state.progress.totalItems ? state.progress.items : undefined}
            aria-hidden="true"
          />
          {/* Citizen words only: parts and kilobytes are for the technician screen. */}
          {state.progress.totalItems
            ? t('network.downloadingOf', {
                percent: Math.min(100, Math.floor((state.progress.items / state.progress.totalItems) * 100)),
              })
            : t('network.downloading')}
        </span>
      )}
      {state.outboxDepth > 0 && (
        <span className="network-detail" data-testid="outbox-depth">
          {t('network.waiting', { count: state.outboxDepth })}
        </span>
      )}
    </div>
  );
}
