import type { ExportedComment, LawCommentExport } from './comment-export.js';
import { csvDocument, mongoliaDateTime, type CsvValue, type UntrustedCell } from '../util/csv.js';

/** The CSV writer moved to util/csv.ts (the audit log uses it too); these names stay for old imports. */
export { csvField, mongoliaDateTime, UTF8_BOM } from '../util/csv.js';

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

/**
 * The export as CSV for a spreadsheet: UTF-8 with a BOM, CRLF line ends, one row per comment,
 * grouped by article (the whole law first), each row carrying its article's stance counts.
 */
export function commentsCsv(data: LawCommentExport): string {
  const rows: (CsvValue | UntrustedCell)[][] = [];
  for (const group of data.groups) {
    for (const c of group.comments) {
      // What the citizen typed is guarded against spreadsheet formulas; the rest is ours.
      rows.push([
        group.articleNumber ?? 'Хуулийн төсөл бүхэлдээ',
        group.articleTitle?.mn ?? null,
        group.counts.for,
        group.counts.against,
        group.counts.neutral,
        STANCE_MN[c.stance],
        { untrusted: c.text },
        c.lawVersion,
        CHANNEL_MN[c.channel] ?? c.channel,
        c.aimag ? (c.aimag.name ?? c.aimag.code) : null,
        c.soum ? (c.soum.name ?? c.soum.code) : null,
        c.kioskCode,
        c.trackingNo,
        mongoliaDateTime(c.createdAt),
        mongoliaDateTime(c.receivedAt),
        c.lang,
        { untrusted: c.name },
        { untrusted: c.contact },
      ]);
    }
  }
  return csvDocument(CSV_HEADER, rows);
}
