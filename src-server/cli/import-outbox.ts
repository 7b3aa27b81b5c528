import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadServerSubmissionKey } from '../submissions/submission-key.js';
import { importOutbox, OutboxImportError, type OutboxImportOutcome } from '../usb/import-outbox.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run import-outbox -- <file.json>';
/** A kiosk's outbox of 50,000 submissions is well under this. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The outcome as the operator reads it: one line of counts, then each refusal with its reason. */
export function describeImport(o: OutboxImportOutcome): string[] {
  const lines = [
    `Kiosk ${o.kioskCode}, exported ${o.exportedAt}: ${o.added} new, ${o.alreadyHad} already had, ${o.refused.length} refused`,
  ];
  if (o.added === 0 && o.refused.length === 0)
    lines.push('Nothing changed: every submission in this file was already on the server.');
  for (const r of o.refused) lines.push(`  refused ${r.trackingNo}: ${r.code}: ${r.message}`);
  return lines;
}

/**
 * `npm run import-outbox -- <file>`: a kiosk's outbox brought on a USB stick (written by the
 * technician screen), checked against the kiosk's MAC and taken exactly once through the same
 * acceptance as a network push. Exit 0 when everything is on the server, 1 when something was
 * refused or the file was not accepted at all.
 */
export async function importOutboxCommand(argv: readonly string[]): Promise<number> {
  const { positional } = parseArgs(argv, {});
  if (positional.length !== 1) throw new UsageError('expected one file');
  const file = path.resolve(positional[0]!);
  const info = await stat(file);
  if (!info.isFile() || info.size > MAX_FILE_BYTES) throw new UsageError(`${file} is not a file of at most 512 MB`);
  const text = await readFile(file, 'utf8');
  const { db, config } = await openCliDatabase({ quiet: true });
  try {
    const { key } = await loadServerSubmissionKey(config);
    const outcome = await importOutbox(db, text, { privateKey: key.privateKey });
    for (const line of describeImport(outcome)) say(line);
    return outcome.refused.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof OutboxImportError) {
      complain(`${file}: ${error.message}. Nothing was imported.`);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => importOutboxCommand(process.argv.slice(2)));
