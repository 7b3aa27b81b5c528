import type { Kysely } from 'kysely';
import type { ContentChange } from '../../src-shared/protocol.js';
import { STANCES, type Stance } from '../../src-shared/schemas/submission.js';
import type { LawCommentCounts, StanceCounts } from '../../src-shared/schemas/law.js';
import { publishDerivedChanges, type ContentChangeInput } from '../content/publish.js';
import type { Database } from '../db/database.js';
import { lockSequence } from '../db/locks.js';
import type { DatabaseSchema } from '../db/schema.js';

export const zeroCounts = (): StanceCounts => ({ for: 0, against: 0, neutral: 0 });

function isStance(value: string | null): value is Stance {
  return (STANCES as readonly (string | null)[]).includes(value);
}

/**
 * The comment counts of each given law that has comments, from the stored submissions: every
 * version of the law, by article and stance. A pure function of the rows, `updatedAt` included
 * (the newest comment's receipt time), so deriving it again from the same rows gives the same
 * entity and publishes nothing.
 */
export async function countLawComments(
  db: Kysely<DatabaseSchema>,
  lawIds: readonly string[],
): Promise<Map<string, LawCommentCounts>> {
  const out = new Map<string, LawCommentCounts>();
  if (lawIds.length === 0) return out;
  const rows = await db
    .selectFrom('submissions')
    .select((eb) => [
      'law_id',
      'article_number',
      'stance',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('received_at').as('latest'),
    ])
    // Only law comments have a law_id: no kind filter, so the count reads the index alone.
    .where('law_id', 'in', [...new Set(lawIds)])
    .groupBy(['law_id', 'article_number', 'stance'])
    .execute();
  for (const row of rows) {
    if (row.law_id === null || !isStance(row.stance)) continue;
    let counts = out.get(row.law_id);
    if (!counts) {
      counts = {
        id: row.law_id,
        lawId: row.law_id,
        updatedAt: row.latest,
        total: zeroCounts(),
        whole: zeroCounts(),
        articles: {},
      };
      out.set(row.law_id, counts);
    }
    const n = Number(row.n);
    if (row.latest > counts.updatedAt) counts.updatedAt = row.latest;
    counts.total[row.stance] += n;
    const bucket =
      row.article_number === null ? counts.whole : (counts.articles[String(row.article_number)] ??= zeroCounts());
    bucket[row.stance] += n;
  }
  return out;
}

/**
 * Re-derives and publishes the counts of the given laws inside the caller's transaction: one
 * content change per law whose counts moved, none for a law whose counts are what kiosks
 * already have. Called once per accepted batch, so twenty comments make one change per law.
 *
 * Counted under the content-sequence lock, which the publisher then holds until its commit: two
 * batches committing at once on PostgreSQL would otherwise each count without the other's
 * comments, and whichever published last would drop the other's from the counts kiosks show.
 * (A batch commits its comments and its counts together, so the last to take the lock counts all.)
 */
export async function publishLawCommentCounts(
  trx: Kysely<DatabaseSchema>,
  lawIds: readonly string[],
  now: Date,
): Promise<ContentChange[]> {
  if (lawIds.length === 0) return [];
  await lockSequence(trx, 'contentSequence');
  const counts = await countLawComments(trx, lawIds);
  const changes = [...counts.values()].map((data): ContentChangeInput => ({
    op: 'put',
    type: 'law-comment-counts',
    data,
  }));
  if (changes.length === 0) return [];
  return (await publishDerivedChanges(trx, changes, now)).published;
}

/**
 * Publishes the counts of every law that has comments and is published now (at start-up, so
 * comments accepted before counts existed, or while a law was withdrawn, are counted).
 * Idempotent: unchanged counts publish nothing.
 */
export async function refreshAllLawCommentCounts(db: Database, now: Date = new Date()): Promise<ContentChange[]> {
  return db.transaction().execute(async (trx) => {
    const laws = await trx.selectFrom('content_current').select('entity_id').where('type', '=', 'law').execute();
    return publishLawCommentCounts(
      trx,
      laws.map((l) => l.entity_id),
      now,
    );
  });
}
