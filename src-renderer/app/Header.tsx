import { useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../src-shared/format.js';
import { pickText, type Language } from '../../src-shared/schemas/localized-text.js';
import { useKiosk } from './kiosk-context.js';
import type { Navigation } from './navigation.js';

export function Header({ nav }: { nav: Navigation }) {
  const { t } = useTranslation();
  const { info, lang, setLang } = useKiosk();
  const taps = useRef<number[]>([]);
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
      </nav>
      <NetworkStatus />
    </header>
  );
}

const NETWORK_MESSAGE = { checking: 'network.checking', online: 'network.online', offline: 'network.offline' } as const;

/** Online/offline in human words, with what it means for the citizen's request. */
function NetworkStatus() {
  const { t } = useTranslation();
  const { sync, lang } = useKiosk();
  const state = useSyncExternalStore(sync.subscribe, sync.getState);
  const status = state.online === null ? 'checking' : state.online ? 'online' : 'offline';
  return (
    <div className={`network network-${status}`} role="status" data-testid="network-status" data-state={status}>
      <span className="network-dot" aria-hidden="true" />
      <span>{t(NETWORK_MESSAGE[status])}</span>
      {state.lastSyncAt && (
        <span className="network-detail">
          {t('network.lastSync', { time: formatDateTime(new Date(state.lastSyncAt), lang) })}
        </span>
      )}
      {state.progress && (
        <span className="sync-progress" data-testid="sync-progress">
          <progress
            max={state.progress.totalItems ?? undefined}
            value={state.progress.totalItems ? state.progress.items : undefined}
            aria-hidden="true"
          />
          {state.progress.totalItems
            ? t('network.downloadingOf', {
                items: state.progress.items,
                total: state.progress.totalItems,
                kb: Math.round(state.progress.bytes / 1024),
              })
            : t('network.downloading', { items: state.progress.items, kb: Math.round(state.progress.bytes / 1024) })}
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

/** Icons as SVG, not font symbols: the bundled font has letters, and an offline kiosk has nothing else. */
function HomeIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M3 11.5 12 4l9 7.5M5.5 10v10h5v-6h3v6h5V10"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function BackIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M20 12H5m6-7-7 7 7 7"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
