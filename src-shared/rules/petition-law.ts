/**
 * The law on citizens' petitions (REFERENCE.md), as the server, the console and the kiosk apply
 * it: an answer is due within the category's days, and may be extended once by up to this many.
 */
export const PETITION_EXTENSION_DAYS = 30;
