import path from 'node:path';
import type { ContentType } from '../../src-shared/protocol.js';
import { CLI_ACTOR } from '../console/operators.js';
import { checkContentFolder, formatContentProblem } from '../content/content-folder.js';
import { PublicationError, publishFolderAsPublication } from '../content/publications.js';
import { ContentRejectedError, type FolderPublishResult } from '../content/publish.js';
import { openCliDatabase } from './open-database.js';
import { complain, parseArgs, say, UsageError } from './output.js';

export const PUBLISH_USAGE = 'npm run publish -- <content-folder> [--note "why"]';

/**
 * `npm run publish -- <folder>` (see cli/publish.ts): checks the whole content folder (docs/content-format.md) and
 * publishes it atomically as the new truth: new and changed entities are put, entities no longer
 * in the folder are withdrawn, unchanged ones cost nothing. On any problem nothing is published,
 * every problem is listed, and the exit code is 1. A publication that changed something is kept in
 * the console's history like one made there (by `cli`, with `--note` or a note naming the folder)
 * and audited. Uses the server's environment (TSONKH_DATA_DIR, DATABASE_URL).
 */
export async function publishCommand(argv: readonly string[]): Promise<number> {
  const { positional, values } = parseArgs(argv, { values: ['--note'] });
  if (positional.length !== 1) throw new UsageError('expected one content folder');
  const dir = path.resolve(positional[0]!);
  const note = values.get('--note')?.trim() || `npm run publish ${path.basename(dir)}`;
  const { entities, problems } = await checkContentFolder(dir);
  if (problems.length > 0) {
    complain(`Nothing published: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}`);
    for (const p of problems) complain(`  ${formatContentProblem(p)}`);
    return 1;
  }
  const { db } = await openCliDatabase({ quiet: true });
  try {
    const { result, publication } = await publishFolderAsPublication(db, entities, {
      note,
      sourceName: path.basename(dir),
      ctx: { actor: CLI_ACTOR, ip: null, now: new Date() },
    });
    for (const line of summarize(dir, result)) say(line);
    if (publication) say(`  publication ${publication.id} in the history: "${publication.note}"`);
    return 0;
  } catch (err) {
    if (err instanceof PublicationError) {
      complain(`Nothing published: ${err.message}`);
      return 1;
    }
    if (!(err instanceof ContentRejectedError)) throw err;
    complain(`Nothing published: ${err.problems.length} problems in ${dir}`);
    for (const p of err.problems) complain(`  ${p}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

export function summarize(dir: string, result: FolderPublishResult): string[] {
  const seqs = result.published.map((c) => c.seq);
  const range = seqs.length === 0 ? '' : ` (changes ${seqs[0]}–${seqs.at(-1)})`;
  const lines = [
    `${dir}: published ${result.put}, withdrawn ${result.withdrawn}, unchanged ${result.unchanged}${range}`,
  ];
  const byType = new Map<ContentType, { put: number; withdrawn: number }>();
  for (const change of result.published) {
    const counts = byType.get(change.type) ?? { put: 0, withdrawn: 0 };
    if (change.op === 'put') counts.put++;
    else counts.withdrawn++;
    byType.set(change.type, counts);
  }
  for (const [type, counts] of byType) {
    const parts = [
      counts.put ? `${counts.put} published` : '',
      counts.withdrawn ? `${counts.withdrawn} withdrawn` : '',
    ];
    lines.push(`  ${type}: ${parts.filter(Boolean).join(', ')}`);
  }
  if (result.published.length === 0) lines.push('  nothing changed: kiosks have nothing new to download');
  return lines;
}
