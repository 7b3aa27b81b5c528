import type { CaseRow } from '../../src-shared/console/cases-api.js';
import { findAgency } from '../../src-shared/console/agencies.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { csvField, mongoliaDateTime, UTF8_BOM } from '../util/csv.js';

/** The case table's CSV columns, Mongolian first with English (one header row). */
export const CASE_CSV_HEADER = [
  'Дугаар / Tracking no',
  'Төрөл / Kind',
  'Төлөв / Status',
  'Хугацаа хэтэрсэн / Overdue',
  'Суваг / Channel',
  'Өргөдлийн төрөл / Petition category',
  'Үйлчилгээ / Service',
  'Хууль / Law',
  'Зүйл / Article',
  'Аймаг / Aimag',
  'Сум / Soum',
  'ТҮЦ / Kiosk',
  'Байгууллага / Agency',
  'Ажилтан / Staff',
  'Илгээсэн / Created',
  'Хүлээн авсан / Received',
  'Төлөв өөрчлөгдсөн / Status at',
  'Шийдвэрлэх хугацаа / Due date',
] as const;

/** One CSV line (CRLF-terminated) of a case row. Ids typed on kiosks (staff) are formula-guarded. */
export function caseCsvLine(row: CaseRow): string {
  const cells: string[] = [
    csvField(row.trackingNo),
    csvField(row.kind),
    csvField(row.status),
    csvField(row.overdue ? 'тийм / yes' : ''),
    csvField(row.channel),
    csvField(row.petitionCategory),
    csvField(row.serviceId),
    csvField(row.lawId),
    csvField(row.articleNumber),
    csvField(row.aimagCode === null ? null : `${row.aimagCode} ${AIMAGS[row.aimagCode]?.mn ?? ''}`.trim()),
    csvField(row.soumCode),
    csvField(row.kioskCode),
    csvField(row.agencyId === null ? null : (findAgency(row.agencyId)?.mn ?? row.agencyId)),
    csvField(row.staffId, { untrusted: true }),
    csvField(mongoliaDateTime(row.createdAt)),
    csvField(mongoliaDateTime(row.receivedAt)),
    csvField(mongoliaDateTime(row.statusAt)),
    csvField(row.dueDate),
  ];
  return `${cells.join(',')}\r\n`;
}

/**
 * The CSV of a stream of case rows, as a stream of text chunks: the UTF-8 BOM and header first,
 * then the rows in batches, so a million rows go out without being held in memory at once.
 */
export async function* caseCsvChunks(rows: AsyncIterable<CaseRow>, batch = 500): AsyncGenerator<string> {
  yield `${UTF8_BOM}${CASE_CSV_HEADER.map((h) => csvField(h)).join(',')}\r\n`;
  let buffer = '';
  let count = 0;
  for await (const row of rows) {
    buffer += caseCsvLine(row);
    if (++count % batch === 0) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
