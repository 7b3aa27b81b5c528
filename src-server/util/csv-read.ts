/**
 * The server's CSV reader (open-data imports): RFC 4180 with the things spreadsheets in Mongolia
 * actually write — a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields holding commas,
 * quotes and line breaks. A quote left open or text after a closing quote is an error with its
 * line, not a guess: an importer reports the file as unreadable rather than shift columns.
 */

export class CsvReadError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvReadError';
  }
}

export interface CsvRow {
  fields: string[];
  /** The line the row starts on (1-based), for reports. */
  line: number;
}

/** Every row with its fields; blank lines are skipped. */
export function readCsvRows(text: string): CsvRow[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let rowLine = 1;
  let field = '';
  let line = 1;
  let i = 0;
  let quotedField = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '' && !quotedField)) rows.push({ fields: row, line: rowLine });
    row = [];
    field = '';
    quotedField = false;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '"' && field === '' && !quotedField) {
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= src.length) throw new CsvReadError('a quoted field is never closed', startLine);
        const q = src[i];
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\n') line += 1;
        field += q;
        i += 1;
      }
      quotedField = true;
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvReadError('text after a closing quote', line);
      }
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      quotedField = false;
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1;
      rowLine = line;
    } else {
      if (quotedField) throw new CsvReadError('text after a closing quote', line);
      field += c;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0 || quotedField) endRow();
  return rows;
}

/**
 * Rows as objects keyed by the header row (names trimmed, lower-cased). The header must name
 * every `required` column; a row with more or fewer fields than the header is an error.
 */
export function readCsvTable(
  text: string,
  required: readonly string[],
): { header: string[]; records: { line: number; values: Record<string, string> }[] } {
  const rows = readCsvRows(text);
  if (rows.length === 0) throw new CsvReadError('the file is empty', 1);
  const header = rows[0]!.fields.map((h) => h.trim().toLowerCase());
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new CsvReadError(`the header lacks column(s): ${missing.join(', ')}`, 1);
  const records = rows.slice(1).map(({ fields, line }) => {
    if (fields.length !== header.length) {
      throw new CsvReadError(`${fields.length} fields where the header has ${header.length}`, line);
    }
    return { line, values: Object.fromEntries(header.map((name, k) => [name, fields[k]!.trim()])) };
  });
  return { header, records };
}
