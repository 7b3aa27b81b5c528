import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openDataSourceSchema } from '../../src-shared/schemas/open-data.js';
import { IMPORTERS, reportLines } from '../open-data/importers.js';
import { publishOpenData } from '../open-data/open-data-store.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE =
  'npm run import-open-data -- <dataset> <file>… --source <url> --taken <YYYY-MM-DD> [--rate USD=3400] [--check]\n' +
  `  datasets: ${Object.keys(IMPORTERS).join(', ')}`;

/**
 * `npm run import-open-data`: reads an open dataset's files with its importer, prints the
 * validation report (every problem by file, record and field), and publishes the valid records to
 * kiosks — nothing at all when a file is unreadable. A second import of the same files changes
 * nothing and says so. `--check` prints the report without publishing. Exit code 1 when a file
 * was unreadable, 0 otherwise (problems in single records are reported; those records are skipped).
 */
async function importOpenData(argv: readonly string[]): Promise<number> {
  const { positional, values, flags } = parseArgs(argv, {
    values: ['--source', '--taken', '--rate'],
    flags: ['--check'],
  });
  const [dataset, ...paths] = positional;
  const importer = dataset === undefined ? undefined : IMPORTERS[dataset];
  if (!importer) throw new UsageError(dataset === undefined ? 'name a dataset' : `no dataset "${dataset}"`);
  if (paths.length === 0) throw new UsageError('name at least one file');
  const source = openDataSourceSchema.safeParse({ url: values.get('--source'), takenOn: values.get('--taken') });
  if (!source.success) throw new UsageError('--source must be an http(s) link and --taken a date (YYYY-MM-DD)');
  const ratesToMnt: Record<string, number> = {};
  const rate = values.get('--rate');
  if (rate !== undefined) {
    const match = /^([A-Z]{3})=(\d+(?:\.\d+)?)$/.exec(rate);
    if (!match) throw new UsageError('--rate is CURRENCY=tögrög, e.g. USD=3400');
    ratesToMnt[match[1]!] = Number(match[2]);
  }
  const files = await Promise.all(
    paths.map(async (p) => ({ name: path.basename(p), text: await readFile(p, 'utf8') })),
  );
  const result = importer.run(files, { source: source.data, ratesToMnt });
  for (const line of reportLines(result)) (result.problems.length > 0 ? complain : say)(line);
  if (result.unreadable.length > 0) {
    complain(`Nothing published: ${result.unreadable.join(', ')} could not be read.`);
    return 1;
  }
  if (flags.has('--check')) {
    say('Checked only (--check): nothing published.');
    return 0;
  }
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const outcome = await publishOpenData(db, result, files, { source: source.data });
    if (outcome.importId === null) {
      say(`Nothing changed: all ${outcome.unchanged} records are already published as they are.`);
    } else {
      say(
        `Published import ${outcome.importId}: ${outcome.added} new, ${outcome.changed} changed, ` +
          `${outcome.removed} withdrawn, ${outcome.unchanged} unchanged.`,
      );
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

runCommand(USAGE, () => importOpenData(process.argv.slice(2)));
