import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import { openDatabase } from '../data/db.js';
import { recordStoragePersistence } from '../data/storage.js';
import { emitAppEvent } from '../platform/app-events.js';
import { createBridgeClient } from '../platform/bridge-client.js';
import { installTestHooks } from '../platform/test-hooks.js';
import { ContentSearch } from '../search/content-search.js';
import { loadSearchIndex } from '../search/load-search-index.js';
import { SearchIndexSaver } from '../search/search-index-saver.js';
import { restoreFromJournal } from '../sync/journal-restore.js';
import { submitToOutbox } from '../sync/submit.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { HealthReporter } from '../sync/health-reporter.js';
import { RemoteSettings } from '../sync/remote-settings.js';
import * as screens from '../features/screens.js';
import type { KioskServices } from './App.js';

export interface LoadedKiosk {
  services: KioskServices;
  /** Remote settings: the version running, laid over `services.info` by the app (./App.tsx). */
  settings: RemoteSettings;
  screens: typeof screens;
  submitToOutbox: typeof submitToOutbox;
}

/**
 * Everything behind the first screen: the validated bridge, the database (restored from the
 * host's journal if the browser lost it), sync and search, and the screens that use them.
 * Loaded as its own chunk once the attract screen is up, so a visitor can touch it at once.
 */
export async function loadKiosk(): Promise<LoadedKiosk> {
  const bridge = createBridgeClient();
  // The first screen used an unchecked copy; from here on, only the validated one.
  const info: KioskPublicInfo = await bridge.call('kiosk.info', {});
  const db = openDatabase();
  try {
    await restoreFromJournal(db, bridge);
  } catch {
    // The host journal could not be read; the browser's own outbox still holds everything it has.
    emitAppEvent('journal-restore-failed');
  }
  void recordStoragePersistence(db);
  const pinned = [info.contentPublicKey, ...(info.nextContentPublicKey ? [info.nextContentPublicKey] : [])];
  const settings = new RemoteSettings(db, bridge, info, pinned);
  void settings.load().catch(() => undefined);
  const sync = new SyncEngine(db, bridge, pinned, { health: new HealthReporter(db, bridge, { settings }) });
  const search = new ContentSearch();
  const saver = new SearchIndexSaver(db, search);
  let searchLoaded = false;
  let changedWhileLoading = false;
  // Subscribe before loading so no page applied meanwhile is missed (upserts are idempotent).
  sync.onContent((applied) => {
    if (applied.length === 0) return;
    search.apply(applied);
    if (searchLoaded) saver.changed();
    else changedWhileLoading = true;
  });
  const searchStart = performance.now();
  void loadSearchIndex(db, search).then((source) => {
    searchLoaded = true;
    if (changedWhileLoading) saver.changed();
    emitAppEvent('search-ready', {
      documents: search.size,
      from: source.from,
      ...(source.from === 'rebuilt' ? { reason: source.reason } : {}),
      ms: Math.round(performance.now() - searchStart),
    });
  });
  void sync.start(info.syncIntervalSeconds);
  if (info.testHooks) installTestHooks({ db, bridge, info, sync });
  emitAppEvent('ready', { kioskCode: info.kioskCode });
  return { services: { db, bridge, sync, search, info }, settings, screens, submitToOutbox };
}
