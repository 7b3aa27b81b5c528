import { verifyAuditChain } from '../audit/audit-verify.js';
import { openCliDatabase } from './open-database.js';
import { complain, runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run audit-verify';

/**
 * `npm run audit-verify`: walks the audit log's hash chain from the first row. Exit 0 and the
 * row count and head (keep the head somewhere else: it is what shows rows cut off the end);
 * exit 1 naming the first row that was edited, inserted or deleted; 2 usage.
 */
export async function auditVerifyCommand(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError(`unexpected ${argv.join(' ')}`);
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const result = await verifyAuditChain(db);
    if (!result.ok) {
      complain(`audit log broken at row ${result.seq} (${result.problem}): ${result.message}`);
      return 1;
    }
    say(
      result.head === null
        ? 'audit log intact: 0 rows'
        : `audit log intact: ${result.count} rows; head ${result.head.seq} ${result.head.hash}`,
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => auditVerifyCommand(process.argv.slice(2)));
