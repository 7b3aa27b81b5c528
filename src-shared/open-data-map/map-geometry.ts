import type { AreaGeometry } from '../schemas/open-data.js';

/**
 * The offline map's geometry, without React or the DOM: a projection of an aimag onto the
 * screen, SVG paths of areas, which area a point lies in and which area a finger touched.
 * An aimag is a few hundred kilometres across, so a plain equirectangular projection, with
 * longitude shrunk by the cosine of the middle latitude, keeps shapes true enough.
 */

export type Position = [number, number];
export type Ring = readonly Position[];

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Every ring of an area (outer rings and holes alike), longitude first. */
export function ringsOf(geometry: AreaGeometry): Ring[] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

export function boxOf(geometries: readonly AreaGeometry[]): Box | null {
  let box: Box | null = null;
  for (const g of geometries)
    for (const ring of ringsOf(g))
      for (const [x, y] of ring) {
        if (!box) box = { west: x, south: y, east: x, north: y };
        else {
          box.west = Math.min(box.west, x);
          box.east = Math.max(box.east, x);
          box.south = Math.min(box.south, y);
          box.north = Math.max(box.north, y);
        }
      }
  return box;
}

export interface Projection {
  width: number;
  height: number;
  /** [longitude, latitude] → [x, y] in the map's units (y down). */
  project(position: Position): Position;
  /** [x, y] → [longitude, latitude]. */
  invert(point: Position): Position;
}

/**
 * Fits `box` into a `width`-wide map with `pad` units of margin all round; the height follows
 * from the aimag's shape, so nothing is stretched.
 */
export function fitProjection(box: Box, width: number, pad = 0): Projection {
  const kx = Math.cos((((box.south + box.north) / 2) * Math.PI) / 180);
  const spanX = Math.max((box.east - box.west) * kx, 1e-9);
  const spanY = Math.max(box.north - box.south, 1e-9);
  const scale = (width - 2 * pad) / spanX;
  const height = Math.round(spanY * scale + 2 * pad);
  return {
    width,
    height,
    project: ([lon, lat]) => [pad + (lon - box.west) * kx * scale, pad + (box.north - lat) * scale],
    invert: ([x, y]) => [box.west + (x - pad) / (kx * scale), box.north - (y - pad) / scale],
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** An SVG path (`M … L … Z` per ring, even-odd filled) of an area, to one decimal of a map unit. */
export function pathOf(geometry: AreaGeometry, projection: Projection): string {
  return ringsOf(geometry)
    .map((ring) => {
      const points = ring.slice(0, -1).map((p) => projection.project(p));
      return `M${points.map(([x, y]) => `${r1(x)} ${r1(y)}`).join('L')}Z`;
    })
    .join('');
}

/** The signed area of a ring (shoelace), in square degrees. */
function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return sum / 2;
}

/** The outer rings of an area (the first ring of each polygon). */
function outerRings(geometry: AreaGeometry): Ring[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((p) => p[0]!);
}

/** The middle of an area (the area-weighted centroid of its outer rings), to place a marker or find its soum. */
export function centroidOf(geometry: AreaGeometry): Position {
  let cx = 0;
  let cy = 0;
  let total = 0;
  for (const ring of outerRings(geometry)) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      const cross = x0 * y1 - x1 * y0;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
      total += cross;
    }
  }
  if (Math.abs(total) < 1e-12) {
    const first = outerRings(geometry)[0]!;
    const n = Math.max(first.length - 1, 1);
    return [first.slice(0, n).reduce((s, p) => s + p[0], 0) / n, first.slice(0, n).reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * total), cy / (3 * total)];
}

/** Area in square degrees (for choosing the smallest of several areas under a finger). */
export function sizeOf(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce(
    (sum, rings) => sum + rings.reduce((s, ring, i) => s + (i === 0 ? 1 : -1) * Math.abs(ringArea(ring)), 0),
    0,
  );
}

/** Whether a point lies inside an area (even-odd over every ring, so holes are holes). */
export function contains(geometry: AreaGeometry, [x, y]: Position): boolean {
  let inside = false;
  for (const ring of ringsOf(geometry)) {
    for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Kilometres between two places (equirectangular: good to a few per cent inside an aimag). */
export function distanceKm([x0, y0]: Position, [x1, y1]: Position): number {
  const kx = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  return Math.hypot((x1 - x0) * kx, y1 - y0) * 111.2;
}

/** Something a finger can pick on the map: its id, its area and where its marker is drawn. */
export interface Pickable {
  id: string;
  geometry: AreaGeometry;
  centre: Position;
}

/**
 * What a touch at `point` ([lon, lat]) picked: the smallest area it lies in, else the area
 * whose marker is nearest within `reachKm` (small licences are a few pixels wide: a finger
 * cannot hit them exactly), else null.
 */
export function pickAt<T extends Pickable>(items: readonly T[], point: Position, reachKm: number): T | null {
  let best: T | null = null;
  let bestSize = Infinity;
  for (const item of items) {
    if (!contains(item.geometry, point)) continue;
    const size = sizeOf(item.geometry);
    if (size < bestSize) [best, bestSize] = [item, size];
  }
  if (best) return best;
  let nearest = reachKm;
  for (const item of items) {
    const d = distanceKm(item.centre, point);
    if (d <= nearest) [best, nearest] = [item, d];
  }
  return best;
}
