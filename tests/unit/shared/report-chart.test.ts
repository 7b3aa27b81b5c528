import { describe, expect, it } from 'vitest';
import {
  barChartConfig,
  byRateDescending,
  rateChartSeries,
  ratePercent,
  summarizeRates,
  type RateRow,
} from '../../../src-shared/charts/report-chart.js';

const row = (key: string, total: number, closed: number, closedOnTime: number, openOverdue: number): RateRow => ({
  key,
  total,
  closed,
  closedOnTime,
  openOverdue,
  onTimeRate: closed + openOverdue === 0 ? null : closedOnTime / (closed + openOverdue),
});

describe('the petition report chart data (shared by kiosk and console)', () => {
  // 65: 1 of 2 on time (50%); 83: 2 of 3 (66.7%); 11: nothing judged yet.
  const rows = [row('65', 2, 2, 1, 0), row('11', 4, 0, 0, 0), row('83', 3, 2, 2, 1)];

  it('rounds a share to one decimal of a percent, the same for chart, table and sentence', () => {
    expect(ratePercent(2 / 3)).toBe(66.7);
    expect(ratePercent(0.5)).toBe(50);
    expect(ratePercent(4 / 7)).toBe(57.1);
    expect(ratePercent(null)).toBeNull();
  });

  it('orders by rate, the not-yet-judged last, and builds one series in that order', () => {
    const sorted = byRateDescending(rows);
    expect(sorted.map((r) => r.key)).toEqual(['83', '65', '11']);
    const series = rateChartSeries(sorted, (k) => `aimag ${k}`, { onTimeRate: 'on time', total: 'received' });
    expect(series).toEqual({
      labels: ['aimag 83', 'aimag 65', 'aimag 11'],
      datasets: [{ id: 'onTimeRate', label: 'on time', values: [66.7, 50, null] }],
    });
    const totals = rateChartSeries(sorted, (k) => k, { onTimeRate: 'on time', total: 'received' }, 'total');
    expect(totals.datasets[0]!.values).toEqual([3, 2, 4]);
  });

  it('summarises the overall rate and the best and worst judged groups', () => {
    // Overall: 3 on time of 4 closed + 1 overdue = 60%.
    expect(summarizeRates({ total: 9, closed: 4, closedOnTime: 3, openOverdue: 1, onTimeRate: 0.6 }, rows)).toEqual({
      total: 9,
      ratePercent: 60,
      best: { key: '83', ratePercent: 66.7 },
      worst: { key: '65', ratePercent: 50 },
    });
    expect(summarizeRates({ total: 0, closed: 0, closedOnTime: 0, openOverdue: 0, onTimeRate: null }, [])).toEqual({
      total: 0,
      ratePercent: null,
      best: null,
      worst: null,
    });
  });

  it('makes a Chart.js bar configuration with a 0–100 axis for rates and no animation', () => {
    const config = barChartConfig(rateChartSeries(rows, (k) => k, { onTimeRate: '%', total: 'n' }));
    expect(config.type).toBe('bar');
    expect(config.options.animation).toBe(false);
    expect(config.options.scales.x).toMatchObject({ min: 0, max: 100 });
    expect(config.data.datasets[0]!.data).toEqual([50, null, 66.7]);
  });
});
