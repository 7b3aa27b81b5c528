import type { ExportedComment, LawCommentExport } from './comment-export.js';
import { MONGOLIA_OFFSET_MS } from '../submissions/comment-window.js';

/** Excel reads a UTF-8 CSV as UTF-8 (Cyrillic intact) only when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

const STANCE_MN: Readonly<Record<ExportedComment['stance'], string>> = {
  for: 'Дэмжсэн',
  against: 'Эсэргүүцсэн',
  neutral: 'Саармаг',
};

const CHANNEL_MN: Readonly<Record<string, string>> = {
  kiosk: 'ТҮЦ машин',
  assisted: 'Иргэдийн танхимын ажилтны туслалцаатай',
  library: 'Номын сан',
};

/** The header row, in Mongolian: the drafting body reads it. */
export const CSV_HEADER = [
  'Зүйл',
  'Зүйлийн гарчиг',
  'Зүйлд дэмжсэн',
  'Зүйлд эсэргүүцсэн',
  'Зүйлд саармаг',
  'Байр суурь',
  'Санал',
  'Төслийн хувилбар',
  'Суваг',
  'Аймаг, нийслэл',
  'Сум, дүүрэг',
  'ТҮЦ машины код',
  'Хяналтын дугаар',
  'Бичсэн (Улаанбаатарын цагаар)',
  'Хүлээн авсан (Улаанбаатарын цагаар)',
  'Хэл',
  'Нэр',
  'Холбоо барих',
] as const;

/** `2026-12-20 23:59:59`, Mongolia time (UTC+8, no daylight saving): what a spreadsheet reads as a date. */
export function mongoliaDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + MONGOLIA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Text a
 * citizen typed that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` so a
 * spreadsheet shows it instead of running it.
 */
export function csvField(value: string | number | null, { untrusted = false } = {}): string {
  let text = value === null ? '' : String(value);
  if (untrusted && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The export as CSV for a spreadsheet: UTF-8 with a BOM, CRLF line ends, one row per comment,
 * grouped by article (the whole law first), each row carrying its article's stance counts.
 */
export function commentsCsv(data: LawCommentExport): string {
  const lines = [CSV_HEADER.map((h) => csvField(h)).join(',')];
  for (const group of data.groups) {
    for (const c of group.comments) {
      // What the citizen typed is guarded against spreadsheet formulas; the rest is ours.
      const typed = (v: string | null) => csvField(v, { untrusted: true });
      const row = [
        csvField(group.articleNumber ?? 'Хуулийн төсөл бүхэлдээ'),
        csvField(group.articleTitle?.mn ?? null),
        csvField(group.counts.for),
        csvField(group.counts.against),
        csvField(group.counts.neutral),
        csvField(STANCE_MN[c.stance]),
        typed(c.text),
        csvField(c.lawVersion),
        csvField(CHANNEL_MN[c.channel] ?? c.channel),
        csvField(c.aimag ? (c.aimag.name ?? c.aimag.code) : null),
        csvField(c.soum ? (c.soum.name ?? c.soum.code) : null),
        csvField(c.kioskCode),
        csvField(c.trackingNo),
        csvField(mongoliaDateTime(c.createdAt)),
        csvField(mongoliaDateTime(c.receivedAt)),
        csvField(c.lang),
        typed(c.name),
        typed(c.contact),
      ];
      lines.push(row.join(','));
    }
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
