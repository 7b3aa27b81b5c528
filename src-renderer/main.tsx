import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App.js';
import { openDatabase } from './data/db.js';
import { initI18n } from './i18n/index.js';
import { emitAppEvent } from './platform/app-events.js';
import { createBridgeClient } from './platform/bridge-client.js';
import { SyncEngine } from './sync/sync-engine.js';
import { restoreFromJournal } from './sync/journal-restore.js';
import { installTestHooks } from './platform/test-hooks.js';
import { ContentSearch } from './search/content-search.js';
import { loadSearchIndex } from './search/load-search-index.js';
import { recordStoragePersistence } from './data/storage.js';
import './fonts.css';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const bridge = createBridgeClient();
  let info;
  try {
    info = await bridge.call('kiosk.info', {});
  } catch {
    // The host is unreachable: nothing can work, so say so in all three languages.
    const i18n = await initI18n('mn');
    root.render(
      <p className="fatal" role="alert">
        {i18n.t('app.hostError')} / {i18n.t('app.hostError', { lng: 'kk' })} / {i18n.t('app.hostError', { lng: 'en' })}
      </p>,
    );
    return;
  }
  document.documentElement.lang = info.defaultLanguage;
  const i18n = await initI18n(info.defaultLanguage);
  const db = openDatabase();
  await recordStoragePersistence(db);
  try {
    await restoreFromJournal(db, bridge);
  } catch {
    // The host journal could not be read; the browser's own outbox still holds everything it has.
    emitAppEvent('journal-restore-failed');
  }
  const sync = new SyncEngine(db, bridge, info.contentPublicKey);
  const search = new ContentSearch();
  // Subscribe before loading so no page applied meanwhile is missed (upserts are idempotent).
  sync.onContent((applied) => search.apply(applied));
  void loadSearchIndex(db, search).then(() => emitAppEvent('search-ready', { documents: search.size }));
  void sync.start(info.syncIntervalSeconds);
  if (info.testHooks) installTestHooks({ db, bridge, info, sync });
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App services={{ db, bridge, sync, info, search }} />
      </I18nextProvider>
    </StrictMode>,
  );
  emitAppEvent('ready', { kioskCode: info.kioskCode });
}

void boot();
