import { registerKioskFromConfigFile } from '../kiosks/kiosk-config-file.js';
import { openCliDatabase, runCli } from './open-database.js';

/**
 * `tsx src-server/cli/register-kiosk.ts <kiosk-config.json>`: validates a kiosk provisioning
 * file and registers the kiosk (or replaces its credential), storing only sha256(credential).
 * Uses the same environment as the server (TSONKH_DATA_DIR, DATABASE_URL).
 */
runCli(async () => {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: tsx src-server/cli/register-kiosk.ts <kiosk-config.json>');
  const { db, logger, config } = await openCliDatabase();
  try {
    const kiosk = await registerKioskFromConfigFile(db, file, { demo: config.demo !== null });
    logger.info({ kioskCode: kiosk.kioskCode, id: kiosk.id, created: kiosk.created }, 'kiosk registered');
  } finally {
    await db.destroy();
  }
});
