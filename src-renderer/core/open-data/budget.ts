import type { AccountPayment, BudgetLine } from '../../../src-shared/schemas/open-data.js';
import { ACCOUNT_THRESHOLD_MNT } from '../../../src-shared/schemas/open-data.js';

/**
 * "Where does our money go": a place's budget lines summed the two ways the Fiscal Data Package
 * gives them (by organisation, by economic classification), for one year. Pure, so the screen,
 * its table and the printed summary say the very same numbers.
 */

/** One bar of the chart and one line of its table. */
export interface BudgetRow {
  /** The organisation's name, or the economic classification code. */
  key: string;
  label: string;
  approved: number;
  executed: number;
  /** Executed as a share of approved, in whole per cent (null when nothing was approved). */
  percent: number | null;
}

export interface BudgetView {
  year: number;
  approved: number;
  executed: number;
  percent: number | null;
  byOrganisation: BudgetRow[];
  byEconomic: BudgetRow[];
  /** The newest date any of the lines was taken from its source, and that source. */
  source: { url: string; takenOn: string } | null;
}

/** Executed over approved in whole per cent, the one rounding every view uses. */
export function executedPercent(approved: number, executed: number): number | null {
  return approved > 0 ? Math.round((executed / approved) * 100) : null;
}

function rowsBy(lines: readonly BudgetLine[], keyOf: (l: BudgetLine) => string, labelOf: (l: BudgetLine) => string) {
  const rows = new Map<string, BudgetRow>();
  for (const l of lines) {
    const key = keyOf(l);
    const row = rows.get(key) ?? { key, label: labelOf(l), approved: 0, executed: 0, percent: null };
    row.approved += l.approved;
    row.executed += l.executed;
    rows.set(key, row);
  }
  return [...rows.values()].map((r) => ({ ...r, percent: executedPercent(r.approved, r.executed) }));
}

/** The years the lines cover, newest first. */
export function budgetYears(lines: readonly BudgetLine[]): number[] {
  return [...new Set(lines.map((l) => l.year))].sort((a, b) => b - a);
}

/**
 * The budget of one year (the newest when not given): totals, organisations by approved amount
 * (largest first), economic classes in code order (as the budget law lists them). Null when
 * there is no line for that year.
 */
export function budgetView(lines: readonly BudgetLine[], year?: number): BudgetView | null {
  const y = year ?? budgetYears(lines)[0];
  const ofYear = lines.filter((l) => l.year === y);
  if (y === undefined || ofYear.length === 0) return null;
  const approved = ofYear.reduce((s, l) => s + l.approved, 0);
  const executed = ofYear.reduce((s, l) => s + l.executed, 0);
  const byOrganisation = rowsBy(
    ofYear,
    (l) => l.organisation,
    (l) => l.organisation,
  ).sort((a, b) => b.approved - a.approved || a.key.localeCompare(b.key));
  const byEconomic = rowsBy(
    ofYear,
    (l) => l.economicCode,
    (l) => l.economicName,
  ).sort((a, b) => compareCodes(a.key, b.key));
  return {
    year: y,
    approved,
    executed,
    percent: executedPercent(approved, executed),
    byOrganisation,
    byEconomic,
    source: newestSource(ofYear),
  };
}

/** `2.1.10` after `2.1.9`: classification codes compared part by part as numbers. */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

/** The source taken most recently among records (what a "taken on" line should say). */
export function newestSource(records: readonly { source: { url: string; takenOn: string } }[]) {
  let best: { url: string; takenOn: string } | null = null;
  for (const r of records) if (!best || r.source.takenOn > best.takenOn) best = r.source;
  return best;
}

/** The share of the largest row, so the chart's bars are drawn against a common scale (0…1). */
export function barScale(rows: readonly BudgetRow[]): (value: number) => number {
  const max = Math.max(0, ...rows.map((r) => Math.max(r.approved, r.executed)));
  return (value) => (max > 0 ? Math.min(1, value / max) : 0);
}

/**
 * The Transparent Account payments the law publishes (above 5,000,000 ₮), newest first, then
 * the largest first on the same day.
 */
export function publishedPayments(payments: readonly AccountPayment[]): AccountPayment[] {
  return payments
    .filter((p) => p.amount > ACCOUNT_THRESHOLD_MNT)
    .sort((a, b) => b.date.localeCompare(a.date) || b.amount - a.amount || a.id.localeCompare(b.id));
}

/** The different sources of some records (usually one), newest first, for one "source" line each. */
export function distinctSources(records: readonly { source: { url: string; takenOn: string } }[]) {
  const seen = new Map<string, { url: string; takenOn: string }>();
  for (const r of records) seen.set(`${r.source.url} ${r.source.takenOn}`, r.source);
  return [...seen.values()].sort((a, b) => b.takenOn.localeCompare(a.takenOn) || a.url.localeCompare(b.url));
}
