import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import { openDatabase, type TsonkhDb } from '../data/db.js';
import { recordStoragePersistence } from '../data/storage.js';
import { emitAppEvent } from '../platform/app-events.js';
import { createBridgeClient } from '../platform/bridge-client.js';
import { installTestHooks } from './test-hooks.js';
import { ContentSearch } from '../search/content-search.js';
import { loadSearchIndex } from '../search/load-search-index.js';
import { SearchIndexSaver } from '../search/search-index-saver.js';
import { restoreFromJournal } from '../sync/journal-restore.js';
import { HealthReporter } from '../sync/health-reporter.js';
import { RemoteSettings } from '../sync/remote-settings.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { createKioskCore, type KioskCore } from './kiosk-core.js';

/**
 * The kiosk behind its first screen. `core` is what screens may ask and command; `sync` is read
 * for its state (header, technician screen); `search` answers the search box; `db` is handed to
 * the data hooks' provider (`data/data-context.ts`) and to nothing else.
 */
export interface StartedKiosk {
  core: KioskCore;
  sync: SyncEngine;
  search: ContentSearch;
  db: TsonkhDb;
  /** Remote settings: the version running, laid over the provisioning file's by the app (app/App.tsx). */
  settings: RemoteSettings;
}

/**
 * Everything behind the first screen: the validated bridge, the database (restored from the
 * host's journal if the browser lost it), sync and search, and the use cases over them.
 * Loaded (with the screens, `app/load-kiosk.ts`) as its own chunk once the attract screen is up,
 * so a visitor can touch it at once.
 */
export async function startKiosk(): Promise<StartedKiosk> {
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
  const sync = new SyncEngine(db, bridge, pinned, {
    health: new HealthReporter(db, bridge, { settings }),
    ...(info.place ? { aimag: info.place.aimag } : {}),
  });
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
  const core = createKioskCore({ db, bridge, sync, info });
  if (info.testHooks) installTestHooks(core);
  emitAppEvent('ready', { kioskCode: info.kioskCode });
  return { core, sync, search, db, settings };
}
