import type { ContentProgress } from './content-sync.js';

export interface SyncState {
  /** null until the first health check has answered. */
  online: boolean | null;
  syncing: boolean;
  lastSyncAt: string | null;
  outboxDepth: number;
  /** Content download of the current run, for the progress bar; null when not downloading. */
  progress: ContentProgress | null;
  /** Why the last content page was refused, for the technician. */
  contentError: string | null;
}

/** Before the first sync (and before the sync engine has even loaded): checking, nothing known. */
export const INITIAL_SYNC_STATE: SyncState = {
  online: null,
  syncing: false,
  lastSyncAt: null,
  outboxDepth: 0,
  progress: null,
  contentError: null,
};
