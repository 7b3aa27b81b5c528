/**
 * When a disk is too full to take a submission safely (issue 17, "When the disk fills"). One rule
 * for the kiosk host's journal disk, the browser's quota and the server's data disk: keep a
 * reserve so that what is already queued can still be written (acks, compaction, the server's
 * own commit) while new work is refused in plain words.
 */
export interface DiskRoom {
  /** Bytes still free for this process (statfs `bavail × bsize`, or quota − usage). */
  freeBytes: number;
  /** Size of the disk or the quota. */
  totalBytes: number;
}

export interface DiskRoomLimits {
  /** Stop below this many free bytes. */
  minFreeBytes: number;
  /** …or below this share of the disk free (0–1). */
  minFreeRatio: number;
}

/** Kiosk: 64 MB or 2 %; a submission is a few kilobytes, its journal line and receipt a few more. */
export const KIOSK_DISK_LIMITS: DiskRoomLimits = { minFreeBytes: 64 * 1024 * 1024, minFreeRatio: 0.02 };
/**
 * The browser's quota for the kiosk's origin: its own usage counts, not the disk's, and a private
 * profile's quota is small, so the reserve is a few submissions' worth of room rather than a disk's.
 */
export const BROWSER_QUOTA_LIMITS: DiskRoomLimits = { minFreeBytes: 8 * 1024 * 1024, minFreeRatio: 0.01 };
/** Server: 512 MB or 2 %, room for the database's own journal and a checkpoint. */
export const SERVER_DISK_LIMITS: DiskRoomLimits = { minFreeBytes: 512 * 1024 * 1024, minFreeRatio: 0.02 };

export type DiskVerdict = 'ok' | 'full';

/** `full` when either reserve is reached; an unknown size (0) judges by bytes alone. */
export function diskVerdict(room: DiskRoom, limits: DiskRoomLimits): DiskVerdict {
  if (room.freeBytes < limits.minFreeBytes) return 'full';
  if (room.totalBytes > 0 && room.freeBytes / room.totalBytes < limits.minFreeRatio) return 'full';
  return 'ok';
}
