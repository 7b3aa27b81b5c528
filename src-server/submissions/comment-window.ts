/** Mongolia keeps UTC+8 all year (no daylight saving since 2017). */
const MONGOLIA_OFFSET = '+08:00';
export const MONGOLIA_OFFSET_MS = 8 * 3_600_000;

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

/** The calendar date in Mongolia at `t`, `2026-12-20`. */
export function mongoliaDate(t: number): string {
  return new Date(t + MONGOLIA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-12-20 23:59` in Mongolia. */
function mongoliaTime(t: number): string {
  return new Date(t + MONGOLIA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Whether a comment written at `createdAt` (the kiosk's clock, the moment the citizen wrote it)
 * and received at `receivedAt` (the server's clock) falls in the law's comment window, which runs
 * from `opens` 00:00 to `closes` 23:59:59.999 in Mongolia. The server is the judge: a date more than
 * 10 minutes in the server's future, or more than 30 days before receipt, is not believed.
 * Null when the comment is on time.
 */
export function commentWindowProblem(
  window: { opens: string; closes: string },
  createdAt: Date,
  receivedAt: Date,
): CommentWindowProblem | null {
  const opensAt = Date.parse(`${window.opens}T00:00:00.000${MONGOLIA_OFFSET}`);
  const closesAt = Date.parse(`${window.closes}T23:59:59.999${MONGOLIA_OFFSET}`);
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
  if (written < opensAt) {
    return {
      code: 'comment_window_not_open',
      message: `the comment was written at ${mongoliaTime(written)}, before the comment period opened; ${span}`,
    };
  }
  if (written > closesAt) {
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
