import { ENGLISH_MONTHS, HOVD_TIME_AIMAGS, KAZAKH_MONTHS, kioskTimeZone } from '../../../src-shared/format.js';
import type { Language } from '../../../src-shared/schemas/localized-text.js';
import type { Hearing } from '../../../src-shared/schemas/open-data.js';

/**
 * The public-hearings list, without React: when a hearing is (its announced local time read on
 * its place's clock), which are still to come, and how a day and time are said in each language.
 */

/** The instant a hearing starts: its local time on the clock of its aimag (Hovd time, UTC+7, in the west). */
export function hearingStart(h: Pick<Hearing, 'aimag' | 'startsAt'>): Date {
  const offset = HOVD_TIME_AIMAGS.includes(h.aimag) ? '+07:00' : '+08:00';
  const local = h.startsAt.length === 16 ? `${h.startsAt}:00` : h.startsAt.slice(0, 19);
  return new Date(`${local}${offset}`);
}

export interface HearingLists<H> {
  /** Still to come (or under way for the next hours), soonest first; this soum's first on the same day. */
  upcoming: H[];
  /** Held already, the latest first. */
  past: H[];
}

/**
 * Splits hearings into those to come and those held. A hearing counts as upcoming until three
 * hours after it starts (someone reading the kiosk at 10:30 can still walk over); past ones keep
 * their result when the organiser reported one.
 */
export function splitHearings(hearings: readonly Hearing[], now: Date, ownSoum?: string): HearingLists<Hearing> {
  const withStart = hearings.map((h) => ({ h, at: hearingStart(h).getTime() }));
  const cutoff = now.getTime() - 3 * 3_600_000;
  const day = (at: number) => Math.floor((at + 8 * 3_600_000) / 86_400_000);
  const upcoming = withStart
    .filter((x) => x.at >= cutoff)
    .sort(
      (a, b) =>
        day(a.at) - day(b.at) ||
        Number(b.h.soum === ownSoum) - Number(a.h.soum === ownSoum) ||
        a.at - b.at ||
        a.h.id.localeCompare(b.h.id),
    )
    .map((x) => x.h);
  const past = withStart
    .filter((x) => x.at < cutoff)
    .sort((a, b) => b.at - a.at || a.h.id.localeCompare(b.h.id))
    .map((x) => x.h);
  return { upcoming, past };
}

const MN_WEEKDAYS = ['Ням', 'Даваа', 'Мягмар', 'Лхагва', 'Пүрэв', 'Баасан', 'Бямба'];
const KK_WEEKDAYS = ['жексенбі', 'дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const FORMATS = new Map<string, Intl.DateTimeFormat>();
function wallClock(date: Date, timeZone: string) {
  let f = FORMATS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    FORMATS.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  const y = Number(p.year);
  const m = Number(p.month);
  const d = Number(p.day);
  // The weekday of that calendar day (computed in UTC: the date is already the local one).
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return { y, m, d, weekday, time: `${p.hour}:${p.minute}` };
}

/**
 * A hearing's day and time in plain words, on the kiosk's clock (`kioskTimeZone` of the kiosk's
 * aimag): "2026 оны 12-р сарын 18, Баасан гараг, 10:00 цагт", "2026 жылғы 18 желтоқсан, жұма,
 * сағат 10:00", "Friday 18 December 2026, 10:00".
 */
export function hearingWhen(h: Pick<Hearing, 'aimag' | 'startsAt'>, lang: Language, kioskAimag: string): string {
  const c = wallClock(hearingStart(h), kioskTimeZone(kioskAimag));
  switch (lang) {
    case 'mn':
      return `${c.y} оны ${c.m}-р сарын ${c.d}, ${MN_WEEKDAYS[c.weekday]} гараг, ${c.time} цагт`;
    case 'kk':
      return `${c.y} жылғы ${c.d} ${KAZAKH_MONTHS[c.m - 1]}, ${KK_WEEKDAYS[c.weekday]}, сағат ${c.time}`;
    case 'en':
      return `${EN_WEEKDAYS[c.weekday]} ${c.d} ${ENGLISH_MONTHS[c.m - 1]} ${c.y}, ${c.time}`;
  }
}

/** A source's day (`2026-11-20`) as the reader writes dates: 2026.11.20, or 20 November 2026. */
export function takenOnText(isoDate: string, lang: Language): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return lang === 'en' ? `${d} ${ENGLISH_MONTHS[m - 1]} ${y}` : isoDate.replaceAll('-', '.');
}
