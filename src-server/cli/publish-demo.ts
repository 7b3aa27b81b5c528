import { seedDemoContent } from '../content/demo-seed.js';
import { openCliDatabase, runCli } from './open-database.js';

/**
 * `tsx src-server/cli/publish-demo.ts [content-dir]`: publishes the demo content (default
 * assets/demo-content) into the server database. Re-running publishes only what changed.
 */
runCli(async () => {
  const { db, logger } = await openCliDatabase();
  try {
    const result = await seedDemoContent(db, process.argv[2]);
    logger.info({ published: result.published.length, skipped: result.skipped }, 'demo content published');
  } finally {
    await db.destroy();
  }
});
