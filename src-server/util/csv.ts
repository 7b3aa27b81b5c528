import { mongoliaDateTime as mongoliaDateTimeOf } from '../../src-shared/format.js';

/**
 * The one CSV writer of the server (law comment exports, the audit log, and the console's tables
 * to come): what a spreadsheet in Mongolia opens correctly with a double click.
 */

/** Excel reads a UTF-8 CSV as UTF-8 (Cyrillic intact) only when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | null;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Text that
 * someone outside the server typed and that starts like a formula (`=`, `+`, `-`, `@`, tab, CR)
 * gets a leading `'` so a spreadsheet shows it instead of running it.
 */
export function csvField(value: CsvValue, { untrusted = false } = {}): string {
  let text = value === null ? '' : String(value);
  if (untrusted && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell whose text came from outside (a citizen, an operator, a client's header): formula-guarded. */
export interface UntrustedCell {
  untrusted: CsvValue;
}

/**
 * A whole CSV document: UTF-8 BOM, a header row, CRLF line ends (RFC 4180), a final CRLF. Cells
 * given as `{ untrusted: value }` are guarded against spreadsheet formulas; plain values are the
 * server's own (codes, numbers, times).
 */
export function csvDocument(header: readonly string[], rows: Iterable<readonly (CsvValue | UntrustedCell)[]>): string {
  const lines = [header.map((h) => csvField(h)).join(',')];
  for (const row of rows) {
    lines.push(
      row
        .map((cell) =>
          cell !== null && typeof cell === 'object' ? csvField(cell.untrusted, { untrusted: true }) : csvField(cell),
        )
        .join(','),
    );
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** `2026-12-20 23:59:59`, Mongolia time (UTC+8, no daylight saving): what a spreadsheet reads as a date. */
export function mongoliaDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return mongoliaDateTimeOf(new Date(t));
}
