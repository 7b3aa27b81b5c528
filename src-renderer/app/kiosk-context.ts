import { createContext, useContext } from 'react';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { TsonkhDb } from '../data/db.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import type { ContentSearch } from '../search/content-search.js';

export interface KioskContextValue {
  db: TsonkhDb;
  bridge: BridgeClient;
  sync: SyncEngine;
  search: ContentSearch;
  info: KioskPublicInfo;
  lang: Language;
  setLang(lang: Language): void;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}
