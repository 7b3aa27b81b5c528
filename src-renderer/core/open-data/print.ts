import type { PrintTextRequest } from '../../../src-shared/bridge-contract.js';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import { emitAppEvent } from '../../platform/app-events.js';
import type { KioskCore } from '../kiosk-core.js';

/**
 * A short summary of an open-data section on the receipt roll, through the host's generic text
 * print (the one library mode uses): a title, a heading, a few plain lines, and a QR code to the
 * source the figures were taken from, so that the citizen can find the original.
 */
export interface OpenDataSummary {
  section: 'budget' | 'contract' | 'declaration';
  title: string;
  heading: string;
  lines: string[];
  /** The record's source address (printed as a QR code when it is plain ASCII). */
  sourceUrl: string;
  /** Already-translated "Source: … taken on …" line, printed last. */
  sourceLine: string;
}

/** Where the QR points when a source address is not plain ASCII: the address as the URL standard writes it. */
export function asciiUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

export function openDataPrintRequest(summary: OpenDataSummary, lang: Language): PrintTextRequest {
  return {
    lang,
    title: summary.title.slice(0, 500),
    heading: summary.heading.slice(0, 500),
    paragraphs: [...summary.lines, summary.sourceLine].filter((l) => l.trim() !== ''),
    url: asciiUrl(summary.sourceUrl),
  };
}

/** Prints the summary; the screen shows the outcome. Rejects (as the host does) when the printer fails. */
export async function printOpenDataSummary(
  core: Pick<KioskCore, 'printLawText'>,
  summary: OpenDataSummary,
  lang: Language,
): Promise<void> {
  try {
    await core.printLawText(openDataPrintRequest(summary, lang));
    emitAppEvent('open-data-printed', { section: summary.section });
  } catch (error) {
    emitAppEvent('open-data-print-failed', { section: summary.section });
    throw error;
  }
}
