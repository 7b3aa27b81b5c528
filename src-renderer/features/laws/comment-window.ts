import { daysBetween, isoDateInMongolia } from '../../../src-shared/format.js';
import type { Law } from '../../../src-shared/schemas/law.js';

/**
 * Where a law's comment window stands today, in Mongolia's calendar: comments are taken from
 * `opens` 00:00 to the end of `closes`. This only tells the citizen; the server is the judge.
 */
export type WindowState =
  | { state: 'open'; daysLeft: number; closes: string }
  | { state: 'not_yet'; daysUntil: number; opens: string }
  | { state: 'closed'; closed: string };

export function commentWindowState(law: Pick<Law, 'commentWindow'>, now: Date = new Date()): WindowState {
  const today = isoDateInMongolia(now);
  const { opens, closes } = law.commentWindow;
  if (today < opens) return { state: 'not_yet', daysUntil: daysBetween(today, opens), opens };
  if (today > closes) return { state: 'closed', closed: closes };
  // 0 on the closing day itself: the screen then says "closes today at midnight".
  return { state: 'open', daysLeft: daysBetween(today, closes), closes };
}
