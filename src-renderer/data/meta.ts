import type { TsonkhDb } from './db.js';

/** What has been seen of the content: the server's sequence then, and its signed time. */
export interface ContentSeenValue {
  latest: number;
  signedAt: string | null;
}

/** Wrong receipt secrets typed for one tracking number in the current window. */
export interface AnswerTriesValue {
  count: number;
  windowStart: number;
}

/** Bytes used and available to this origin, as the browser estimated them at the last sync. */
export interface StorageUsageValue {
  usage: number;
  quota: number;
}

/**
 * Every key of the `meta` table with the type of its value: one place to see what the kiosk
 * keeps beside its tables, so a key is never read as one type and written as another.
 * Values read back are still checked where they come from an older build (`contentSeen`).
 */
export interface MetaValues {
  /** The content cursor: the last server sequence applied. */
  contentCursor: number;
  /** The newest the server has said it is, from every page applied (see `contentSeen` in content-repo). */
  contentSeen: ContentSeenValue;
  /** The last tracking-number sequence this kiosk gave out. */
  trackingSequence: number;
  /** Whether the browser agreed not to evict this kiosk's data. */
  storagePersisted: boolean;
  /** When the last sync round finished (ISO 8601). */
  lastSyncAt: string;
  storageUsage: StorageUsageValue;
  /** The open-data cursor (issue 19): the last server sequence applied for `openDataScope`. */
  openDataCursor: number;
  /** The newest open-data sequence the server has said it had, from every page applied (refuses a replayed older page). */
  openDataSeen: number;
  /** The aimags the open data was pulled for, comma-separated: another set starts again from 0. */
  openDataScope: string;
  /** The status-changes cursor. */
  statusCursor: number;
  [answerTries: `answerTries:${string}`]: AnswerTriesValue;
}

export type MetaKey = keyof MetaValues & string;

export const answerTriesKey = (trackingNo: string) => `answerTries:${trackingNo}` as const;

/** One meta value, undefined when never written. Must run inside a transaction that includes `meta` when in one. */
export async function getMeta<K extends MetaKey>(db: TsonkhDb, key: K): Promise<MetaValues[K] | undefined> {
  return (await db.meta.get(key))?.value as MetaValues[K] | undefined;
}

export async function putMeta<K extends MetaKey>(db: TsonkhDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

export async function deleteMeta(db: TsonkhDb, key: MetaKey): Promise<void> {
  await db.meta.delete(key);
}

/** Every meta value by key (the technician screen shows several). */
export async function allMeta(db: TsonkhDb): Promise<Partial<MetaValues>> {
  return Object.fromEntries((await db.meta.toArray()).map((m) => [m.key, m.value])) as Partial<MetaValues>;
}
