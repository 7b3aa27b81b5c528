import { statfs as fsStatfs } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  diskVerdict,
  SERVER_DISK_LIMITS,
  type DiskRoom,
  type DiskRoomLimits,
  type DiskVerdict,
} from '../../src-shared/rules/disk-room.js';
import { sendError } from '../http/error-replies.js';

/** `TSONKH_MIN_FREE_MB`: below this many free megabytes on the data disk, new submissions are refused. */
export const MIN_FREE_ENV = 'TSONKH_MIN_FREE_MB';
/** How long one look at the disk is trusted: a push is a few batches back to back. */
const LOOK_MS = 2000;
/** How long a kiosk is asked to wait before sending again. */
const RETRY_AFTER_S = 600;

export interface DiskLook extends DiskRoom {
  verdict: DiskVerdict;
}

export interface DiskGuard {
  /** The data disk now (at most `LOOK_MS` old). A disk that cannot be asked counts as room (the database's own full-disk error still answers 503). */
  look(): Promise<DiskLook>;
}

export interface DiskGuardOptions {
  /** A folder on the data disk (`TSONKH_DATA_DIR`). */
  dir: string;
  limits?: DiskRoomLimits;
  /** For tests: how the disk is asked. */
  statfs?: (dir: string) => Promise<{ bavail: number | bigint; bsize: number | bigint; blocks: number | bigint }>;
  now?: () => number;
}

/** The limits from the environment: `TSONKH_MIN_FREE_MB` replaces the byte reserve. */
export function diskLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DiskRoomLimits {
  const mb = Number(env[MIN_FREE_ENV]);
  return Number.isFinite(mb) && mb >= 0 && env[MIN_FREE_ENV]?.trim()
    ? { ...SERVER_DISK_LIMITS, minFreeBytes: Math.round(mb * 1024 * 1024) }
    : SERVER_DISK_LIMITS;
}

/**
 * Watches the server's data disk (issue 17, "When the disk fills"): when it is nearly full, new
 * submissions are refused before anything is read or written — 507 with the reason
 * `disk_nearly_full` — so the database never meets the full disk halfway through a commit and
 * nothing already acknowledged is touched. Kiosks keep the items queued and send them later.
 */
export function createDiskGuard({
  dir,
  limits = SERVER_DISK_LIMITS,
  statfs = fsStatfs,
  now = Date.now,
}: DiskGuardOptions): DiskGuard {
  let last: { at: number; look: DiskLook } | null = null;
  return {
    async look() {
      const at = now();
      if (last && at - last.at < LOOK_MS) return last.look;
      let room: DiskRoom;
      try {
        const s = await statfs(dir);
        room = { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
      } catch {
        room = { freeBytes: Number.MAX_SAFE_INTEGER, totalBytes: 0 };
      }
      const look = { ...room, verdict: diskVerdict(room, limits) };
      last = { at, look };
      return look;
    },
  };
}

/** Route `onRequest` hook for routes that store submissions (runs after the kiosk's credential check): refuses with 507 while the data disk is nearly full. */
export function diskGuardHook(guard: DiskGuard) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const look = await guard.look();
    if (look.verdict === 'ok') return undefined;
    request.log.warn({ freeBytes: look.freeBytes, totalBytes: look.totalBytes }, 'data disk nearly full: push refused');
    return sendError(
      reply.header('retry-after', String(RETRY_AFTER_S)),
      507,
      'disk_nearly_full',
      'The server’s data disk is nearly full: nothing was stored; keep the items and send them again later',
    );
  };
}
