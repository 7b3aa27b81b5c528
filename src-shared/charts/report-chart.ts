/**
 * The chart data of the petition report, pure, so the kiosk and the console draw the same
 * series from the same rows (both with Chart.js) and their tables and sentences show the very
 * numbers the bars do. Works on any row with the public figures: the kiosk's published report
 * (`schemas/petition-report.ts`) and the console's report tables (`console/report-api.ts`).
 */

export interface RateRow {
  /** The group's code (aimag code, category id…). */
  key: string;
  total: number;
  closed: number;
  closedOnTime: number;
  openOverdue: number;
  onTimeRate: number | null;
}

/** A share (0…1) as a percentage with one decimal, the one rounding every view uses; null stays null. */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

export interface ChartSeries {
  /** Bar labels, in the order of the rows. */
  labels: string[];
  datasets: Array<{ id: 'onTimeRate' | 'total'; label: string; values: Array<number | null> }>;
}

export interface SeriesLabels {
  onTimeRate: string;
  total: string;
}

export type ChartKind = 'onTimeRate' | 'total';

/**
 * One dataset per row group: the on-time rate in percent (null = nothing judged yet, drawn as
 * no bar) or the number received. Rows are kept in the order given; `label` names a row's key.
 */
export function rateChartSeries(
  rows: readonly RateRow[],
  label: (key: string) => string,
  labels: SeriesLabels,
  kind: ChartKind = 'onTimeRate',
): ChartSeries {
  return {
    labels: rows.map((r) => label(r.key)),
    datasets: [
      kind === 'onTimeRate'
        ? { id: 'onTimeRate', label: labels.onTimeRate, values: rows.map((r) => ratePercent(r.onTimeRate)) }
        : { id: 'total', label: labels.total, values: rows.map((r) => r.total) },
    ],
  };
}

/** Rows sorted for reading: the highest on-time rate first, those not yet judged last, then by key. */
export function byRateDescending<T extends RateRow>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** What the one-sentence summary says: the overall rate and the best and worst judged groups. */
export interface RateSummary {
  total: number;
  ratePercent: number | null;
  best: { key: string; ratePercent: number } | null;
  worst: { key: string; ratePercent: number } | null;
}

export function summarizeRates(overall: Omit<RateRow, 'key'>, rows: readonly RateRow[]): RateSummary {
  const judged = byRateDescending(rows).filter((r) => r.onTimeRate !== null);
  const first = judged[0];
  const last = judged.at(-1);
  return {
    total: overall.total,
    ratePercent: ratePercent(overall.onTimeRate),
    best: first ? { key: first.key, ratePercent: ratePercent(first.onTimeRate)! } : null,
    worst: last && last !== first ? { key: last.key, ratePercent: ratePercent(last.onTimeRate)! } : null,
  };
}

/**
 * A horizontal bar chart of one series as a plain Chart.js configuration object (no Chart.js
 * types here: shared code has no DOM), so both wings draw it the same way: no animation (a
 * kiosk redraws nothing behind the citizen's back), no legend (the heading says what it is),
 * percentages on a 0–100 axis.
 */
export function barChartConfig(series: ChartSeries, options: { color?: string; fontFamily?: string } = {}) {
  const dataset = series.datasets[0];
  const percent = dataset?.id === 'onTimeRate';
  return {
    type: 'bar' as const,
    data: {
      labels: series.labels,
      datasets: series.datasets.map((d) => ({
        label: d.label,
        data: d.values,
        backgroundColor: options.color ?? '#1d5fa6',
      })),
    },
    options: {
      indexAxis: 'y' as const,
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        x: { beginAtZero: true, ...(percent ? { min: 0, max: 100 } : {}), ticks: { font: { size: 16 } } },
        y: { ticks: { font: { size: 18 }, autoSkip: false } },
      },
      ...(options.fontFamily ? { font: { family: options.fontFamily } } : {}),
    },
  };
}
