import type { Page } from '@playwright/test';

/**
 * In-page responsiveness probes: long tasks (PerformanceObserver), the largest gap between
 * animation frames (a requestAnimationFrame loop), and, for every change of
 * `document.documentElement.lang`, when it changed and when the next frame after it was done.
 */
export interface ResponsivenessReport {
  frames: number;
  maxFrameGapMs: number;
  longTasks: number;
  maxLongTaskMs: number;
  totalLongTaskMs: number;
  langChanges: { lang: string; changedAt: number; paintedAt: number }[];
}

interface Probe {
  running: boolean;
  frames: number;
  last: number;
  maxFrameGapMs: number;
  longTasks: number[];
  langChanges: { lang: string; changedAt: number; paintedAt: number }[];
  observers: { disconnect(): void }[];
}

type ProbeWindow = { __faultProbe?: Probe };

/** Resolves once the frame loop has measured its first gaps, so that a freeze right after is seen. */
export async function startResponsivenessProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: Probe = {
      running: true,
      frames: 0,
      last: performance.now(),
      maxFrameGapMs: 0,
      longTasks: [],
      langChanges: [],
      observers: [],
    };
    (window as unknown as ProbeWindow).__faultProbe = probe;
    const longTasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    longTasks.observe({ type: 'longtask' });
    probe.observers.push(longTasks);
    const frame = (t: number) => {
      if (!probe.running) return;
      probe.maxFrameGapMs = Math.max(probe.maxFrameGapMs, t - probe.last);
      probe.last = t;
      probe.frames += 1;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame((t) => {
      probe.last = t;
      requestAnimationFrame(frame);
    });
    const langs = new MutationObserver(() => {
      const changedAt = Date.now();
      const lang = document.documentElement.lang;
      // After the next frame is produced: a rAF callback, then a task queued from it.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => probe.langChanges.push({ lang, changedAt, paintedAt: Date.now() });
        channel.port2.postMessage(null);
      });
    });
    langs.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    probe.observers.push(langs);
    // Until the loop's first frame has set `last`, a freeze would not show as a gap.
    return new Promise<void>((resolve) => {
      const ready = () => (probe.frames >= 2 ? resolve() : requestAnimationFrame(ready));
      requestAnimationFrame(ready);
    });
  });
}

export async function readResponsivenessProbe(page: Page, stop = false): Promise<ResponsivenessReport> {
  return page.evaluate((stopIt) => {
    const probe = (window as unknown as ProbeWindow).__faultProbe!;
    if (stopIt) {
      probe.running = false;
      for (const o of probe.observers) o.disconnect();
    }
    return {
      frames: probe.frames,
      maxFrameGapMs: probe.maxFrameGapMs,
      longTasks: probe.longTasks.length,
      maxLongTaskMs: probe.longTasks.reduce((a, b) => Math.max(a, b), 0),
      totalLongTaskMs: probe.longTasks.reduce((a, b) => a + b, 0),
      langChanges: probe.langChanges,
    };
  }, stop);
}

/** The q-quantile (0..1) of `values`, nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Proves the probes can see a freeze before trusting a quiet result: blocks the page's main
 * thread for `blockMs` in one task, checks the long task and the frame gap were both seen, then
 * clears what was recorded.
 */
export async function calibrateResponsivenessProbe(page: Page, blockMs = 250): Promise<ResponsivenessReport> {
  await page.evaluate(
    (ms) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const until = performance.now() + ms;
          while (performance.now() < until) {
            // a frozen main thread, on purpose
          }
          // Two frames later the loop has measured the gap and the observer has reported the task.
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)));
        }, 0);
      }),
    blockMs,
  );
  const seen = await readResponsivenessProbe(page);
  await page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__faultProbe!;
    probe.maxFrameGapMs = 0;
    probe.frames = 0;
    probe.longTasks = [];
    probe.langChanges = [];
  });
  return seen;
}
