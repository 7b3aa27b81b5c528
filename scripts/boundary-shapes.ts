// Invented but plausible aimag outlines and soum borders for the demo open data (issue 19's map):
// no boundary data is in the reference data, so they are drawn around the soum centres the demo
// licences are placed by. The outline is a rounded, uneven shape inside the aimag's box that holds
// every soum centre, licence and protected area; the soums are the outline cut into the cells
// nearest each centre (a Voronoi tiling, measured in kilometres, not degrees), so they tile the
// aimag exactly; then every border is given the same gentle wiggle (a smooth displacement of
// every point), so shared borders stay shared and the lines look like land, not a ruler.

export type Point = [number, number];
type Random = () => number;

const round = (n: number) => Number(n.toFixed(4));

/** A rounded, uneven outline in the box, pushed out where needed to hold `inside` (with a margin). */
export function outline(
  box: [number, number, number, number],
  inside: readonly Point[],
  rnd: Random,
  steps = 96,
): Point[] {
  const [w, s, e, n] = box;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const hx = (e - w) / 2;
  const hy = (n - s) / 2;
  const phase = [rnd() * 6.3, rnd() * 6.3, rnd() * 6.3];
  const radius = Array.from({ length: steps }, (_, i) => {
    const t = (i / steps) * 2 * Math.PI;
    // A squircle touches the box's sides; the sines make it uneven.
    const squircle = (Math.abs(Math.cos(t)) ** 4 + Math.abs(Math.sin(t)) ** 4) ** -0.25;
    const wobble =
      0.88 +
      0.06 * Math.sin(3 * t + phase[0]!) +
      0.04 * Math.sin(7 * t + phase[1]!) +
      0.02 * Math.sin(13 * t + phase[2]!);
    return squircle * Math.min(1, wobble);
  });
  for (const [x, y] of inside) {
    const u = (x - cx) / hx;
    const v = (y - cy) / hy;
    const angle = Math.atan2(v, u);
    const r = Math.hypot(u, v) * 1.06 + 0.02;
    for (let i = 0; i < steps; i++) {
      const t = (i / steps) * 2 * Math.PI;
      const gap = Math.abs(((t - angle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
      if (gap < 0.3) radius[i] = Math.max(radius[i]!, r * (1 + gap * 0.3));
    }
  }
  const ring = radius.map((r, i): Point => {
    const t = (i / steps) * 2 * Math.PI;
    return [round(cx + r * Math.cos(t) * hx), round(cy + r * Math.sin(t) * hy)];
  });
  return [...ring, ring[0]!];
}

/** The part of `ring` (closed, counter-clockwise or not) on `a`'s side of the line halfway between `a` and `b`. */
function clipNearer(ring: readonly Point[], a: Point, b: Point, kx: number): Point[] {
  // In kilometre-like units: a degree of longitude is shorter than one of latitude.
  const side = (p: Point) => {
    const da = ((p[0] - a[0]) * kx) ** 2 + (p[1] - a[1]) ** 2;
    const db = ((p[0] - b[0]) * kx) ** 2 + (p[1] - b[1]) ** 2;
    return db - da;
  };
  const out: Point[] = [];
  const open = ring.slice(0, -1);
  for (let i = 0; i < open.length; i++) {
    const p = open[i]!;
    const q = open[(i + 1) % open.length]!;
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
    }
  }
  return out.length > 0 ? [...out, out[0]!] : [];
}

/** Every soum's cell: the outline's points nearer its centre than any other's. */
export function cells(ring: readonly Point[], centres: ReadonlyMap<string, Point>): Map<string, Point[]> {
  const lat = [...centres.values()].reduce((sum, c) => sum + c[1], 0) / centres.size;
  const kx = Math.cos((lat * Math.PI) / 180);
  const result = new Map<string, Point[]>();
  for (const [id, c] of centres) {
    let cell: Point[] = [...ring];
    for (const [other, d] of centres) if (other !== id && cell.length > 0) cell = clipNearer(cell, c, d, kx);
    result.set(id, cell);
  }
  return result;
}

/**
 * Points every `step` degrees along each edge, then each point moved by one smooth field: two
 * cells' shared edge has the same ends, so it gets the same points and the same wiggle.
 */
export function wiggle(ring: readonly Point[], seed: number, step = 0.04, amplitude = 0.035): Point[] {
  const field = ([x, y]: Point): Point => [
    x + amplitude * Math.sin(x * 5.1 + y * 3.3 + seed) * Math.cos(y * 4.7 - seed),
    y + amplitude * 0.7 * Math.sin(y * 6.3 - x * 2.9 + seed * 2) * Math.cos(x * 3.9 + seed),
  ];
  const out: Point[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [p, q] = [ring[i]!, ring[i + 1]!];
    const parts = Math.max(1, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / step));
    for (let k = 0; k < parts; k++) {
      // Rounded first, so that two cells' copies of a shared corner are the very same point.
      const x = round(p[0] + ((q[0] - p[0]) * k) / parts);
      const y = round(p[1] + ((q[1] - p[1]) * k) / parts);
      const [fx, fy] = field([x, y]);
      const point: Point = [round(fx), round(fy)];
      const last = out[out.length - 1];
      if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
    }
  }
  return [...out, out[0]!];
}
