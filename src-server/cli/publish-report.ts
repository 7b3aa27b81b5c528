import { publishPublicReport } from '../report/public-report.js';
import { openCliDatabase } from './open-database.js';
import { runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run publish-report';

/**
 * `npm run publish-report`: derives the public part of the 11-11 report (the last year, by aimag)
 * and publishes it to kiosks as signed content now, instead of waiting for the server's daily
 * refresh. Prints what it published; publishes nothing when kiosks already have these figures.
 */
export async function publishReportCommand(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError(`unexpected ${argv.join(' ')}`);
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const { change, report } = await publishPublicReport(db);
    const rate = report.national.onTimeRate === null ? '–' : `${Math.round(report.national.onTimeRate * 1000) / 10}%`;
    say(
      change === null
        ? `public petition report unchanged (${report.from} … ${report.to}): nothing published`
        : `public petition report ${report.from} … ${report.to} published at seq ${change.seq}: ` +
            `${report.national.total} petitions, ${report.aimags.length} aimags, on time ${rate}`,
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => publishReportCommand(process.argv.slice(2)));
