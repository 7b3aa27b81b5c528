import { formatFleetTable } from '../kiosks/fleet-table.js';
import { listFleet } from '../kiosks/kiosk-health.js';
import { openCliDatabase } from './open-database.js';
import { runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run fleet';

/**
 * `npm run fleet`: every kiosk with its state (online, late, offline, never seen), the age of its
 * last health report, its queue, printer and alerts, as plain text, Mongolian headings first.
 * Exit 0 (also with alerts: this is a view, not a check); 2 usage.
 */
export async function fleetCommand(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError(`unexpected ${argv.join(' ')}`);
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const now = new Date();
    say(formatFleetTable(await listFleet(db, now), now));
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => fleetCommand(process.argv.slice(2)));
