import type { z } from 'zod';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { openDataSchemas, type OpenDataSource, type OpenDataset } from '../../src-shared/schemas/open-data.js';

/** One file handed to an importer, as read from disk or an upload. */
export interface ImportFile {
  name: string;
  text: string;
}

export interface ImportContext {
  source: OpenDataSource;
  /** Tögrög per unit of a foreign currency, for budgets reported in one (IATI). */
  ratesToMnt?: Readonly<Record<string, number>>;
}

/**
 * One problem the validation report names: the file, the record in it (its id, or its line in a
 * CSV) and the field, where they are known. A problem with no record means the whole file could
 * not be read — and then nothing of that import is published.
 */
export interface ImportProblem {
  file: string;
  record: string | null;
  field: string | null;
  message: string;
}

export type RecordOf<D extends OpenDataset> = z.infer<(typeof openDataSchemas)[D]>;

export interface ImportResult<D extends OpenDataset> {
  dataset: D;
  records: RecordOf<D>[];
  problems: ImportProblem[];
  /** Files that could not be read at all: when any, the import must publish nothing. */
  unreadable: string[];
  /** Records deliberately not carried, by reason (below the threshold, salaries, …). */
  leftOut: Record<string, number>;
  /** Fields present in the source that are never kept (not public by law), by name. */
  droppedFields: string[];
}

/** Collects an importer's records and problems; records are checked against the dataset's schema. */
export class ImportCollector<D extends OpenDataset> {
  private readonly byId = new Map<string, RecordOf<D>>();
  readonly problems: ImportProblem[] = [];
  readonly unreadable: string[] = [];
  readonly leftOut: Record<string, number> = {};
  readonly droppedFields = new Set<string>();

  constructor(readonly dataset: D) {}

  problem(file: string, record: string | null, field: string | null, message: string): void {
    this.problems.push({ file, record, field, message });
  }

  /** The whole file is unusable (not JSON, not CSV, wrong shape): reported, and the import publishes nothing. */
  fileUnreadable(file: string, message: string): void {
    this.unreadable.push(file);
    this.problem(file, null, null, message);
  }

  leaveOut(reason: string): void {
    this.leftOut[reason] = (this.leftOut[reason] ?? 0) + 1;
  }

  /**
   * Checks a candidate record against the dataset's schema; keeps it when valid, else reports
   * every failing field. A second record with the same id is a problem too (the first stays).
   */
  add(file: string, label: string, candidate: unknown): void {
    const schema = openDataSchemas[this.dataset] as unknown as z.ZodType<RecordOf<D>>;
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        this.problem(file, label, issue.path.length > 0 ? issue.path.join('.') : null, issue.message);
      }
      return;
    }
    if (this.byId.has(parsed.data.id)) {
      this.problem(file, label, 'id', `the same record twice (${parsed.data.id})`);
      return;
    }
    this.byId.set(parsed.data.id, parsed.data);
  }

  result(): ImportResult<D> {
    return {
      dataset: this.dataset,
      records: [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      problems: this.problems,
      unreadable: this.unreadable,
      leftOut: this.leftOut,
      droppedFields: [...this.droppedFields].sort(),
    };
  }
}

/**
 * An aimag named by its statistics code (`83`) or its Mongolian or English name, as sources write
 * it; `00` is the nation (national summaries). Null when it names none.
 */
export function aimagCodeOf(text: string | null | undefined): string | null {
  const value = (text ?? '').trim();
  if (value === '00') return '00';
  if (/^\d{2}$/.test(value)) return Object.hasOwn(AIMAGS, value) ? value : null;
  const folded = value.toLocaleLowerCase('mn');
  for (const [code, name] of Object.entries(AIMAGS)) {
    if (name.mn.toLocaleLowerCase('mn') === folded || name.en.toLowerCase() === folded) return code;
  }
  return null;
}

/** A soum code (4 digits) that belongs to the aimag, else null; an empty text is "no soum". */
export function soumCodeOf(text: string | null | undefined, aimag: string | null): string | null | undefined {
  const value = (text ?? '').trim();
  if (value === '') return null;
  if (!/^\d{4}$/.test(value) || aimag === null || !value.startsWith(aimag)) return undefined;
  return value;
}

/** A number as sources write it: `1 234 567,5`, `1,234,567.5` or `1234567.5`; null when it is not one. */
export function amountOf(text: unknown): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  if (typeof text !== 'string') return null;
  let value = text.replace(/[\s\u00a0₮]/g, '');
  if (value === '') return null;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) value = value.replace(/,/g, '');
  else if (/^-?\d+,\d+$/.test(value)) value = value.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(value)) return null;
  return Number(value);
}

/** The date part of an ISO date or date-time (`2026-03-14T09:00:00+08:00` → `2026-03-14`); null when absent or not a date. */
export function isoDateOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match ? match[1]! : null;
}
