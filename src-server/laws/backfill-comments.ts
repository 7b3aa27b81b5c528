import type { KeyObject } from 'node:crypto';
import { sealedContentSchemas, submissionSchema } from '../../src-shared/schemas/submission.js';
import type { Database } from '../db/database.js';
import { openSealed } from '../submissions/open-sealed.js';

export interface BackfillResult {
  /** Comments whose text is now stored. */
  filled: number;
  /** Tracking numbers of comments that could not be opened (sealed to another key, say). */
  unopened: string[];
}

/**
 * Stores the text of law comments accepted before the server kept it (migration 0003): each is
 * opened from its stored envelope, as at acceptance. Cheap when there is nothing to do (one
 * query), so it runs at every start. A comment that no longer opens is left out and reported.
 */
export async function backfillLawComments(db: Database, privateKey: KeyObject): Promise<BackfillResult> {
  const rows = await db
    .selectFrom('submissions as s')
    .leftJoin('law_comments as c', 'c.submission_id', 's.id')
    .select(['s.id', 's.tracking_no', 's.body'])
    // Every comment has a law_id (and only comments do): this reads the partial index, not the table.
    .where('s.law_id', 'is not', null)
    .where('c.submission_id', 'is', null)
    .execute();
  // Sorted here: an ORDER BY on the row id would make SQLite scan the whole table instead.
  rows.sort((a, b) => a.id - b.id);
  const result: BackfillResult = { filled: 0, unopened: [] };
  for (const row of rows) {
    const item = submissionSchema.safeParse(JSON.parse(row.body));
    const opened = item.success ? openSealed(item.data.sealed, item.data, privateKey) : undefined;
    const content = opened?.ok ? sealedContentSchemas.law_comment.safeParse(opened.content) : undefined;
    if (!content?.success) {
      result.unopened.push(row.tracking_no);
      continue;
    }
    // Trimmed as at acceptance (the comment form's rule gives its values trimmed).
    const { text, name, contact } = content.data;
    await db
      .insertInto('law_comments')
      .values({
        submission_id: row.id,
        text: text.trim(),
        name: name?.trim() || null,
        contact: contact?.trim() || null,
      })
      .onConflict((oc) => oc.column('submission_id').doNothing())
      .execute();
    result.filled++;
  }
  return result;
}
