import { describe, expect, it } from 'vitest';
import type { AreaGeometry, Boundary, CrimeCount, Licence } from '../../../src-shared/schemas/open-data.js';
import { cellText, crimeBySoum, crimeShades, crimeTable } from '../../../src-shared/open-data-map/crime-summary.js';
import { licenceCounts, licencesNear, soumAt } from '../../../src-shared/open-data-map/licences-near.js';
import {
  boxOf,
  centroidOf,
  contains,
  distanceKm,
  fitProjection,
  pathOf,
  pickAt,
  sizeOf,
} from '../../../src-shared/open-data-map/map-geometry.js';

const ring = (lon: number, lat: number, d: number): [number, number][] => [
  [lon, lat],
  [lon + d, lat],
  [lon + d, lat + d],
  [lon, lat + d],
  [lon, lat],
];
const square = (lon: number, lat: number, d: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [ring(lon, lat, d)],
});
const source = { url: 'https://example.mn/', takenOn: '2026-11-20' };
const soum = (code: string, lon: number): Boundary => ({
  id: `soum-${code}`,
  aimag: '83',
  soum: code,
  source,
  level: 'soum',
  name: code,
  centre: [lon + 0.5, 48.5],
  geometry: square(lon, 48, 1),
});
const licence = (number: string, geometry: AreaGeometry, extra: Partial<Licence> = {}): Licence => ({
  id: number,
  aimag: '83',
  soum: '8301',
  source,
  number,
  holder: 'Алтай ХХК',
  kind: 'exploration',
  status: 'active',
  commodities: ['алт'],
  areaHa: 100,
  granted: null,
  expires: null,
  soums: ['8301'],
  geometry,
  ...extra,
});

describe('map geometry', () => {
  it('projects an aimag into the width asked, north up, shapes kept', () => {
    const box = boxOf([square(88, 48, 2)])!;
    expect(box).toEqual({ west: 88, south: 48, east: 90, north: 50 });
    const p = fitProjection(box, 1000, 20);
    expect(p.project([88, 50])).toEqual([20, 20]);
    const [x, y] = p.project([90, 48]);
    expect(x).toBeCloseTo(980);
    // A degree of longitude at 49° N is about two-thirds of a degree of latitude: the map is taller than wide.
    expect(p.height).toBeGreaterThan(1000);
    expect(Math.abs(y - (p.height - 20))).toBeLessThan(1);
    const back = p.invert(p.project([89.3, 48.7]));
    expect(back[0]).toBeCloseTo(89.3);
    expect(back[1]).toBeCloseTo(48.7);
  });

  it('draws a path per ring and knows inside from outside, holes included', () => {
    const withHole: AreaGeometry = {
      type: 'Polygon',
      coordinates: [ring(0, 0, 4), ring(1, 1, 1)],
    };
    const p = fitProjection({ west: 0, south: 0, east: 4, north: 4 }, 100);
    expect(pathOf(withHole, p).match(/M/g)).toHaveLength(2);
    expect(pathOf(square(0, 0, 4), p)).toMatch(/^M0 \d+(\.\d)?L/);
    expect(contains(withHole, [0.5, 0.5])).toBe(true);
    expect(contains(withHole, [1.5, 1.5])).toBe(false);
    expect(contains(withHole, [5, 5])).toBe(false);
    expect(sizeOf(withHole)).toBeCloseTo(15);
    expect(centroidOf(square(10, 20, 2))).toEqual([11, 21]);
  });

  it('measures kilometres', () => {
    expect(distanceKm([90, 48], [90, 49])).toBeCloseTo(111.2, 0);
    expect(distanceKm([90, 48], [91, 48])).toBeCloseTo(111.2 * Math.cos((48 * Math.PI) / 180), 0);
  });

  it('picks the smallest area under the finger, else the nearest marker within reach', () => {
    const big = { id: 'big', geometry: square(0, 0, 1), centre: [0.5, 0.5] as [number, number] };
    const small = { id: 'small', geometry: square(0.2, 0.2, 0.1), centre: [0.25, 0.25] as [number, number] };
    const far = { id: 'far', geometry: square(3, 3, 0.01), centre: [3.005, 3.005] as [number, number] };
    expect(pickAt([big, small, far], [0.25, 0.25], 5)?.id).toBe('small');
    expect(pickAt([big, small, far], [0.8, 0.8], 5)?.id).toBe('big');
    expect(pickAt([big, small, far], [3.03, 3.0], 5)?.id).toBe('far');
    expect(pickAt([big, small, far], [2, 2], 5)).toBeNull();
  });
});

describe('licences near the kiosk', () => {
  const soums = [soum('8301', 89), soum('8304', 90), soum('8307', 91)];

  it('puts the soum’s own first, then the nearest, and names the soum each lies in by its area', () => {
    const rows = licencesNear(
      [
        licence('XV-3', square(91.4, 48.4, 0.1), { soums: ['8307'] }),
        licence('XV-2', square(90.1, 48.4, 0.1), { soums: ['8301'] }),
        licence('XV-1', square(89.4, 48.4, 0.1), { soums: ['8301'] }),
        licence('MV-9', square(90.8, 48.4, 0.1), { soums: ['8304'] }),
      ],
      soums,
      '8301',
    );
    expect(rows.map((r) => [r.licence.number, r.soum, r.here])).toEqual([
      ['XV-1', '8301', true],
      // The cadastre names Ölgii among the soums it touches, though its middle is over the border.
      ['XV-2', '8304', true],
      ['MV-9', '8304', false],
      ['XV-3', '8307', false],
    ]);
    expect(rows[0]!.km).toBeLessThan(10);
    expect(rows[3]!.km).toBeGreaterThan(rows[2]!.km!);
    expect(licenceCounts(rows)).toEqual({ here: 2, all: 4, mineral: 4, oil: 0, active: 4 });
  });

  it('falls back to the cadastre’s soum without borders, and finds no soum outside them', () => {
    const rows = licencesNear([licence('XV-1', square(95, 40, 0.1), { soums: ['8304'] })], [], '8301');
    expect(rows.map((r) => [r.soum, r.here, r.km])).toEqual([['8304', false, null]]);
    expect(soumAt([95, 40], soums)).toBeNull();
    expect(soumAt([90.5, 48.5], soums)).toBe('8304');
  });
});

describe('crime counts', () => {
  const count = (soum: string, month: string, crime: string, n: number | null): CrimeCount => ({
    id: `${soum}-${month}-${crime}`,
    aimag: '83',
    soum,
    source,
    month,
    crime,
    count: n,
  });
  const counts = [
    count('8301', '2026-01', 'Хулгай', 12),
    count('8301', '2026-02', 'Хулгай', null),
    count('8301', '2026-02', 'Залилан', 0),
    count('8304', '2026-02', 'Хулгай', null),
    count('8304', '2026-01', 'Хулгай', 7),
  ];

  it('shows a soum’s hidden count as fewer than 5, and an aimag sum with hidden parts as a range', () => {
    const soum = crimeTable(counts, '8301');
    expect(soum.months).toEqual(['2026-02', '2026-01']);
    expect(soum.crimes).toEqual(['Хулгай', 'Залилан']);
    expect(cellText(soum.cell('2026-02', 'Хулгай'))).toEqual({ kind: 'fewerThan5' });
    expect(cellText(soum.cell('2026-02', 'Залилан'))).toEqual({ kind: 'count', value: 0 });
    expect(cellText(soum.cell('2026-01', 'Залилан'))).toEqual({ kind: 'none' });
    const aimag = crimeTable(counts, null);
    expect(cellText(aimag.cell('2026-02', 'Хулгай'))).toEqual({ kind: 'range', low: 2, high: 8 });
    expect(cellText(aimag.cell('2026-01', 'Хулгай'))).toEqual({ kind: 'count', value: 19 });
    expect(aimag.total('2026-02')).toEqual({ known: 0, hidden: 2 });
  });

  it('shades soums by their lowest possible total, split at the quarters of the soums', () => {
    const bySoum = crimeBySoum(counts);
    expect(bySoum.get('8301')).toEqual({ known: 12, hidden: 1 });
    expect(crimeShades(bySoum)).toEqual({
      shade: new Map([
        ['8301', 2],
        ['8304', 1],
      ]),
      from: [0, 8, 13],
    });
    // One busy centre and seven quiet soums: the quiet ones are still told apart.
    const many = new Map(
      [400, 1, 2, 3, 5, 8, 13, 21].map((n, i) => [`83${String(i).padStart(2, '0')}`, { known: n, hidden: 0 }]),
    );
    const { shade, from } = crimeShades(many);
    expect(from).toEqual([0, 3, 8, 21]);
    expect([...shade.values()]).toEqual([3, 0, 0, 1, 1, 2, 2, 3]);
  });
});
