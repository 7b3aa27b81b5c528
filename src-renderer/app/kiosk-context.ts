import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskTimeZone } from '../../src-shared/format.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { Submission } from '../../src-shared/schemas/submission.js';
import type { KioskCore, SubmittedEntry } from '../core/kiosk-core.js';
import type { NewSubmission } from '../data/outbox-repo.js';
import { changeLanguage } from '../i18n/index.js';
import { emitAppEvent } from '../platform/app-events.js';
import type { ContentSearch } from '../search/content-search.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import { INITIAL_SYNC_STATE, type SyncState } from '../sync/sync-state.js';

/** Who is at the machine: a citizen alone, a citizen helped by Citizens' Chamber staff, or a library screen. */
export interface VisitSession {
  channel: Submission['channel'];
  staffId?: string;
  staffName?: string;
}

/** A submission as a screen describes it; the kiosk adds its code, the language and the channel. */
export type SubmitInput = Omit<NewSubmission, 'kioskCode' | 'lang' | 'channel' | 'staffId'> & {
  /** When the answer is due by law (petitions), printed on the receipt in plain words. */
  dueDate?: string;
};

export interface DisplaySettings {
  textScale: 100 | 125 | 150 | 200;
  highContrast: boolean;
}

/** The text sizes a visitor can choose (per cent), in the header and in the law reader alike. */
export const TEXT_SCALES = [100, 125, 150, 200] as const;

/**
 * The visit as every screen sees it, from the first one (attract, home, help, header, keyboard,
 * idle guard): they render before the database, sync and search have loaded, so `sync` may
 * still be null. The language is not here: i18next holds it (`useLang`, `useSetLang`).
 */
export interface ShellContextValue {
  info: KioskPublicInfo;
  session: VisitSession;
  setSession(session: VisitSession): void;
  /** Text size in per cent of normal (100, 125, 150, 200) and the high-contrast theme. */
  display: DisplaySettings;
  setDisplay(display: DisplaySettings): void;
  sync: SyncEngine | null;
}

export const ShellContext = createContext<ShellContextValue | null>(null);

export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell outside ShellContext');
  return value;
}

/**
 * What the loaded kiosk adds (null until it has loaded): the use cases, search, and the visit's
 * submit. Nothing of the shell is repeated here.
 */
export interface KioskContextValue {
  /** The use cases (`core/kiosk-core.ts`): prints, unlocks, receipt look-ups, technician actions. */
  core: KioskCore;
  search: ContentSearch;
  /**
   * Queues a submission in the outbox (sealed, journaled), then shows its receipt screen and
   * prints. Rejects only when it could not be saved, so the screen keeps what was typed.
   */
  submit(input: SubmitInput): Promise<SubmittedEntry>;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}

/** The visitor's language: i18next's, the one place it is held. */
export function useLang(): Language {
  return useTranslation().i18n.language as Language;
}

/** Changes the visitor's language (loading its strings first if needed). */
export function useSetLang(): (lang: Language) => void {
  const { i18n } = useTranslation();
  return useCallback(
    (lang: Language) => void changeLanguage(i18n, lang).then(() => emitAppEvent('language-changed', { lang })),
    [i18n],
  );
}

/**
 * The clock of the kiosk's place (`kioskTimeZone` of its aimag: Hovd time in Bayan-Ölgii, Khovd
 * and Uvs): every time of day the kiosk shows is read on it.
 */
export function useKioskTimeZone(): string {
  return kioskTimeZone(useShell().info.place.aimag);
}

const startingState = () => INITIAL_SYNC_STATE;
const noSubscription = () => () => undefined;

/** The sync's state, live; before sync has loaded: checking, nothing downloading. */
export function useSyncState(): SyncState {
  const { sync } = useShell();
  return useSyncExternalStore(sync?.subscribe ?? noSubscription, sync?.getState ?? startingState);
}
