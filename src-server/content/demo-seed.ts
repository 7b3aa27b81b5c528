import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentType } from '../../src-shared/protocol.js';
import { REPO_ROOT } from '../config.js';
import type { Database } from '../db/database.js';
import { registerKioskFromConfigFile } from '../kiosks/kiosk-config-file.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import type { Logger } from '../logger.js';
import { publishChanges, type ContentChangeInput, type PublishResult } from './publish.js';

export const DEMO_CONTENT_DIR = path.join(REPO_ROOT, 'assets', 'demo-content');

/** File per type, in publishing order: services point at categories and forms. */
const DEMO_FILES: ReadonlyArray<readonly [ContentType, string]> = [
  ['category', 'categories.json'],
  ['form', 'forms.json'],
  ['service', 'services.json'],
];

/** Reads the demo content files as puts. Validation happens in `publishChanges`, like any publish. */
export async function loadDemoContent(dir: string = DEMO_CONTENT_DIR): Promise<ContentChangeInput[]> {
  const changes: ContentChangeInput[] = [];
  for (const [type, file] of DEMO_FILES) {
    const full = path.join(dir, file);
    const json: unknown = JSON.parse(await readFile(full, 'utf8'));
    if (!Array.isArray(json)) throw new Error(`${full} must hold a JSON array of ${type} entities`);
    for (const data of json as unknown[]) changes.push({ op: 'put', type, data });
  }
  return changes;
}

/**
 * Publishes the demo content. Safe to run at every start: unchanged entities are skipped,
 * so a restart adds no changes and kiosks download nothing new.
 */
export async function seedDemoContent(db: Database, dir: string = DEMO_CONTENT_DIR): Promise<PublishResult> {
  return publishChanges(db, await loadDemoContent(dir));
}

export interface DemoSeedResult {
  content: PublishResult;
  kiosk: AuthenticatedKiosk & { created: boolean };
}

/** Demo mode (TSONKH_DEMO=1): demo content plus the demo kiosk, so a kiosk can sync at once. */
export async function seedDemo(
  db: Database,
  options: { kioskConfigPath: string; contentDir?: string; logger?: Logger },
): Promise<DemoSeedResult> {
  const content = await seedDemoContent(db, options.contentDir);
  const kiosk = await registerKioskFromConfigFile(db, options.kioskConfigPath);
  options.logger?.info(
    { published: content.published.length, skipped: content.skipped, kioskCode: kiosk.kioskCode },
    'demo content and kiosk ready',
  );
  return { content, kiosk };
}
