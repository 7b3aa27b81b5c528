import { daysBetween, isoDateInMongolia, mongoliaDateTime } from '../format.js';

/**
 * A law's comment window, one rule for the kiosk and the server: comments are taken from `opens`
 * 00:00 to the end of `closes`, both days in Mongolia's calendar (`isoDateInMongolia`). The kiosk
 * uses `commentWindowState` to tell the citizen; the server is the judge (`commentWindowProblem`),
 * by the same state at the moment the comment was written, plus two checks on the kiosk's clock.
 */
export interface CommentWindow {
  opens: string;
  closes: string;
}

export type WindowState =
  | { state: 'open'; daysLeft: number; closes: string }
  | { state: 'not_yet'; daysUntil: number; opens: string }
  | { state: 'closed'; closed: string };

/** Where the window stands at `now`. */
export function commentWindowState(window: CommentWindow, now: Date = new Date()): WindowState {
  const today = isoDateInMongolia(now);
  const { opens, closes } = window;
  if (today < opens) return { state: 'not_yet', daysUntil: daysBetween(today, opens), opens };
  if (today > closes) return { state: 'closed', closed: closes };
  // 0 on the closing day itself: the screen then says "closes today at midnight".
  return { state: 'open', daysLeft: daysBetween(today, closes), closes };
}

/** A kiosk clock may run this far ahead of the server's before a comment's date is not believed. */
export const COMMENT_CLOCK_TOLERANCE_MS = 10 * 60_000;
/**
 * A comment may reach the server at most this long after the kiosk says it was written; a kiosk
 * with a wrong clock (or a tampered one) cannot back-date a late comment into a closed window.
 */
export const COMMENT_MAX_DELIVERY_DELAY_MS = 30 * 86_400_000;

export interface CommentWindowProblem {
  code: 'comment_window_not_open' | 'comment_window_closed';
  message: string;
}

/** `2026-12-20 23:59` in Mongolia. */
function mongoliaTime(t: number): string {
  return mongoliaDateTime(new Date(t)).slice(0, 16);
}

/**
 * Whether a comment written at `createdAt` (the kiosk's clock, the moment the citizen wrote it)
 * and received at `receivedAt` (the server's clock) falls in the law's comment window. The server
 * is the judge: a date more than 10 minutes in the server's future, or more than 30 days before
 * receipt, is not believed. Null when the comment is on time.
 */
export function commentWindowProblem(
  window: CommentWindow,
  createdAt: Date,
  receivedAt: Date,
): CommentWindowProblem | null {
  const written = createdAt.getTime();
  const received = receivedAt.getTime();
  const span = `comments are taken from ${window.opens} 00:00 to ${window.closes} 23:59 (Mongolia time, UTC+8)`;
  if (written > received + COMMENT_CLOCK_TOLERANCE_MS) {
    const minutes = Math.round((written - received) / 60_000);
    return {
      code: 'comment_window_not_open',
      message:
        `the comment is dated ${mongoliaTime(written)}, ${minutes} minutes ahead of the server's clock ` +
        `(${mongoliaTime(received)}): the kiosk's clock is wrong, so when it was written cannot be told; ${span}`,
    };
  }
  const state = commentWindowState(window, createdAt).state;
  if (state === 'not_yet') {
    return {
      code: 'comment_window_not_open',
      message: `the comment was written at ${mongoliaTime(written)}, before the comment period opened; ${span}`,
    };
  }
  if (state === 'closed') {
    return {
      code: 'comment_window_closed',
      message: `the comment was written at ${mongoliaTime(written)}, after the comment period closed; ${span}`,
    };
  }
  if (received - written > COMMENT_MAX_DELIVERY_DELAY_MS) {
    const days = Math.floor((received - written) / 86_400_000);
    return {
      code: 'comment_window_closed',
      message:
        `the comment is dated ${mongoliaTime(written)} but reached the server ${days} days later, at ` +
        `${mongoliaTime(received)}; a comment dated more than 30 days before it arrives is not accepted, ` +
        `so that a wrong kiosk clock cannot back-date it; ${span}`,
    };
  }
  return null;
}
