import type { TsonkhDb } from './db.js';
import { putMeta, type StorageUsageValue } from './meta.js';

/**
 * Asks the browser not to evict this kiosk's data under storage pressure, and records the
 * answer so a technician can see it. (Submissions also have the host's journal as a second copy.)
 */
export async function recordStoragePersistence(db: TsonkhDb): Promise<boolean> {
  let persisted: boolean;
  try {
    persisted = (await navigator.storage?.persisted?.()) || (await navigator.storage?.persist?.()) || false;
  } catch {
    persisted = false;
  }
  await putMeta(db, 'storagePersisted', persisted);
  return persisted;
}

/** Bytes used and available to this origin, as the browser estimates them. */
export async function storageEstimate(): Promise<StorageUsageValue | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e ? { usage: e.usage ?? 0, quota: e.quota ?? 0 } : null;
  } catch {
    return null;
  }
}
