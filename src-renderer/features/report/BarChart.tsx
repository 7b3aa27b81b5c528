import { useEffect, useRef } from 'react';
import { barChartConfig, type ChartSeries } from '../../../src-shared/charts/report-chart.js';

/**
 * One Chart.js bar chart on a canvas, drawn from a shared series (`src-shared/charts`). Chart.js
 * is bundled with the kiosk (no CDN) and loaded only when a chart is first shown. The canvas is
 * an image to assistive technology, labelled with the chart's one-sentence summary; the same
 * numbers are in the table beside it.
 */
export function BarChart({ series, label, testId }: { series: ChartSeries; label: string; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(series);
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    void import('chart.js').then(({ Chart, BarController, BarElement, CategoryScale, LinearScale }) => {
      const element = canvas.current;
      if (cancelled || !element) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale);
      const chart = new Chart(element, barChartConfig(series, { fontFamily: "'Noto Sans', sans-serif" }) as never);
      element.dataset.chartReady = 'true';
      destroy = () => chart.destroy();
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
    // The series is compared by value: a new object with the same numbers draws nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const height = Math.max(160, 56 * series.labels.length + 60);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
