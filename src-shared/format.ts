import type { Language } from './schemas/localized-text.js';

/** Ulaanbaatar time (UTC+8): Mongolia's official calendar, and the clock of every aimag but three. */
export const KIOSK_TIME_ZONE = 'Asia/Ulaanbaatar';
/** Hovd time (UTC+7), kept by the three western aimags. */
export const HOVD_TIME_ZONE = 'Asia/Hovd';

/**
 * The aimags (national statistics codes) whose clocks keep Hovd time: Bayan-Ölgii (83), Khovd (84)
 * and Uvs (85). Every other aimag and the capital keep Ulaanbaatar time.
 */
export const HOVD_TIME_AIMAGS: readonly string[] = ['83', '84', '85'];

/**
 * The time zone of a kiosk's place, from its aimag code: the clock its visitors read on their
 * walls. Times shown on screen and printed on paper (when written, when printed) use it; official
 * dates (due dates, comment windows) stay on Ulaanbaatar's calendar (`isoDateInMongolia`).
 */
export function kioskTimeZone(aimag: string): string {
  return HOVD_TIME_AIMAGS.includes(aimag) ? HOVD_TIME_ZONE : KIOSK_TIME_ZONE;
}

// Built once per zone: a formatter is costly to make, and the header's clock and every re-render use them.
const PARTS_FORMATS = new Map<string, Intl.DateTimeFormat>();
const ENGLISH_DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = PARTS_FORMATS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    PARTS_FORMATS.set(timeZone, f);
  }
  return f;
}

function englishDateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = ENGLISH_DATE_FORMATS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
    ENGLISH_DATE_FORMATS.set(timeZone, f);
  }
  return f;
}

function parts(date: Date, timeZone: string = KIOSK_TIME_ZONE): Record<string, string> {
  return Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
}

/**
 * Ulaanbaatar's offset from UTC, all year (Mongolia has kept no daylight saving since 2017).
 * Official dates (due dates, comment windows, the report's days, "today" on a form) follow
 * Ulaanbaatar's calendar everywhere, also in Bayan-Ölgii, Uvs and Khovd, whose clocks (Hovd time,
 * UTC+7) are an hour behind: there a day's last hour already belongs to the next official day.
 * The SQL of src-server/report/report-query.ts uses the same 8 hours.
 */
/** Month names as dates are written in Kazakh (`18 желтоқсан`) and English (`18 December`). */
export const KAZAKH_MONTHS: readonly string[] = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];
export const ENGLISH_MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

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

/**
 * `2026.11.26` for Mongolian and Kazakh readers (the style used on Mongolian documents), `26 Nov 2026`
 * for English: the day of an instant on the clock of `timeZone` (Ulaanbaatar's unless a kiosk's place
 * says otherwise, see `kioskTimeZone`).
 */
export function formatDate(date: Date, lang: Language, timeZone: string = KIOSK_TIME_ZONE): string {
  if (lang === 'en') return englishDateFormat(timeZone).format(date);
  const p = parts(date, timeZone);
  return `${p.year}.${p.month}.${p.day}`;
}

/**
 * When an official day (Ulaanbaatar's calendar) ends, on the clock of `timeZone`: `24:00` in
 * Ulaanbaatar, `23:00` in Ölgii (Hovd time). What a kiosk says about "the last day ends tonight at …".
 */
export function officialDayEndsAt(isoDate: string, timeZone: string = KIOSK_TIME_ZONE): string {
  const p = parts(new Date(mongoliaDayStart(addDays(isoDate, 1))), timeZone);
  return p.hour === '00' && p.minute === '00' ? '24:00' : `${p.hour}:${p.minute}`;
}

/** A calendar date (`2026-12-20`, a day in Mongolia) as the reader writes dates. */
export function formatCalendarDate(isoDate: string, lang: Language): string {
  // Noon in Ulaanbaatar: the same day whatever zone the machine is set to.
  return formatDate(new Date(`${isoDate}T12:00:00${MONGOLIA_UTC_OFFSET}`), lang);
}

/** `2026.11.26 15:33`: an instant on the clock of `timeZone` (a kiosk passes `kioskTimeZone(its aimag)`). */
export function formatDateTime(date: Date, lang: Language, timeZone: string = KIOSK_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${formatDate(date, lang, timeZone)} ${p.hour}:${p.minute}`;
}

const NUMBER_LOCALE: Record<Language, string> = { mn: 'mn-MN', kk: 'kk-KZ', en: 'en-GB' };

/** A whole number as the reader groups digits: `12,500` in Mongolian and English, `12 500` in Kazakh. */
export function formatNumber(value: number, lang: Language = 'mn'): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], { maximumFractionDigits: 0 }).format(value);
}

/**
 * Whole tögrög, the one way each language writes a fee (on the service page, in forms, in content
 * texts: `tests/unit/renderer/glossary.test.ts` holds the demo content to it): `3,500₮` in
 * Mongolian (the sign right after the number, as on price tags), `3 500₮` in Kazakh (digits
 * grouped by a no-break space, the sign after), `₮3,500` in English.
 */
export function formatMnt(amount: number, lang: Language = 'mn'): string {
  const n = formatNumber(amount, lang);
  if (lang === 'en') return `₮${n}`;
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

/** A number with at most one decimal, as the reader writes decimals: `57.1` (mn, en), `57,1` (kk). */
export function formatDecimal(value: number, lang: Language = 'mn'): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], { maximumFractionDigits: 1 }).format(value);
}

/** A percentage with at most one decimal: `57.1%` (mn, en), `57,1%` (kk). */
export function formatPercent(value: number, lang: Language = 'mn'): string {
  return `${formatDecimal(value, lang)}%`;
}

/**
 * The last word a Kazakh reader says for a whole number (`2027.01.02` ends in "екі", `110` in "он",
 * `40` in "қырық"): the word a case ending must agree with.
 */
function kazakhLastNumberWord(n: number): string {
  const UNITS = ['', 'бір', 'екі', 'үш', 'төрт', 'бес', 'алты', 'жеті', 'сегіз', 'тоғыз'];
  const TENS = ['', 'он', 'жиырма', 'отыз', 'қырық', 'елу', 'алпыс', 'жетпіс', 'сексен', 'тоқсан'];
  if (n === 0) return 'нөл';
  if (n % 10 !== 0) return UNITS[n % 10]!;
  if (n % 100 !== 0) return TENS[(n % 100) / 10]!;
  if (n % 1000 !== 0) return 'жүз';
  if (n % 1_000_000 !== 0) return 'мың';
  return 'миллион';
}

const KAZAKH_FRONT_VOWELS = 'әеёіөүиэ';
const KAZAKH_BACK_VOWELS = 'аоұыуяю';
const KAZAKH_VOICELESS = 'пфктсшщхцчқһ';

/**
 * The Kazakh dative ending ("to, until": `-ға -ге -қа -ке`) for a word or a number, by vowel
 * harmony (the last vowel, front or back) and the final sound (voiceless → қ/к, else ғ/г). A text
 * that ends in digits (a date, an article number) takes the ending of the number as it is read.
 */
export function kazakhDativeSuffix(text: string): string {
  const digits = /(\d+)\D*$/u.exec(text);
  const word = (digits ? kazakhLastNumberWord(Number(digits[1]!.slice(-9))) : text).toLowerCase();
  const letters = [...word].filter((c) => /\p{L}/u.test(c));
  const last = letters.at(-1) ?? '';
  // У and Ю take the harmony of the vowel before them (елу → елуге); alone they are back (су → суға).
  const vowels = letters.filter((c) => KAZAKH_FRONT_VOWELS.includes(c) || KAZAKH_BACK_VOWELS.includes(c));
  const lastVowel = vowels.filter((c) => c !== 'у' && c !== 'ю').at(-1) ?? vowels.at(-1);
  const front = lastVowel !== undefined && KAZAKH_FRONT_VOWELS.includes(lastVowel);
  const voiceless = KAZAKH_VOICELESS.includes(last);
  if (front) return voiceless ? 'ке' : 'ге';
  return voiceless ? 'қа' : 'ға';
}

/** `2027.01.02` → `2027.01.02-ге`, `110` → `110-ға`; a word takes its ending directly (`Өлгийге`). */
export function kazakhDative(text: string): string {
  return /\d$/u.test(text) ? `${text}-${kazakhDativeSuffix(text)}` : `${text}${kazakhDativeSuffix(text)}`;
}
