import type { Boundary, Licence } from '../schemas/open-data.js';
import { centroidOf, contains, distanceKm, type Position } from './map-geometry.js';

/** A licence as the list shows it: the soum it lies in, whether that is the kiosk's soum, how far. */
export interface LicenceNear {
  licence: Licence;
  /** The soum the middle of its area lies in (by the borders the kiosk carries), else the cadastre's first soum. */
  soum: string;
  /** It lies in the kiosk's soum, or the cadastre names the kiosk's soum among those it touches. */
  here: boolean;
  /** From the kiosk's soum centre to the middle of the licence area, in kilometres (null without borders). */
  km: number | null;
  centre: Position;
}

/** The soum (of `soums`) a point lies in, or null. */
export function soumAt(point: Position, soums: readonly Boundary[]): string | null {
  for (const b of soums) if (b.level === 'soum' && b.soum && contains(b.geometry, point)) return b.soum;
  return null;
}

/**
 * The aimag's licences for a citizen of `kioskSoum`: those in this soum first, then the others
 * nearest first (then by number, so the order never changes between two visits).
 */
export function licencesNear(
  licences: readonly Licence[],
  boundaries: readonly Boundary[],
  kioskSoum: string,
): LicenceNear[] {
  const home = boundaries.find((b) => b.level === 'soum' && b.soum === kioskSoum);
  return licences
    .map((licence): LicenceNear => {
      const centre = centroidOf(licence.geometry);
      const soum = soumAt(centre, boundaries) ?? licence.soums[0] ?? licence.soum ?? '';
      return {
        licence,
        soum,
        here: soum === kioskSoum || licence.soums.includes(kioskSoum),
        km: home ? distanceKm(home.centre, centre) : null,
        centre,
      };
    })
    .sort(
      (a, b) =>
        Number(b.here) - Number(a.here) ||
        (a.km ?? 0) - (b.km ?? 0) ||
        (a.licence.number < b.licence.number ? -1 : a.licence.number > b.licence.number ? 1 : 0),
    );
}

/** Mineral or oil: the map colours these two apart. */
export type LicenceGroup = 'mineral' | 'oil';
export function licenceGroup(licence: Licence): LicenceGroup {
  return licence.kind.startsWith('oil-') ? 'oil' : 'mineral';
}

/** How many licences lie in this soum, and in the aimag, by group: the screen's one sentence. */
export function licenceCounts(rows: readonly LicenceNear[]): {
  here: number;
  all: number;
  mineral: number;
  oil: number;
  active: number;
} {
  return {
    here: rows.filter((r) => r.here).length,
    all: rows.length,
    mineral: rows.filter((r) => licenceGroup(r.licence) === 'mineral').length,
    oil: rows.filter((r) => licenceGroup(r.licence) === 'oil').length,
    active: rows.filter((r) => r.licence.status === 'active').length,
  };
}
