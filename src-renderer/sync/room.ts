import { diskVerdict, BROWSER_QUOTA_LIMITS, type DiskVerdict } from '../../src-shared/rules/disk-room.js';
import { storageEstimate } from '../data/storage.js';
import type { BridgeClient } from '../platform/bridge-client.js';

/** The kiosk is too full to keep one more submission safely: nothing was taken. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}

/**
 * Whether this kiosk has room to keep one more submission safely (issue 17, "When the disk
 * fills"): the host's journal disk (statfs, through the bridge) and the browser's own quota
 * (`navigator.storage.estimate`) must both be outside their reserve. A host that cannot be asked
 * does not stop the kiosk: the browser's copy still keeps the submission.
 */
export async function roomForSubmission(
  bridge: BridgeClient,
  estimate: () => Promise<{ usage: number; quota: number } | null> = storageEstimate,
  now: () => number = Date.now,
): Promise<DiskVerdict> {
  // A run of submissions (a load test queues thousands) asks once a second, not once each.
  const known = roomSeen.get(bridge);
  if (known !== undefined && now() - known < OK_TRUSTED_MS) return 'ok';
  const verdict = await lookAtRoom(bridge, estimate);
  if (verdict === 'ok') roomSeen.set(bridge, now());
  else roomSeen.delete(bridge);
  return verdict;
}

/** How long an `ok` is trusted: a full disk is never remembered, so it is seen at the next look. */
const OK_TRUSTED_MS = 1000;
const roomSeen = new WeakMap<BridgeClient, number>();

async function lookAtRoom(
  bridge: BridgeClient,
  estimate: () => Promise<{ usage: number; quota: number } | null>,
): Promise<DiskVerdict> {
  const host = await bridge.call('storage.status', {}).catch(() => null);
  if (host?.verdict === 'full') return 'full';
  const browser = await estimate();
  if (browser && browser.quota > 0) {
    const room = { freeBytes: Math.max(0, browser.quota - browser.usage), totalBytes: browser.quota };
    if (diskVerdict(room, BROWSER_QUOTA_LIMITS) === 'full') return 'full';
  }
  return 'ok';
}
