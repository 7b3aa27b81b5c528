import { addDays, isoDateInMongolia } from '../../src-shared/format.js';
import { PETITION_EXTENSION_DAYS } from '../../src-shared/rules/petition-law.js';

/** The law on citizens' petitions: decide within 30 days of receipt (REFERENCE.md). */
export const PETITION_DUE_DAYS = 30;
/** Suggestion-type petitions: 60 days (unconfirmed; a published petition category's `dueDays` wins). */
export const SUGGESTION_DUE_DAYS = 60;
/** An extension adds up to 30 more days, once. */
export const EXTENSION_DAYS = PETITION_EXTENSION_DAYS;

/** The days the law gives for a petition category when the content does not say. */
export function defaultPetitionDueDays(category: string): number {
  return category === 'suggestion' ? SUGGESTION_DUE_DAYS : PETITION_DUE_DAYS;
}

export { addDays } from '../../src-shared/format.js';

/** The answer is due `dueDays` after the day (in Mongolia) the server received the petition. */
export function petitionDueDate(receivedAt: Date, dueDays: number): string {
  return addDays(isoDateInMongolia(receivedAt), dueDays);
}
