import type { PrintTextRequest } from '../../src-shared/bridge-contract.js';
import { formatCalendarDate, formatNumber } from '../../src-shared/format.js';
import { cellText, type CellText, type CrimeTable } from '../../src-shared/open-data-map/crime-summary.js';
import { licenceCounts, type LicenceNear } from '../../src-shared/open-data-map/licences-near.js';
import type { Language } from '../../src-shared/schemas/localized-text.js';
import type { OpenDataSource } from '../../src-shared/schemas/open-data.js';
import type { KioskCore } from './kiosk-core.js';
import { asciiUrl } from './open-data/print.js';

/**
 * "Print a short summary" of the transparency map screens on the receipt roll: a few lines a
 * citizen can take home (what is near the soum, the last months' crime), with where it comes
 * from and a QR to the source. Plain text for the host's layout (`printer.printText`), the same
 * path the library's law prints take.
 */

/** The visitor's words (i18next's `t`), so this module needs no React. */
export type Words = (key: string, values?: Record<string, string | number>) => string;

/** At most this many licences are printed: the roll is for a summary, the screen has the rest. */
export const PRINTED_LICENCES = 8;
/** Crime: the latest months printed. */
export const PRINTED_MONTHS = 3;

export interface PlaceWords {
  lang: Language;
  words: Words;
  aimag: string;
  soum: string;
  /** A soum's name by its code, in the visitor's language. */
  soumName(code: string): string;
}

function sourceLine({ words, lang }: PlaceWords, source: OpenDataSource): string {
  return words('openDataMap.print.source', { url: source.url, date: formatCalendarDate(source.takenOn, lang) });
}

/** The licences near the kiosk's soum (those in it first), as the screen lists them. */
export function licenceSummaryPrint(place: PlaceWords, rows: readonly LicenceNear[]): PrintTextRequest {
  const { words, lang } = place;
  const counts = licenceCounts(rows);
  const paragraphs = [
    words('openDataMap.licences.sentence', {
      aimag: place.aimag,
      soum: place.soum,
      all: formatNumber(counts.all, lang),
      here: formatNumber(counts.here, lang),
    }),
  ];
  for (const { licence, soum } of rows.slice(0, PRINTED_LICENCES)) {
    paragraphs.push(
      words('openDataMap.print.licence', {
        number: licence.number,
        holder: licence.holder,
        kind: words(`openDataMap.kind.${licence.kind}`),
        status: words(`openDataMap.status.${licence.status}`),
        commodity: licence.commodities.join(', ') || '—',
        ha: formatNumber(licence.areaHa, lang),
        soum: place.soumName(soum),
      }),
    );
  }
  if (rows.length > PRINTED_LICENCES) {
    paragraphs.push(words('openDataMap.print.more', { count: formatNumber(rows.length - PRINTED_LICENCES, lang) }));
  }
  const source = rows[0]?.licence.source;
  if (source) paragraphs.push(sourceLine(place, source));
  return {
    lang,
    title: words('openDataMap.licences.heading'),
    heading: `${place.aimag}, ${place.soum}`,
    paragraphs,
    url: asciiUrl(source?.url ?? 'https://cmcs.mrpam.gov.mn/'),
  };
}

function cellWords(words: Words, lang: Language, text: CellText): string {
  switch (text.kind) {
    case 'count':
      return formatNumber(text.value, lang);
    case 'fewerThan5':
      return words('openDataMap.crime.fewerThan5');
    case 'range':
      return words('openDataMap.crime.range', {
        low: formatNumber(text.low, lang),
        high: formatNumber(text.high, lang),
      });
    case 'none':
      return '—';
  }
}

/** The latest months of one place's crime table (a soum's, or the aimag's), by kind, with the suppression said in words. */
export function crimeSummaryPrint(
  place: PlaceWords,
  table: CrimeTable,
  placeName: string,
  source: OpenDataSource | undefined,
): PrintTextRequest {
  const { words, lang } = place;
  const paragraphs: string[] = [];
  for (const month of table.months.slice(0, PRINTED_MONTHS)) {
    const parts = table.crimes.map(
      (crime) => `${crime}: ${cellWords(words, lang, cellText(table.cell(month, crime)))}`,
    );
    paragraphs.push(
      `${monthWords(words, month)} — ${words('openDataMap.crime.total')}: ${cellWords(words, lang, cellText(table.total(month)))}`,
      parts.join('; '),
    );
  }
  paragraphs.push(words('openDataMap.crime.suppressed'));
  if (source) paragraphs.push(sourceLine(place, source));
  return {
    lang,
    title: words('openDataMap.crime.heading'),
    heading: placeName,
    paragraphs,
    url: asciiUrl(source?.url ?? 'https://www.1212.mn/'),
  };
}

/** "2026-11" as the visitor says a month ("2026 оны 11-р сар", "2026 жылғы қараша", "November 2026"). */
export function monthWords(words: Words, month: string): string {
  const [year, m] = month.split('-');
  return words('openDataMap.month', { year: year ?? '', month: words(`openDataMap.months.m${Number(m)}`) });
}

/** Prints a summary the screen built; fails with the host's BridgeCallError for the screen to word. */
export async function printOpenDataSummary(
  core: Pick<KioskCore, 'printLawText'>,
  request: PrintTextRequest,
): Promise<void> {
  await core.printLawText(request);
}
