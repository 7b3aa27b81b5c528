import { statfs as fsStatfs } from 'node:fs/promises';
import path from 'node:path';
import {
  diskVerdict,
  KIOSK_DISK_LIMITS,
  type DiskRoomLimits,
  type DiskVerdict,
} from '../../src-shared/rules/disk-room.js';

/** `TSONKH_KIOSK_MIN_FREE_MB`: below this many free megabytes on the journal's disk, new submissions stop. */
export const KIOSK_MIN_FREE_ENV = 'TSONKH_KIOSK_MIN_FREE_MB';

export type StatfsLike = (
  dir: string,
) => Promise<{ bavail: number | bigint; bsize: number | bigint; blocks: number | bigint }>;

export interface DiskState {
  freeBytes: number;
  totalBytes: number;
  verdict: DiskVerdict;
}

/** The kiosk's limits, with `TSONKH_KIOSK_MIN_FREE_MB` replacing the byte reserve when set. */
export function kioskDiskLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DiskRoomLimits {
  const raw = env[KIOSK_MIN_FREE_ENV]?.trim();
  const mb = Number(raw);
  return raw && Number.isFinite(mb) && mb >= 0
    ? { ...KIOSK_DISK_LIMITS, minFreeBytes: Math.round(mb * 1024 * 1024) }
    : KIOSK_DISK_LIMITS;
}

/**
 * Watches the disk of the host's journal (issue 17, "When the disk fills"). The renderer asks
 * before it takes a submission: when the disk is within the reserve it stops taking new ones,
 * while the reserve still holds the acks and compaction that deliver what is already queued.
 * A disk that cannot be asked is reported as full: better a plain "not now" than a receipt for a
 * submission that may not be kept.
 */
export function createDiskWatch(options: { dir: string; limits?: DiskRoomLimits; statfs?: StatfsLike }) {
  const limits = options.limits ?? KIOSK_DISK_LIMITS;
  const statfs: StatfsLike = options.statfs ?? fsStatfs;
  return {
    async state(): Promise<DiskState> {
      try {
        const s = await statfsNearest(statfs, path.resolve(options.dir));
        const room = { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
        return { ...room, verdict: diskVerdict(room, limits) };
      } catch {
        return { freeBytes: 0, totalBytes: 0, verdict: 'full' };
      }
    },
  };
}
/** statfs of the folder, or of its nearest existing parent (the journal folder is made at the first write). */
async function statfsNearest(statfs: StatfsLike, dir: string): ReturnType<StatfsLike> {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return await statfs(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) throw error;
    }
  }
}

export type DiskWatch = ReturnType<typeof createDiskWatch>;
