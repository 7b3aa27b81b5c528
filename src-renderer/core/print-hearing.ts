import type { PrintTextRequest } from '../../src-shared/bridge-contract.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { Hearing } from '../../src-shared/schemas/open-data.js';
import type { KioskCore } from './kiosk-core.js';
import { asciiUrl } from './open-data/print.js';

/** The labels a printed hearing summary uses, in the citizen's language (the screen's i18n gives them). */
export interface HearingPrintWords {
  heading: string;
  when: string;
  place: string;
  organiser: string;
  howToTakePart: string;
  result: string;
  source: string;
}

/**
 * A hearing's short summary for the receipt roll: topic as title, then when, where, who organises
 * it, how to take part, the result when known, and where the data comes from (with its QR).
 * `whenText`: the day and time already said in the citizen's language on the kiosk's clock.
 */
export function hearingPrintRequest(
  hearing: Hearing,
  whenText: string,
  takenOnText: string,
  words: HearingPrintWords,
  lang: Language,
): PrintTextRequest {
  const paragraphs = [
    `${words.when}: ${whenText}`,
    `${words.place}: ${hearing.place}`,
    `${words.organiser}: ${hearing.organiser}`,
    `${words.howToTakePart}: ${hearing.howToTakePart}`,
    ...(hearing.result ? [`${words.result}: ${hearing.result}`] : []),
    `${words.source}: ${hearing.source.url} (${takenOnText})`,
  ];
  return {
    lang,
    title: hearing.topic.slice(0, 500),
    heading: words.heading.slice(0, 500),
    paragraphs,
    url: asciiUrl(hearing.source.url),
  };
}

/** Prints a hearing's summary on the roll (the library printer's text path); fails with the host's printer error. */
export async function printHearing(
  core: Pick<KioskCore, 'printLawText'>,
  ...args: Parameters<typeof hearingPrintRequest>
): Promise<void> {
  await core.printLawText(hearingPrintRequest(...args));
}
