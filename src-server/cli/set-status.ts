import { SUBMISSION_STATUSES } from '../../src-shared/schemas/submission.js';
import { changeStatus, StatusChangeError } from '../submissions/status.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE = `npx tsx src-server/cli/set-status.ts <trackingNo> <status> [note]   (status: ${SUBMISSION_STATUSES.join(' | ')})`;

/**
 * `npx tsx src-server/cli/set-status.ts <trackingNo> <status> [note]` (or `npm run status -- …`):
 * an operator moves a submission to its next status until a console exists. Uses the server's
 * environment (TSONKH_DATA_DIR, DATABASE_URL). The kiosk that took the submission learns of the
 * change through `GET /api/v1/status-changes`; the note stays on the server.
 * Exit codes: 0 changed, 1 refused (unknown number, a move the rules do not allow), 2 usage.
 */
export async function setStatusCommand(argv: readonly string[]): Promise<number> {
  const { positional } = parseArgs(argv, {});
  if (positional.length < 2 || positional.length > 3) throw new UsageError('expected <trackingNo> <status> [note]');
  const [trackingNo, status, note] = positional as [string, string, string | undefined];
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const change = await changeStatus(db, trackingNo, status, { note });
    const due = change.dueDate ? `, due ${change.dueDate}` : '';
    say(
      `${change.trackingNo} (${change.kind}): ${change.previous} → ${change.status}${due} (status change #${change.seq})`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof StatusChangeError)) throw err;
    complain(`${err.message} [${err.code}]`);
    return 1;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => setStatusCommand(process.argv.slice(2)));
