import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import type { Database } from '../db/database.js';
import { registerKioskFromConfigFile } from '../kiosks/kiosk-config-file.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import type { Logger } from '../logger.js';
import { loadContentFolder } from './content-folder.js';
import { publishContentFolder, type FolderPublishResult } from './publish.js';

export const DEMO_CONTENT_DIR = path.join(REPO_ROOT, 'assets', 'demo-content');

/**
 * Publishes a content folder (default: the demo content) exactly as `npm run publish` does.
 * Safe to run at every start: unchanged entities are skipped, so a restart adds no changes and
 * kiosks download nothing new. Throws `ContentFolderError` (nothing published) on a bad folder.
 */
export async function seedDemoContent(db: Database, dir: string = DEMO_CONTENT_DIR): Promise<FolderPublishResult> {
  return publishContentFolder(db, await loadContentFolder(dir));
}

export interface DemoSeedResult {
  content: FolderPublishResult;
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
    {
      published: content.put,
      withdrawn: content.withdrawn,
      unchanged: content.unchanged,
      kioskCode: kiosk.kioskCode,
    },
    'demo content and kiosk ready',
  );
  return { content, kiosk };
}
