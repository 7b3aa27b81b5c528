import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lawIdSchema } from '../../src-shared/schemas/law.js';
import { commentsCsv } from '../laws/comment-csv.js';
import { commentCount, EXPORT_FORMATS, exportLawComments } from '../laws/comment-export.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run export-comments -- <lawId> [--format csv|json] [--out <file>]';

/**
 * `npm run export-comments -- <lawId> [--format csv|json] [--out file]`: every public comment on
 * a draft law, for its drafting body, grouped by article with stance counts, channel, the
 * kiosk's aimag and soum, times, language and text. CSV (the default) is UTF-8 with a BOM and a
 * Mongolian header row, for Excel; JSON has the same data with codes instead of labels. Writes
 * to stdout unless `--out` names a file. Uses the server's environment (TSONKH_DATA_DIR,
 * DATABASE_URL). Exit codes: 0 written, 1 the law was never published, 2 usage.
 */
export async function exportCommentsCommand(argv: readonly string[]): Promise<number> {
  const { positional, values } = parseArgs(argv, { values: ['--format', '--out'] });
  if (positional.length !== 1) throw new UsageError('expected one law id');
  const lawId = positional[0]!;
  if (!lawIdSchema.safeParse(lawId).success) throw new UsageError(`"${lawId}" is not a law id (e.g. petitions-law)`);
  const format = values.get('--format') ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be ${EXPORT_FORMATS.join(' or ')}, got "${format}"`);
  }
  const out = values.get('--out');

  const { db } = await openCliDatabase({ quiet: true });
  try {
    const data = await exportLawComments(db, lawId);
    if (!data) {
      complain(`law "${lawId}" was never published: nothing to export`);
      return 1;
    }
    const text = format === 'csv' ? commentsCsv(data) : `${JSON.stringify(data, null, 2)}\n`;
    if (out === undefined) {
      process.stdout.write(text);
    } else {
      await writeFile(path.resolve(out), text, 'utf8');
      say(`${lawId}: ${commentCount(data)} comments (${format}) written to ${path.resolve(out)}`);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => exportCommentsCommand(process.argv.slice(2)));
