import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App.js';
import { ensureAllLanguages, initI18n } from './i18n/index.js';
import type { LoadedKiosk } from './app/load-kiosk.js';
import { firstKioskInfo } from './platform/bridge-raw.js';
import { uiUpdates } from './ui-update/ui-updates.js';
import './fonts.css';
import './styles.css';

/**
 * The first screen first: only what the attract screen needs is in this chunk (React, the
 * translations, the shell). The database, sync, search and the other screens load right after
 * it is on screen (`load-kiosk.ts`), so the kiosk answers a touch as soon as it shows.
 */
async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let info;
  try {
    info = await firstKioskInfo();
  } catch {
    // The host is unreachable: nothing can work, so say so in all three languages.
    const i18n = await initI18n('mn');
    await ensureAllLanguages(i18n);
    root.render(
      <p className="fatal" role="alert">
        {i18n.t('app.hostError')} / {i18n.t('app.hostError', { lng: 'kk' })} / {i18n.t('app.hostError', { lng: 'en' })}
      </p>,
    );
    return;
  }
  uiUpdates.start();
  const i18n = await initI18n(info.defaultLanguage);
  // One kiosk per page: every call gives the same promise (see App), until one fails; then the
  // next call tries again.
  let loading: Promise<LoadedKiosk> | null = null;
  const load = () =>
    (loading ??= (async () => {
      void ensureAllLanguages(i18n);
      const { loadKiosk } = await import('./app/load-kiosk.js');
      return loadKiosk();
    })().catch((e: unknown) => {
      loading = null;
      throw e;
    }));
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App info={info} load={load} />
      </I18nextProvider>
    </StrictMode>,
  );
}

void boot();
