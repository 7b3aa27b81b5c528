import type { Language } from './schemas/localized-text.js';

/** Kiosks show Mongolia's time whatever the machine's clock zone is set to. */
export const KIOSK_TIME_ZONE = 'Asia/Ulaanbaatar';

function parts(date: Date): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: KIOSK_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** The calendar date in Mongolia (UTC+8): what "today" means to the citizen at 02:00 local time. */
export function isoDateInMongolia(date: Date): string {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `2026.11.26` for Mongolian and Kazakh readers (the style used on Mongolian documents), `26 Nov 2026` for English. */
export function formatDate(date: Date, lang: Language): string {
  if (lang === 'en') {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: KIOSK_TIME_ZONE,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(date);
  }
  const p = parts(date);
  return `${p.year}.${p.month}.${p.day}`;
}

export function formatDateTime(date: Date, lang: Language): string {
  const p = parts(date);
  return `${formatDate(date, lang)} ${p.hour}:${p.minute}`;
}

/** Whole tögrög with thin grouping: `3,500₮`. Mongolian price tags put the sign after the number. */
export function formatMnt(amount: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(amount)}₮`;
}
