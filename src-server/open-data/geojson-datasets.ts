import type { OpenDataset } from '../../src-shared/schemas/open-data.js';
import {
  aimagCodeOf,
  amountOf,
  ImportCollector,
  isoDateOf,
  soumCodeOf,
  type ImportContext,
  type ImportFile,
  type ImportResult,
} from './import-report.js';

type Properties = Record<string, unknown>;
type Place = { aimag: string; soum: string | null };

/**
 * Reads GeoJSON FeatureCollections: a file that is not JSON or not a FeatureCollection is
 * unreadable; each feature's place comes from its `aimag` and `soum` properties, and its geometry
 * is checked by the dataset's schema (Polygon or MultiPolygon, longitude first).
 */
function importFeatures<D extends OpenDataset>(
  dataset: D,
  files: readonly ImportFile[],
  toRecord: (properties: Properties, geometry: unknown, place: Place, collector: ImportCollector<D>) => unknown,
): ImportResult<D> {
  const collector = new ImportCollector(dataset);
  for (const file of files) {
    let body: unknown;
    try {
      body = JSON.parse(file.text);
    } catch (error) {
      collector.fileUnreadable(file.name, `not JSON: ${(error as Error).message}`);
      continue;
    }
    const features = (body as { type?: unknown; features?: unknown }).features;
    if ((body as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) {
      collector.fileUnreadable(file.name, 'not a GeoJSON FeatureCollection');
      continue;
    }
    features.forEach((feature: unknown, index) => {
      const properties = ((feature as { properties?: unknown })?.properties ?? {}) as Properties;
      const label = typeof properties.id === 'string' && properties.id !== '' ? properties.id : `features[${index}]`;
      const aimag = aimagCodeOf(
        typeof properties.aimag === 'string' ? properties.aimag : String(properties.aimag ?? ''),
      );
      if (aimag === null) {
        collector.problem(file.name, label, 'properties.aimag', 'names no aimag');
        return;
      }
      const soumText = Array.isArray(properties.soums)
        ? String(properties.soums[0] ?? '')
        : String(properties.soum ?? '');
      const soum = soumCodeOf(soumText, aimag);
      if (soum === undefined) {
        collector.problem(file.name, label, 'properties.soum', `"${soumText}" is not a soum code of aimag ${aimag}`);
        return;
      }
      const record = toRecord(
        properties,
        (feature as { geometry?: unknown }).geometry ?? null,
        { aimag, soum },
        collector,
      );
      if (record !== undefined) collector.add(file.name, label, record);
    });
  }
  return collector.result();
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(text).filter(Boolean)
    : text(value)
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean);

/** Mineral and oil licences with their areas: the fields of EITI requirement 2.3. */
export function importLicences(files: readonly ImportFile[], context: ImportContext): ImportResult<'licence'> {
  return importFeatures('licence', files, (p, geometry, place) => ({
    id: text(p.id ?? p.licence_number),
    ...place,
    source: context.source,
    number: text(p.licence_number),
    holder: text(p.holder),
    kind: text(p.kind),
    status: text(p.status),
    commodities: list(p.commodities),
    areaHa: amountOf(p.area_ha) ?? p.area_ha,
    granted: isoDateOf(p.granted),
    expires: isoDateOf(p.expires),
    soums: Array.isArray(p.soums) ? p.soums.map(text) : place.soum ? [place.soum] : [],
    geometry,
  }));
}

export function importEnvironmentNotices(
  files: readonly ImportFile[],
  context: ImportContext,
): ImportResult<'environment-notice'> {
  return importFeatures('environment-notice', files, (p, geometry, place) => ({
    id: text(p.id),
    ...place,
    source: context.source,
    title: text(p.title),
    proponent: text(p.proponent),
    kind: text(p.kind),
    published: isoDateOf(p.published) ?? text(p.published),
    commentsUntil: isoDateOf(p.comments_until),
    summary: text(p.summary),
    geometry,
  }));
}

export function importProtectedAreas(
  files: readonly ImportFile[],
  context: ImportContext,
): ImportResult<'protected-area'> {
  return importFeatures('protected-area', files, (p, geometry, place) => ({
    id: text(p.id),
    ...place,
    source: context.source,
    name: text(p.name),
    category: text(p.category),
    areaHa: amountOf(p.area_ha) ?? p.area_ha,
    established: isoDateOf(p.established),
    geometry,
  }));
}

/**
 * Aimag outlines and soum borders (the map's base, issue 19). A feature with no soum is the
 * aimag's outline; its `centre` is `[longitude, latitude]` of the soum (or aimag) centre.
 */
export function importBoundaries(files: readonly ImportFile[], context: ImportContext): ImportResult<'boundary'> {
  return importFeatures('boundary', files, (p, geometry, place) => ({
    id: text(p.id) || (place.soum ? `soum-${place.soum}` : `aimag-${place.aimag}`),
    ...place,
    source: context.source,
    level: place.soum === null ? 'aimag' : 'soum',
    name: text(p.name),
    centre: p.centre,
    geometry,
  }));
}
