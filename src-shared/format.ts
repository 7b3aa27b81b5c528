import type { Language } from './schemas/localized-text.js';

/** Kiosks show Mongolia's time whatever the machine's clock zone is set to. */
export const KIOSK_TIME_ZONE = 'Asia/Ulaanbaatar';

// Built once: a formatter is costly to make, and the header's clock and every re-render use them.
const PARTS_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: KIOSK_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const ENGLISH_DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: KIOSK_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

function parts(date: Date): Record<string, string> {
  return Object.fromEntries(PARTS_FORMAT.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * Ulaanbaatar's offset from UTC, all year (Mongolia has kept no daylight saving since 2017).
 * Official dates (due dates, comment windows, the report's days, "today" on a form) follow
 * Ulaanbaatar's calendar everywhere, also in Bayan-Ölgii, Uvs and Khovd, whose clocks (Hovd time,
 * UTC+7) are an hour behind: there a day's last hour already belongs to the next official day.
 * The SQL of src-server/report/report-query.ts uses the same 8 hours.
 */
export const MONGOLIA_UTC_OFFSET = '+08:00';
export const MONGOLIA_OFFSET_MS = 8 * 3_600_000;

/**
 * Mongolia's last daylight-saving time ended on 2016-09-24 (at 00:00 local, back to UTC+8); from
 * the day after, Ulaanbaatar's offset is the fixed MONGOLIA_OFFSET_MS.
 */
const FIXED_OFFSET_SINCE_MS = Date.UTC(2016, 8, 24, 16);

/**
 * Today in Mongolia (`2026-12-20`): what "today" means to the citizen at 02:00 local time. The
 * one function the kiosk, the console's server and its rules use for it.
 *
 * Plain arithmetic since the offset became fixed (the server asks it for every petition's due
 * date and every "today" of a form: `Intl`'s `formatToParts` cost tens of microseconds a call);
 * the time-zone database for earlier instants and for years outside 0000–9999.
 */
export function isoDateInMongolia(date: Date): string {
  const ms = date.getTime();
  if (ms >= FIXED_OFFSET_SINCE_MS && ms < MAX_FOUR_DIGIT_YEAR_MS) {
    return new Date(ms + MONGOLIA_OFFSET_MS).toISOString().slice(0, 10);
  }
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The first instant whose date in Mongolia has a five-digit year (ISO text changes form there). */
const MAX_FOUR_DIGIT_YEAR_MS = Date.UTC(10000, 0, 1) - MONGOLIA_OFFSET_MS;

/** The instant a Mongolian calendar day begins, as the ISO text stored in time columns. */
export function mongoliaDayStart(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00${MONGOLIA_UTC_OFFSET}`).toISOString();
}

/** `2026-12-20 23:59:59`, Mongolia time: what a spreadsheet or a log reader reads as a date. */
export function mongoliaDateTime(date: Date): string {
  return new Date(date.getTime() + MONGOLIA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `2026.11.26` for Mongolian and Kazakh readers (the style used on Mongolian documents), `26 Nov 2026` for English. */
export function formatDate(date: Date, lang: Language): string {
  if (lang === 'en') return ENGLISH_DATE_FORMAT.format(date);
  const p = parts(date);
  return `${p.year}.${p.month}.${p.day}`;
}

/** A calendar date (`2026-12-20`, a day in Mongolia) as the reader writes dates. */
export function formatCalendarDate(isoDate: string, lang: Language): string {
  // Noon in Ulaanbaatar: the same day whatever zone the machine is set to.
  return formatDate(new Date(`${isoDate}T12:00:00${MONGOLIA_UTC_OFFSET}`), lang);
}

export function formatDateTime(date: Date, lang: Language): string {
  const p = parts(date);
  return `${formatDate(date, lang)} ${p.hour}:${p.minute}`;
}

const NUMBER_LOCALE: Record<Language, string> = { mn: 'mn-MN', kk: 'kk-KZ', en: 'en-GB' };

/** A whole number as the reader groups digits: `12,500` in Mongolian and English, `12 500` in Kazakh. */
export function formatNumber(value: number, lang: Language = 'mn'): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], { maximumFractionDigits: 0 }).format(value);
}

/**
 * Whole tögrög: `3,500₮` (Mongolian price tags put the sign after the number), `3 500 ₮` in
 * Kazakh, `₮3,500` in English.
 */
export function formatMnt(amount: number, lang: Language = 'mn'): string {
  const n = formatNumber(amount, lang);
  if (lang === 'en') return `₮${n}`;
  if (lang === 'kk') return `${n}\u00a0₮`;
  return `${n}₮`;
}

/** `2026-11-26` + 30 → `2026-12-26`: calendar arithmetic on a date, whatever the machine's time zone. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A percentage with at most one decimal, as the reader writes decimals: `57.1%` (mn, en), `57,1%` (kk). */
export function formatPercent(value: number, lang: Language = 'mn'): string {
  return `${new Intl.NumberFormat(NUMBER_LOCALE[lang], { maximumFractionDigits: 1 }).format(value)}%`;
}
