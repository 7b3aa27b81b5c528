import { isoDateInMongolia } from '../../src-shared/format.js';

/** The law on citizens' petitions: decide within 30 days of receipt (REFERENCE.md). */
export const PETITION_DUE_DAYS = 30;
/** Suggestion-type petitions: 60 days (unconfirmed; a published petition category's `dueDays` wins). */
export const SUGGESTION_DUE_DAYS = 60;
/** An extension adds up to 30 more days, once. */
export const EXTENSION_DAYS = 30;

/** The days the law gives for a petition category when the content does not say. */
export function defaultPetitionDueDays(category: string): number {
  return category === 'suggestion' ? SUGGESTION_DUE_DAYS : PETITION_DUE_DAYS;
}

/** `2026-11-26` + 30 → `2026-12-26`: calendar arithmetic on a date, whatever the server's time zone. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The answer is due `dueDays` after the day (in Mongolia) the server received the petition. */
export function petitionDueDate(receivedAt: Date, dueDays: number): string {
  return addDays(isoDateInMongolia(receivedAt), dueDays);
}
