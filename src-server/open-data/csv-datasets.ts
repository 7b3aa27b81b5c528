import { ACCOUNT_THRESHOLD_MNT, CRIME_SUPPRESS_BELOW, type OpenDataset } from '../../src-shared/schemas/open-data.js';
import { CsvReadError, readCsvTable } from '../util/csv-read.js';
import {
  aimagCodeOf,
  amountOf,
  ImportCollector,
  soumCodeOf,
  type ImportContext,
  type ImportFile,
  type ImportResult,
} from './import-report.js';

type Row = Record<string, string>;
type Place = { aimag: string; soum: string | null };

/**
 * Reads each CSV file's table, resolves its place columns, and hands every row to `toRecord`;
 * an unreadable file (quotes left open, a missing column, rows of the wrong width) is reported
 * as such and nothing is published from the import.
 */
function importCsv<D extends OpenDataset>(
  dataset: D,
  files: readonly ImportFile[],
  columns: readonly string[],
  toRecord: (row: Row, place: Place, collector: ImportCollector<D>, at: { file: string; label: string }) => unknown,
  options: { keep?: ReadonlySet<string> } = {},
): ImportResult<D> {
  const collector = new ImportCollector(dataset);
  for (const file of files) {
    let table: ReturnType<typeof readCsvTable>;
    try {
      table = readCsvTable(file.text, ['aimag', 'soum', ...columns]);
    } catch (error) {
      collector.fileUnreadable(
        file.name,
        error instanceof CsvReadError ? `not a readable CSV: ${error.message}` : String(error),
      );
      continue;
    }
    if (options.keep) {
      for (const name of table.header) if (!options.keep.has(name)) collector.droppedFields.add(name);
    }
    for (const { line, values } of table.records) {
      const label = `line ${line}`;
      const aimag = aimagCodeOf(values.aimag);
      if (aimag === null) {
        collector.problem(file.name, label, 'aimag', `"${values.aimag}" is not an aimag`);
        continue;
      }
      const soum = soumCodeOf(values.soum, aimag);
      if (soum === undefined) {
        collector.problem(file.name, label, 'soum', `"${values.soum}" is not a soum code of aimag ${aimag}`);
        continue;
      }
      const record = toRecord(values, { aimag, soum }, collector, { file: file.name, label });
      if (record !== undefined) collector.add(file.name, label, record);
    }
  }
  return collector.result();
}

/** A number column: the number, or the text as it was (so the schema names the field). */
const num = (text: string | undefined): number | string => amountOf(text) ?? text ?? '';
const int = (text: string | undefined): number | string => {
  const value = amountOf(text);
  return value !== null && Number.isInteger(value) ? value : (text ?? '');
};

/** Local budget, approved and executed, in the shape of a Fiscal Data Package's CSV resource. */
export function importBudgetLines(files: readonly ImportFile[], context: ImportContext): ImportResult<'budget-line'> {
  return importCsv(
    'budget-line',
    files,
    ['year', 'organisation', 'economic_code', 'economic_name', 'approved', 'executed'],
    (row, place) => ({
      id: `${row.year}:${place.soum ?? place.aimag}:${row.organisation}:${row.economic_code}`,
      ...place,
      source: context.source,
      year: int(row.year),
      organisation: row.organisation,
      economicCode: row.economic_code,
      economicName: row.economic_name,
      approved: num(row.approved),
      executed: num(row.executed),
    }),
  );
}

/** Salaries and wages (economic classification 2.1.1): never published on the Transparent Account. */
const SALARY_CODE = /^2\.1\.1(\.|$)/;

/** Transparent Account payments above 5,000,000 ₮, salaries left out as the law says. */
export function importAccountPayments(
  files: readonly ImportFile[],
  context: ImportContext,
): ImportResult<'account-payment'> {
  return importCsv(
    'account-payment',
    files,
    ['id', 'date', 'organisation', 'payee', 'purpose', 'economic_code', 'amount'],
    (row, place, collector) => {
      if (SALARY_CODE.test(row.economic_code ?? '')) {
        collector.leaveOut('salaries (2.1.1)');
        return undefined;
      }
      const amount = amountOf(row.amount);
      if (amount !== null && amount <= ACCOUNT_THRESHOLD_MNT) {
        collector.leaveOut('5,000,000 ₮ or less');
        return undefined;
      }
      return {
        id: row.id,
        ...place,
        source: context.source,
        date: row.date,
        organisation: row.organisation,
        payee: row.payee,
        purpose: row.purpose,
        amount: amount ?? row.amount,
      };
    },
  );
}

/**
 * Crime counts by place, month and kind. A count of 1–4 is published as "fewer than 5" (null), so
 * that nobody in a small soum can be recognised from it; zero stays zero.
 */
export function importCrimeCounts(files: readonly ImportFile[], context: ImportContext): ImportResult<'crime-count'> {
  return importCsv('crime-count', files, ['month', 'crime', 'count'], (row, place, collector) => {
    const count = int(row.count);
    const suppressed = typeof count === 'number' && count > 0 && count < CRIME_SUPPRESS_BELOW;
    if (suppressed) collector.leaveOut('count 1–4 shown as fewer than 5');
    return {
      id: `${row.month}:${place.soum ?? place.aimag}:${row.crime}`,
      ...place,
      source: context.source,
      month: row.month,
      crime: row.crime,
      count: suppressed ? null : count,
    };
  });
}

/** The only declaration columns the law makes public; any other column is dropped and named in the report. */
const DECLARATION_COLUMNS = [
  'id',
  'name',
  'position',
  'organisation',
  'year',
  'income',
  'real_estate_count',
  'real_estate_value',
  'vehicle_count',
  'vehicle_value',
] as const;

/**
 * Officials' asset and income statements: name, position, organisation, year, income, real estate
 * and vehicles. Registration numbers, addresses, relatives and anything else a source file carries
 * are never read into a record (the report lists the columns dropped).
 */
export function importDeclarations(files: readonly ImportFile[], context: ImportContext): ImportResult<'declaration'> {
  return importCsv(
    'declaration',
    files,
    DECLARATION_COLUMNS,
    (row, place) => ({
      id: row.id,
      ...place,
      source: context.source,
      name: row.name,
      position: row.position,
      organisation: row.organisation,
      year: int(row.year),
      income: num(row.income),
      realEstateCount: int(row.real_estate_count),
      realEstateValue: num(row.real_estate_value),
      vehicleCount: int(row.vehicle_count),
      vehicleValue: num(row.vehicle_value),
    }),
    { keep: new Set(['aimag', 'soum', ...DECLARATION_COLUMNS]) },
  );
}

/** Public hearings: organiser, topic, local date and time, place, how to take part, the result when known. */
export function importHearings(files: readonly ImportFile[], context: ImportContext): ImportResult<'hearing'> {
  return importCsv(
    'hearing',
    files,
    ['id', 'organiser', 'topic', 'starts_at', 'place', 'how_to_take_part', 'result'],
    (row, place) => ({
      id: row.id,
      ...place,
      source: context.source,
      organiser: row.organiser,
      topic: row.topic,
      startsAt: row.starts_at,
      place: row.place,
      howToTakePart: row.how_to_take_part,
      result: row.result === '' ? null : row.result,
    }),
  );
}
