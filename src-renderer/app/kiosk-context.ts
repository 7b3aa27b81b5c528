import { createContext, useContext } from 'react';
import { kioskTimeZone } from '../../src-shared/format.js';
import type { KioskPublicInfo } from '../../src-shared/schemas/kiosk-config.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { Submission } from '../../src-shared/schemas/submission.js';
import type { OutboxEntry, TsonkhDb } from '../data/db.js';
import type { NewSubmission } from '../data/outbox-repo.js';
import type { BridgeClient } from '../platform/bridge-client.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import type { ContentSearch } from '../search/content-search.js';

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

export interface KioskContextValue {
  db: TsonkhDb;
  bridge: BridgeClient;
  sync: SyncEngine;
  search: ContentSearch;
  info: KioskPublicInfo;
  lang: Language;
  setLang(lang: Language): void;
  session: VisitSession;
  setSession(session: VisitSession): void;
  /**
   * Queues a submission in the outbox (sealed, journaled), then shows its receipt screen and
   * prints. Rejects only when it could not be saved, so the screen keeps what was typed.
   */
  submit(input: SubmitInput): Promise<OutboxEntry>;
  /** Text size in per cent of normal (100, 125, 150, 200) and the high-contrast theme. */
  display: DisplaySettings;
  setDisplay(display: DisplaySettings): void;
}

export interface DisplaySettings {
  textScale: 100 | 125 | 150 | 200;
  highContrast: boolean;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}

/**
 * The clock of the kiosk's place (`kioskTimeZone` of its aimag: Hovd time in Bayan-Ölgii, Khovd
 * and Uvs): every time of day the kiosk shows is read on it.
 */
export function useKioskTimeZone(): string {
  return kioskTimeZone(useKiosk().info.place.aimag);
}

/**
 * What the first screens (attract, home, help, header, keyboard, idle guard) need: they render
 * before the database, sync and search have loaded, so `sync` may still be null.
 */
export interface ShellContextValue {
  info: KioskPublicInfo;
  lang: Language;
  setLang(lang: Language): void;
  session: VisitSession;
  setSession(session: VisitSession): void;
  display: DisplaySettings;
  setDisplay(display: DisplaySettings): void;
  sync: SyncEngine | null;
}

/** The text sizes a visitor can choose (per cent), in the header and in the law reader alike. */
export const TEXT_SCALES = [100, 125, 150, 200] as const;

export const ShellContext = createContext<ShellContextValue | null>(null);

export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell outside ShellContext');
  return value;
}
