/** Kiosks are in Mongolia, whatever time zone the machine's OS was set up with. */
export const RECEIPT_TIME_ZONE = 'Asia/Ulaanbaatar';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: RECEIPT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Date and time as Mongolian documents write them: `2026.11.26 14:05`, Ulaanbaatar time. */
export function formatReceiptTime(date: Date): string {
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${get('year')}.${get('month')}.${get('day')} ${get('hour')}:${get('minute')}`;
}
