import type { TFunction } from 'i18next';
import { ContentRejectedError } from '../../data/content-rejected.js';
import { BridgeCallError } from '../../platform/bridge-error.js';
import { StorageFullError } from '../../sync/room.js';

/**
 * Why a technician's action failed, in the screen's language: the host's and the verifier's own
 * messages are English words for the host's log (where the host writes them), never for the
 * screen. Each text says what to do next.
 */
export function technicianProblem(t: TFunction, error: unknown): string {
  if (error instanceof ContentRejectedError) return t(`technician.problem.content_${error.reason}`);
  if (error instanceof StorageFullError) return t('technician.problem.storage_full');
  if (error instanceof BridgeCallError) {
    switch (error.code) {
      case 'invalid_request':
        return t('technician.problem.invalid_request');
      case 'offline':
      case 'timeout':
        return t('technician.problem.no_answer');
      case 'unauthorized':
        return t('technician.problem.unauthorized');
      default:
        return t('technician.problem.internal');
    }
  }
  return t('technician.problem.internal');
}
