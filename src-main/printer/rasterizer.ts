import type { Glyph } from 'fontkit';
import { createBitmap, type Bitmap } from './bitmap.js';

/** A glyph drawn at one size: its bitmap and where that sits relative to the pen on the baseline. */
export interface GlyphImage {
  bitmap: Bitmap;
  /** Offset of the bitmap's left edge from the pen position, in pixels. */
  left: number;
  /** Offset of the bitmap's top edge from the baseline, in pixels (negative: above). */
  top: number;
}

type Point = [number, number];
/** One straight piece of an outline, in pixel space (y down). */
interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** +1 going down, -1 going up: the nonzero winding rule adds these. */
  dir: 1 | -1;
}

/** Vertical samples per pixel row; horizontal coverage is computed exactly. */
const SUB_ROWS = 4;
/** A pixel is printed black from this much ink coverage; a little under half keeps thin strokes. */
const THRESHOLD = 0.42;

function curveSteps(points: Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    length += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  }
  return Math.max(2, Math.min(24, Math.ceil(length / 2)));
}

/** Flattens the glyph outline (font units, y up) into pixel-space edges (y down), scaled by `scale`. */
function outlineEdges(glyph: Glyph, scale: number): Edge[] {
  const edges: Edge[] = [];
  let start: Point = [0, 0];
  let pen: Point = [0, 0];
  const to = (x: number, y: number): Point => [x * scale, -y * scale];
  const line = (a: Point, b: Point) => {
    if (a[1] !== b[1]) {
      edges.push(
        a[1] < b[1]
          ? { x0: a[0], y0: a[1], x1: b[0], y1: b[1], dir: 1 }
          : { x0: b[0], y0: b[1], x1: a[0], y1: a[1], dir: -1 },
      );
    }
  };
  for (const { command, args } of glyph.path.commands) {
    switch (command) {
      case 'moveTo':
        if (pen[0] !== start[0] || pen[1] !== start[1]) line(pen, start);
        start = pen = to(args[0]!, args[1]!);
        break;
      case 'lineTo': {
        const next = to(args[0]!, args[1]!);
        line(pen, next);
        pen = next;
        break;
      }
      case 'quadraticCurveTo': {
        const c = to(args[0]!, args[1]!);
        const end = to(args[2]!, args[3]!);
        const steps = curveSteps([pen, c, end]);
        let prev = pen;
        for (let i = 1; i <= steps; i++) {
          const t = i / steps;
          const u = 1 - t;
          const p: Point = [
            u * u * pen[0] + 2 * u * t * c[0] + t * t * end[0],
            u * u * pen[1] + 2 * u * t * c[1] + t * t * end[1],
          ];
          line(prev, p);
          prev = p;
        }
        pen = end;
        break;
      }
      case 'bezierCurveTo': {
        const c1 = to(args[0]!, args[1]!);
        const c2 = to(args[2]!, args[3]!);
        const end = to(args[4]!, args[5]!);
        const steps = curveSteps([pen, c1, c2, end]);
        let prev = pen;
        for (let i = 1; i <= steps; i++) {
          const t = i / steps;
          const u = 1 - t;
          const p: Point = [
            u * u * u * pen[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * end[0],
            u * u * u * pen[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * end[1],
          ];
          line(prev, p);
          prev = p;
        }
        pen = end;
        break;
      }
      case 'closePath':
        line(pen, start);
        pen = start;
        break;
      default:
        break;
    }
  }
  if (pen[0] !== start[0] || pen[1] !== start[1]) line(pen, start);
  return edges;
}

/** Adds the horizontal coverage of [a, b) to `row`, partial pixels at both ends included. */
function addSpan(row: Float32Array, a: number, b: number, weight: number): void {
  const left = Math.max(0, a);
  const right = Math.min(row.length, b);
  if (right <= left) return;
  const first = Math.floor(left);
  const last = Math.floor(right);
  if (first === last) {
    row[first]! += (right - left) * weight;
    return;
  }
  row[first]! += (first + 1 - left) * weight;
  for (let x = first + 1; x < last; x++) row[x]! += weight;
  if (last < row.length) row[last]! += (right - last) * weight;
}

/**
 * Our own scanline rasterizer (no canvas, no native code, so it installs offline anywhere):
 * the outline is flattened to straight edges, each pixel row is sampled on `SUB_ROWS`
 * scanlines, spans inside the outline (nonzero winding) add their exact horizontal coverage,
 * and a pixel is black when its coverage passes `THRESHOLD`. Thermal heads print 1 bit per dot,
 * so the threshold replaces anti-aliasing.
 */
export function rasterizeGlyph(glyph: Glyph, unitsPerEm: number, sizePx: number): GlyphImage {
  const scale = sizePx / unitsPerEm;
  const edges = outlineEdges(glyph, scale);
  if (edges.length === 0) return { bitmap: createBitmap(0, 0), left: 0, top: 0 };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const e of edges) {
    minX = Math.min(minX, e.x0, e.x1);
    maxX = Math.max(maxX, e.x0, e.x1);
    minY = Math.min(minY, e.y0);
    maxY = Math.max(maxY, e.y1);
  }
  const left = Math.floor(minX);
  const top = Math.floor(minY);
  const width = Math.ceil(maxX) - left + 1;
  const height = Math.ceil(maxY) - top + 1;
  const bitmap = createBitmap(width, height);
  const coverage = new Float32Array(width);
  const crossings: { x: number; dir: number }[] = [];
  for (let y = 0; y < height; y++) {
    coverage.fill(0);
    for (let s = 0; s < SUB_ROWS; s++) {
      const sy = top + y + (s + 0.5) / SUB_ROWS;
      crossings.length = 0;
      for (const e of edges) {
        if (sy < e.y0 || sy >= e.y1) continue;
        crossings.push({ x: e.x0 + ((sy - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0) - left, dir: e.dir });
      }
      crossings.sort((a, b) => a.x - b.x);
      let winding = 0;
      for (let i = 0; i < crossings.length; i++) {
        const was = winding;
        winding += crossings[i]!.dir;
        if (was === 0 && winding !== 0) {
          let j = i + 1;
          let w = winding;
          while (j < crossings.length && w !== 0) w += crossings[j++]!.dir;
          addSpan(coverage, crossings[i]!.x, crossings[j - 1]!.x, 1 / SUB_ROWS);
          winding = w;
          i = j - 1;
        }
      }
    }
    for (let x = 0; x < width; x++) if (coverage[x]! >= THRESHOLD) bitmap.data[y * width + x] = 1;
  }
  return { bitmap, left, top };
}
