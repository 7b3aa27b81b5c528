import type { KioskSettings } from '../../src-shared/schemas/kiosk-settings.js';
import type { TsonkhDb } from './db.js';

/** Where the remote settings the kiosk runs, and the last version it refused, are kept (`meta`). */
export const REMOTE_SETTINGS_KEY = 'remoteSettings';

export interface AppliedSettings {
  version: number;
  settings: KioskSettings;
  appliedAt: string;
}

export interface StoredRemoteSettings {
  applied: AppliedSettings | null;
  /** The last version refused, so it is reported once and not tried again on every report. */
  refused: { version: number; reason: string } | null;
}

const EMPTY: StoredRemoteSettings = { applied: null, refused: null };

export async function readRemoteSettings(db: TsonkhDb): Promise<StoredRemoteSettings> {
  const row = await db.meta.get(REMOTE_SETTINGS_KEY);
  const value = row?.value as Partial<StoredRemoteSettings> | undefined;
  if (!value || typeof value !== 'object') return EMPTY;
  return { applied: value.applied ?? null, refused: value.refused ?? null };
}

export async function writeRemoteSettings(db: TsonkhDb, value: StoredRemoteSettings): Promise<void> {
  await db.meta.put({ key: REMOTE_SETTINGS_KEY, value });
}
