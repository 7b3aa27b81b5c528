import { commentWindowState as stateOf, type WindowState } from '../../../src-shared/rules/comment-window.js';
import type { Law } from '../../../src-shared/schemas/law.js';

export type { WindowState };

/**
 * Where a law's comment window stands today. The rule is one for the kiosk and the server
 * (src-shared/rules/comment-window.ts): this only tells the citizen; the server is the judge.
 */
export function commentWindowState(law: Pick<Law, 'commentWindow'>, now: Date = new Date()): WindowState {
  return stateOf(law.commentWindow, now);
}
