import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import type { Database } from '../db/database.js';
import type { ImportFile } from './import-report.js';
import { IMPORTERS } from './importers.js';
import { publishOpenData, type PublishOutcome } from './open-data-store.js';

/** The demo's open data (scripts/generate-open-data.ts): Bayan-Ölgii (83), Dornogovi (44) and the nation (00). */
export const DEMO_OPEN_DATA_DIR = path.join(REPO_ROOT, 'assets', 'demo-open-data');

/** Which importer reads which demo file, and where such data is published in real life. */
const DEMO_FILES: readonly { file: string; importer: string; source: string }[] = [
  { file: 'procurement.ocds.json', importer: 'procurement', source: 'https://www.tender.gov.mn/' },
  { file: 'budget-2026.csv', importer: 'budget', source: 'https://shilendans.gov.mn/' },
  { file: 'transparent-account-2026.csv', importer: 'account', source: 'https://shilendans.gov.mn/' },
  { file: 'licences.geojson', importer: 'licences', source: 'https://cmcs.mrpam.gov.mn/' },
  { file: 'projects.iati.xml', importer: 'projects', source: 'https://d-portal.org/' },
  { file: 'environment-notices.geojson', importer: 'environment', source: 'https://eic.mn/' },
  { file: 'protected-areas.geojson', importer: 'protected-areas', source: 'https://eic.mn/' },
  { file: 'crime-2026.csv', importer: 'crime', source: 'https://www.1212.mn/' },
  { file: 'declarations-2025.csv', importer: 'declarations', source: 'https://www.xacxom.iaac.mn/' },
  { file: 'hearings.csv', importer: 'hearings', source: 'https://www.legalinfo.mn/' },
  { file: 'boundaries.geojson', importer: 'boundaries', source: 'https://www.gazar.gov.mn/' },
];

/** The day the demo data is written as of (shown to citizens as the day it was taken). */
export const DEMO_OPEN_DATA_TAKEN_ON = '2026-11-20';

/**
 * Imports every demo dataset, one import per kind of file across the aimag folders (so a dataset
 * covers both aimags at once). Safe at every start: unchanged records are skipped. Throws when a
 * demo file has a problem — the demo data must be clean.
 */
export async function seedDemoOpenData(db: Database, dir: string = DEMO_OPEN_DATA_DIR): Promise<PublishOutcome[]> {
  const places = (await readdir(dir)).sort();
  const outcomes: PublishOutcome[] = [];
  for (const { file, importer, source } of DEMO_FILES) {
    const files: ImportFile[] = [];
    for (const place of places) {
      const text = await readFile(path.join(dir, place, file), 'utf8').catch(() => null);
      if (text !== null) files.push({ name: `${place}/${file}`, text });
    }
    if (files.length === 0) continue;
    const context = { source: { url: source, takenOn: DEMO_OPEN_DATA_TAKEN_ON }, ratesToMnt: { USD: 3400 } };
    const result = IMPORTERS[importer]!.run(files, context);
    if (result.problems.length > 0) {
      const p = result.problems[0]!;
      throw new Error(
        `demo open data: ${result.problems.length} problems, first ${p.file} ${p.record ?? ''} ${p.field ?? ''}: ${p.message}`,
      );
    }
    outcomes.push(await publishOpenData(db, result, files, context));
  }
  return outcomes;
}
