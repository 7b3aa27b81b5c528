import { SUBMISSION_STATUSES } from '../../src-shared/schemas/submission.js';
import { changeStatus, StatusChangeError } from '../submissions/status.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE = `npx tsx src-server/cli/set-status.ts <trackingNo> <status> [note | --note "…"]   (status: ${SUBMISSION_STATUSES.join(' | ')})
  With "answered", the note is the answer: it goes back to the citizen's kiosk, readable with the receipt's secret.`;

/**
 * `npx tsx src-server/cli/set-status.ts <trackingNo> <status> [note]` (or `npm run status -- …`):
 * an operator moves a submission to its next status until a console exists. Uses the server's
 * environment (TSONKH_DATA_DIR, DATABASE_URL). The kiosk that took the submission learns of the
 * change through `GET /api/v1/status-changes`. The note stays on the server, except with
 * `answered`: then it is the answer, sealed for the kiosk under the receipt's answer key.
 * Exit codes: 0 changed, 1 refused (unknown number, a move the rules do not allow), 2 usage.
 */
export async function setStatusCommand(argv: readonly string[]): Promise<number> {
  const { positional, values } = parseArgs(argv, { values: ['--note'] });
  if (positional.length < 2 || positional.length > 3) throw new UsageError('expected <trackingNo> <status> [note]');
  const [trackingNo, status, positionalNote] = positional as [string, string, string | undefined];
  if (positionalNote !== undefined && values.has('--note')) throw new UsageError('give the note once');
  const note = values.get('--note') ?? positionalNote;
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const change = await changeStatus(db, trackingNo, status, {
      note,
      ...(status === 'answered' && note ? { answer: note } : {}),
    });
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
