import type { OpenDataset } from '../../src-shared/schemas/open-data.js';
import {
  importAccountPayments,
  importBudgetLines,
  importCrimeCounts,
  importDeclarations,
  importHearings,
} from './csv-datasets.js';
import {
  importBoundaries,
  importEnvironmentNotices,
  importLicences,
  importProtectedAreas,
} from './geojson-datasets.js';
import { importIati } from './iati.js';
import type { ImportContext, ImportFile, ImportResult } from './import-report.js';
import { importOcds } from './ocds.js';

type Importer = (files: readonly ImportFile[], context: ImportContext) => ImportResult<OpenDataset>;

/** Every importer by the name an operator types (`npm run import-open-data -- procurement …`), with its file format. */
export const IMPORTERS: Readonly<Record<string, { format: string; run: Importer }>> = {
  procurement: { format: 'OCDS 1.1 release or record package (JSON)', run: importOcds },
  budget: { format: 'budget lines, approved and executed (CSV, Fiscal Data Package shape)', run: importBudgetLines },
  account: { format: 'Transparent Account payments (CSV)', run: importAccountPayments },
  licences: { format: 'mineral and oil licences (GeoJSON)', run: importLicences },
  projects: { format: 'foreign-loan projects and resource agreements (IATI 2.03 XML)', run: importIati },
  environment: { format: 'environment notices (GeoJSON)', run: importEnvironmentNotices },
  'protected-areas': { format: 'protected areas (GeoJSON)', run: importProtectedAreas },
  crime: { format: 'crime counts by place and month (CSV)', run: importCrimeCounts },
  declarations: { format: 'officials’ asset and income declarations (CSV)', run: importDeclarations },
  hearings: { format: 'public hearings (CSV)', run: importHearings },
  boundaries: { format: 'aimag outlines and soum borders (GeoJSON)', run: importBoundaries },
};

/** The validation report as lines for a terminal: every problem with its file, record and field. */
export function reportLines(result: ImportResult<OpenDataset>): string[] {
  const lines = [`${result.dataset}: ${result.records.length} records read, ${result.problems.length} problems`];
  for (const p of result.problems) {
    lines.push(`  ${p.file}${p.record ? ` › ${p.record}` : ''}${p.field ? ` › ${p.field}` : ''}: ${p.message}`);
  }
  for (const [reason, count] of Object.entries(result.leftOut)) lines.push(`  left out: ${count} (${reason})`);
  if (result.droppedFields.length > 0) {
    lines.push(`  columns never kept (not public by law): ${result.droppedFields.join(', ')}`);
  }
  return lines;
}
