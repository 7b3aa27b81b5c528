import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import type { Database } from '../db/database.js';
import { registerKioskFromConfigFile } from '../kiosks/kiosk-config-file.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import type { Logger } from '../logger.js';
import { addDays, daysBetween, isoDateInMongolia } from '../../src-shared/format.js';
import type { Law } from '../../src-shared/schemas/law.js';
import { loadContentFolder, type ContentEntity } from './content-folder.js';
import { publishContentFolder, type FolderPublishResult } from './publish.js';

export const DEMO_CONTENT_DIR = path.join(REPO_ROOT, 'assets', 'demo-content');

/**
 * The day the demo content is written as of: on it, some draft laws are open for comment, one
 * opens soon, and some have closed. A demo shown later moves every comment window by the days
 * since, so the demo tells the same story on any day (see `seedDemo`'s `today`).
 */
export const DEMO_CONTENT_AS_OF = '2026-11-27';

/** The entities with every law's comment window moved by `days` (other entities as they are). */
export function moveCommentWindows(entities: readonly ContentEntity[], days: number): ContentEntity[] {
  if (days === 0) return [...entities];
  return entities.map((e) => {
    if (e.type !== 'law') return e;
    const law = e.data as Law;
    const { opens, closes } = law.commentWindow;
    return { ...e, data: { ...law, commentWindow: { opens: addDays(opens, days), closes: addDays(closes, days) } } };
  });
}

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
  options: {
    kioskConfigPath: string;
    contentDir?: string;
    logger?: Logger;
    /** When given, the demo's comment windows move so that this day stands where DEMO_CONTENT_AS_OF did. */
    today?: Date;
  },
): Promise<DemoSeedResult> {
  let entities = await loadContentFolder(options.contentDir ?? DEMO_CONTENT_DIR);
  if (options.today) {
    entities = moveCommentWindows(entities, daysBetween(DEMO_CONTENT_AS_OF, isoDateInMongolia(options.today)));
  }
  const content = await publishContentFolder(db, entities);
  const kiosk = await registerKioskFromConfigFile(db, options.kioskConfigPath, { demo: true });
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
