import type {
  PetitionReport,
  ReportFigures,
  ReportGroupRow,
  ReportTable,
} from '../../src-shared/console/report-api.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { assertNever } from '../../src-shared/assert-never.js';
import { csvDocument, type CsvValue } from '../util/csv.js';

/** The figure columns every table shares, Mongolian first with the English in brackets. */
const FIGURE_HEADER = [
  'Нийт (total)',
  'Шийдвэрлээгүй (open)',
  'Шийдвэрлэсэн (closed)',
  'Хугацаандаа (closed on time)',
  'Хугацаа хэтэрсэн (open overdue)',
  '30 хоногоос илүү (backlog over 30 days)',
  'Хугацаандаа шийдсэн хувь (on-time rate, %)',
] as const;

/** A share as a percentage with one decimal, or empty when there is none. */
export function percent(rate: number | null): CsvValue {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

function figureCells(f: ReportFigures): CsvValue[] {
  return [f.total, f.open, f.closed, f.closedOnTime, f.openOverdue, f.backlogOver30Days, percent(f.onTimeRate)];
}

const aimagName = (code: string): string => AIMAGS[code]?.mn ?? '';

function groupTable(keyHeader: string, rows: readonly ReportGroupRow[], name?: (key: string) => string): string {
  const header = name ? [keyHeader, 'Нэр (name)', ...FIGURE_HEADER] : [keyHeader, ...FIGURE_HEADER];
  return csvDocument(
    header,
    // Keys are codes the server wrote or content ids; names come from the server's own catalogue.
    rows.map((r) => (name ? [r.key, name(r.key), ...figureCells(r)] : [r.key, ...figureCells(r)])),
  );
}

/** One table of the report as a CSV document (UTF-8 with BOM, RFC 4180). */
export function reportTableCsv(
  report: PetitionReport,
  table: ReportTable,
  categoryName: (id: string) => string,
): string {
  switch (table) {
    case 'summary': {
      const s = report.summary;
      return csvDocument(
        [
          'Эхлэх (from)',
          'Дуусах (to)',
          'Аймаг (aimag)',
          'Өдрийн байдлаар (as of)',
          ...FIGURE_HEADER,
          'Шийдвэрлэх хоногийн медиан (median days to close)',
          'Шийдвэрлэх хоногийн 90-р хувь (90th percentile days to close)',
        ],
        [
          [
            report.from,
            report.to,
            report.aimag ?? '',
            report.asOf,
            ...figureCells(s),
            s.medianDaysToClose,
            s.p90DaysToClose,
          ],
        ],
      );
    }
    case 'by-category':
      return groupTable('Ангилал (category)', report.byCategory, categoryName);
    case 'by-agency':
      return groupTable('Байгууллага (agency)', report.byAgency);
    case 'by-aimag':
      return groupTable('Аймаг (aimag)', report.byAimag, aimagName);
    case 'by-soum':
      return csvDocument(
        ['Аймаг (aimag)', 'Аймгийн нэр (aimag name)', 'Сум (soum)', ...FIGURE_HEADER],
        report.bySoum.map((r) => [r.aimagCode, aimagName(r.aimagCode), r.key, ...figureCells(r)]),
      );
    case 'by-channel':
      return groupTable('Суваг (channel)', report.byChannel);
    case 'law-comments':
      return csvDocument(
        ['Хууль (law)', 'Зүйл (article)', 'Нийт (total)', 'Дэмжсэн (for)', 'Эсрэг (against)', 'Саармаг (neutral)'],
        report.lawComments.map((r) => [r.lawId, r.article, r.total, r.for, r.against, r.neutral]),
      );
    default:
      return assertNever(table, 'report table');
  }
}
