import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { flushSync } from 'react-dom';

/** A request to bring a row to the top of the list; a new `seq` repeats the same jump. */
export interface ScrollRequest {
  index: number;
  seq: number;
}

interface Anchor {
  index: number;
  /** Pixels of the anchor row already scrolled past the top of the viewport. */
  delta: number;
}

/** The last row whose top is at or above `y` (binary search over the row offsets). */
function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = Math.max(0, offsets.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * When the page itself scrolls (large text, keyboard open) and the list is mostly out of sight,
 * brings it into view; otherwise leaves the page (and a box being typed in) alone.
 */
function showList(el: HTMLElement): void {
  const box = el.getBoundingClientRect();
  if (box.top > window.innerHeight / 2 || box.bottom < 0) el.scrollIntoView({ block: 'nearest', behavior: 'instant' });
}

/**
 * Windowed rendering for long laws: only the rows in view (plus `overscanPx` above and below)
 * are in the DOM. Rows not yet seen are placed at an estimated height; each rendered row is
 * measured with a ResizeObserver, and after every measurement the row at the top of the
 * viewport (the anchor) is put back where the reader saw it, so corrections to estimates above
 * never make the text jump. A jump sets the anchor to the target row, so it lands exactly even
 * while the rows around it are still being measured.
 *
 * Measurements are kept by row key; a new `measureKey` (e.g. the text size) forgets them all.
 */
export function VirtualList({
  count,
  rowKey,
  estimate,
  renderRow,
  scrollTo,
  measureKey,
  overscanPx = 800,
  className,
  label,
  style,
}: {
  count: number;
  rowKey(index: number): string;
  estimate(index: number): number;
  renderRow(index: number): ReactNode;
  scrollTo?: ScrollRequest | undefined;
  measureKey?: string | number;
  overscanPx?: number;
  className?: string;
  label: string;
  style?: CSSProperties;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<Anchor>({ index: scrollTo?.index ?? 0, delta: 0 });
  const [heights, setHeights] = useState(() => new Map<string, number>());
  const [seenKey, setSeenKey] = useState(measureKey);
  const [view, setView] = useState({ top: 0, height: 1200 });
  if (seenKey !== measureKey) {
    setSeenKey(measureKey);
    setHeights(new Map());
  }

  // Offsets of every row, from measured heights where known: O(count), cheap even for 10,000 rows.
  const offsets = useMemo(() => {
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) out[i + 1] = out[i]! + (heights.get(rowKey(i)) ?? estimate(i));
    return out;
  }, [count, rowKey, estimate, heights]);
  const offsetsRef = useRef(offsets);

  const readView = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setView((v) =>
      v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight },
    );
  }, []);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    // scrollTop is whole pixels while offsets are fractional: a row starting 0.08 px below the
    // top is still the row at the top.
    const index = rowAt(offsetsRef.current, el.scrollTop + 1);
    anchor.current = { index, delta: el.scrollTop - offsetsRef.current[index]! };
    readView();
  }, [readView]);

  // A new text size re-measures everything: keep the top row, aligned to the top.
  useLayoutEffect(() => {
    anchor.current = { index: anchor.current.index, delta: 0 };
  }, [measureKey]);

  // Put the anchor row back where the reader saw it whenever heights (and so offsets) change.
  useLayoutEffect(() => {
    offsetsRef.current = offsets;
    const el = scroller.current;
    if (!el) return;
    const { index, delta } = anchor.current;
    const want = (offsets[Math.min(index, count)] ?? 0) + delta;
    if (Math.abs(el.scrollTop - want) >= 1) el.scrollTop = want;
    readView();
  }, [offsets, count, readView]);

  useLayoutEffect(() => {
    if (!scrollTo) return;
    const index = Math.max(0, Math.min(scrollTo.index, count - 1));
    anchor.current = { index, delta: 0 };
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = offsetsRef.current[index] ?? 0;
    showList(el);
    // The page may still move just after a jump (the on-screen keyboard closing shortens it).
    const settle = () => showList(el);
    window.addEventListener('scroll', settle);
    const stop = window.setTimeout(() => window.removeEventListener('scroll', settle), 1000);
    readView();
    return () => {
      window.clearTimeout(stop);
      window.removeEventListener('scroll', settle);
    };
    // Only a new request moves the list; rows arriving later must not re-jump.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTo?.seq, scrollTo?.index]);

  const [observer] = useState(() =>
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          // Synchronously, so the corrected positions are painted in the same frame as the resize.
          flushSync(() =>
            setHeights((prev) => {
              let next: Map<string, number> | null = null;
              for (const entry of entries) {
                const el = entry.target as HTMLElement;
                const key = el.dataset.rowKey;
                const h = entry.borderBoxSize[0]?.blockSize ?? el.offsetHeight;
                if (key === undefined || h <= 0 || Math.abs((prev.get(key) ?? -1) - h) < 0.5) continue;
                next ??= new Map(prev);
                next.set(key, h);
              }
              return next ?? prev;
            }),
          );
        }),
  );
  useEffect(() => () => observer?.disconnect(), [observer]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const resize = new ResizeObserver(readView);
    resize.observe(el);
    return () => resize.disconnect();
  }, [readView]);

  const observe = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el || !observer) return;
      observer.observe(el);
      return () => observer.unobserve(el);
    },
    [observer],
  );

  // Room after the last row, so that any row (the last article too) can be brought to the top.
  const tail = count === 0 ? 0 : Math.max(0, view.height - (offsets[count]! - offsets[count - 1]!));
  const first = count === 0 ? 0 : rowAt(offsets, Math.max(0, view.top - overscanPx));
  const rows: ReactNode[] = [];
  for (let i = first; i < count && offsets[i]! < view.top + view.height + overscanPx; i++) {
    const key = rowKey(i);
    rows.push(
      <div
        key={key}
        ref={observe}
        data-row-key={key}
        data-row-index={i}
        className="virtual-row"
        style={{ transform: `translateY(${offsets[i]}px)` }}
      >
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className={className ? `virtual-list ${className}` : 'virtual-list'}
      onScroll={onScroll}
      style={style}
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid="law-scroller"
    >
      <div className="virtual-space" style={{ height: `${offsets[count]! + tail}px` }}>
        {rows}
      </div>
    </div>
  );
}
