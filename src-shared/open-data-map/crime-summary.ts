import type { CrimeCount } from '../schemas/open-data.js';

/**
 * Crime counts as the kiosk shows them. The source publishes a count of 1–4 as "fewer than 5"
 * (null), so that no person can be recognised; a sum over several places then is only known
 * between a lowest and a highest value, and is shown so.
 */
export interface CrimeCell {
  /** The sum of the counts that are published. */
  known: number;
  /** How many of the summed counts were "fewer than 5" (each is 1–4). */
  hidden: number;
}

export type CellText =
  | { kind: 'count'; value: number }
  | { kind: 'fewerThan5' }
  | { kind: 'range'; low: number; high: number }
  | { kind: 'none' };

export function cellText(cell: CrimeCell | undefined): CellText {
  if (!cell) return { kind: 'none' };
  if (cell.hidden === 0) return { kind: 'count', value: cell.known };
  if (cell.known === 0 && cell.hidden === 1) return { kind: 'fewerThan5' };
  return { kind: 'range', low: cell.known + cell.hidden, high: cell.known + 4 * cell.hidden };
}

const add = (cell: CrimeCell | undefined, count: number | null): CrimeCell => ({
  known: (cell?.known ?? 0) + (count ?? 0),
  hidden: (cell?.hidden ?? 0) + (count === null ? 1 : 0),
});

export interface CrimeTable {
  /** YYYY-MM, newest first. */
  months: string[];
  /** Kinds of crime, most first. */
  crimes: string[];
  cell(month: string, crime: string): CrimeCell | undefined;
  total(month: string): CrimeCell;
}

/** The month × kind table for one soum, or the whole aimag when `soum` is null (its soums summed). */
export function crimeTable(counts: readonly CrimeCount[], soum: string | null): CrimeTable {
  const cells = new Map<string, CrimeCell>();
  const totals = new Map<string, CrimeCell>();
  const byCrime = new Map<string, number>();
  for (const c of counts) {
    if (soum !== null && c.soum !== soum) continue;
    const key = `${c.month}|${c.crime}`;
    cells.set(key, add(cells.get(key), c.count));
    totals.set(c.month, add(totals.get(c.month), c.count));
    byCrime.set(c.crime, (byCrime.get(c.crime) ?? 0) + (c.count ?? 1));
  }
  return {
    months: [...totals.keys()].sort().reverse(),
    crimes: [...byCrime.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k),
    cell: (month, crime) => cells.get(`${month}|${crime}`),
    total: (month) => totals.get(month) ?? { known: 0, hidden: 0 },
  };
}

/** Each soum's counts summed over every month and kind (the map's colours). */
export function crimeBySoum(counts: readonly CrimeCount[]): Map<string, CrimeCell> {
  const bySoum = new Map<string, CrimeCell>();
  for (const c of counts) if (c.soum) bySoum.set(c.soum, add(bySoum.get(c.soum), c.count));
  return bySoum;
}

/**
 * Up to four shades for the map, by the lowest value each soum's total can have, split at the
 * quarters of the soums (so one busy aimag centre does not leave every other soum the same pale
 * colour); "darker" still always means "more". Returns each soum's class (0 lightest) and the
 * lowest total of each class, for the legend.
 */
export function crimeShades(bySoum: ReadonlyMap<string, CrimeCell>): {
  shade: Map<string, number>;
  from: number[];
} {
  const low = (c: CrimeCell) => c.known + c.hidden;
  const values = [...bySoum.values()].map(low).sort((a, b) => a - b);
  const n = values.length;
  const breaks = [1, 2, 3].map((q) => values[Math.floor((q * n) / 4)] ?? 0).filter((b) => b > 0);
  const from = [...new Set([0, ...breaks])].sort((a, b) => a - b);
  const classOf = (value: number) => from.filter((f) => f <= value).length - 1;
  const shade = new Map([...bySoum].map(([soum, c]) => [soum, classOf(low(c))]));
  return { shade, from };
}
