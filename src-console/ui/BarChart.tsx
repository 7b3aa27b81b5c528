import { useEffect, useRef } from 'react';
import { barChartConfig, type ChartSeries } from '../../src-shared/charts/report-chart.js';

/**
 * A Chart.js bar chart (bundled with the console, no CDN; loaded when the first chart shows),
 * drawn from the shared series builder so it shows the very numbers of its table. To assistive
 * technology the canvas is one image named by the chart's sentence; the table has the numbers.
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
      const config = barChartConfig(JSON.parse(key) as ChartSeries, {
        color: '#0b4f8a',
        fontFamily: "'Noto Sans', sans-serif",
      });
      const chart = new Chart(element, config as never);
      element.dataset.chartReady = 'true';
      destroy = () => chart.destroy();
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [key]);
  const height = Math.max(140, 40 * series.labels.length + 60);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
