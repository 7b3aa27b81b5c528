import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf, type SqlDialect } from '../db/dialect.js';
import { lockSequence } from '../db/locks.js';
import type { DatabaseSchema } from '../db/schema.js';

/**
 * The 11-11 report's per-petition facts (`report_petitions`, migration 0009), kept up to date
 * from the status-change log rather than by the submission write path.
 *
 * Every change to what the report counts is a row of `status_changes`: a new petition comes
 * with its 'received' change, and every later move (forward with its agency, take, extend with
 * its due date, answer, return) writes one in the same transaction. Their `seq` is handed out in
 * commit order (`lockSequence`), so "every change up to seq M" is a consistent cut. A refresh
 * reads M, re-derives the facts of every petition changed after the last refresh (`seq` in
 * `report_refresh`) from its submission row as it is now, and moves the mark to M. Petitions
 * stored with no status change at all (a bulk import) are caught by their ids: every id above the
 * highest seen at the last refresh is derived too. Re-deriving
 * from the row (not from the change) makes a refresh idempotent: doing one twice, or two at once,
 * leaves the same facts. The first refresh (mark null) derives every petition.
 *
 * What depends on the day the report is judged (overdue, backlog) is not stored; the report's
 * query works it out from `due_date` and `received_day`.
 */

type Db = Kysely<DatabaseSchema>;

const FACTS = 'report_petitions';

/** Outcomes: nothing follows them (the same set as `TERMINAL_STATUSES`). */
export const CLOSED_STATUSES = ['resolved', 'answered', 'returned'] as const;

/** The Mongolian calendar day (YYYY-MM-DD text) of a stored ISO time column. */
export function mongolianDay(dialect: SqlDialect, column: string): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql<string>`to_char((cast(${sql.ref(column)} as timestamptz) at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`
    : sql<string>`date(${sql.ref(column)}, '+8 hours')`;
}

/** Whole days from one YYYY-MM-DD text to another. */
export function daysBetween(dialect: SqlDialect, from: Expression<string>, to: Expression<string>): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(cast(${to} as date) - cast(${from} as date))`
    : sql<number>`cast(julianday(${to}) - julianday(${from}) as integer)`;
}

/** What a refresh did: the petitions re-derived and the status sequence now followed up to. */
export interface FactsRefresh {
  petitions: number;
  seq: number;
  rebuilt: boolean;
}

/**
 * Brings `report_petitions` up to the latest status change. Cheap when nothing changed (two
 * one-row reads). Call it before reading the facts; a running server also calls it every
 * `REPORT_FACTS_REFRESH_MS`, so a report only ever catches up on the last moments.
 *
 * Works inside a caller's transaction as well as on its own. On PostgreSQL refreshes take turns
 * (an advisory lock to the end of the transaction), so an older read of a submission can never
 * overwrite a newer one; on SQLite each statement already writes alone and reads the latest.
 */
export async function refreshReportFacts(db: Db): Promise<FactsRefresh> {
  if (dialectOf(db) === 'postgres' && !db.isTransaction) return db.transaction().execute((trx) => refreshIn(trx));
  return refreshIn(db);
}

async function refreshIn(db: Db): Promise<FactsRefresh> {
  const dialect = dialectOf(db);
  await lockSequence(db, 'reportFacts');
  const mark = await db
    .selectFrom('report_refresh')
    .select(['seq', 'submission_id'])
    .where('name', '=', FACTS)
    .executeTakeFirst();
  const after = mark?.seq ?? null;
  const afterId = mark?.submission_id ?? 0;
  const latest = await db
    .selectFrom('status_changes')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  const newest = await db
    .selectFrom('submissions')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const upTo = latest?.seq === null || latest?.seq === undefined ? 0 : Number(latest.seq);
  const upToId = newest?.id === null || newest?.id === undefined ? 0 : Number(newest.id);
  if (after !== null && upTo <= after && upToId <= afterId) return { petitions: 0, seq: after, rebuilt: false };

  const closed = sql<boolean>`s.status in (${sql.join(CLOSED_STATUSES.map((s) => sql.lit(s)))})`;
  const receivedDay = mongolianDay(dialect, 's.received_at');
  const closedDay = mongolianDay(dialect, 's.status_at');
  let source = db
    .selectFrom('submissions as s')
    .select([
      's.id',
      's.kiosk_id',
      receivedDay.as('received_day'),
      sql<string>`coalesce(s.petition_category, '')`.as('category'),
      sql<string>`coalesce(s.agency_id, '')`.as('agency'),
      's.channel',
      sql<number>`case when ${closed} then 1 else 0 end`.as('closed'),
      sql<number>`case when ${closed} and ${closedDay} <= s.due_date then 1 else 0 end`.as('on_time'),
      's.due_date',
      sql<number | null>`case when ${closed} then ${daysBetween(dialect, receivedDay, closedDay)} end`.as(
        'days_to_close',
      ),
    ])
    .where('s.kind', '=', 'petition');
  if (after !== null) {
    // Changed since (by the log), or stored since by something that wrote no status change (a
    // bulk import, a test): new ids. A new id committed late on PostgreSQL (ids are taken before
    // commit) has its 'received' change, which the log brings in order.
    source = source.where((eb) =>
      eb.or([
        eb('s.id', 'in', (sub) =>
          sub
            .selectFrom('status_changes as c')
            .select('c.submission_id')
            .where('c.seq', '>', after)
            .where('c.seq', '<=', upTo),
        ),
        eb.and([eb('s.id', '>', afterId), eb('s.id', '<=', upToId)]),
      ]),
    );
  }
  const columns = [
    'kiosk_id',
    'received_day',
    'category',
    'agency',
    'channel',
    'closed',
    'on_time',
    'due_date',
    'days_to_close',
  ] as const;
  const result = await db
    .insertInto('report_petitions')
    .columns(['submission_id', ...columns])
    .expression(source)
    .onConflict((oc) =>
      oc
        .column('submission_id')
        .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as never),
    )
    .executeTakeFirst();
  // Marks only move forward.
  await db
    .updateTable('report_refresh')
    .set({
      seq: sql<number>`case when seq is null or seq < ${upTo} then ${upTo} else seq end`,
      submission_id: sql<number>`case when submission_id is null or submission_id < ${upToId} then ${upToId} else submission_id end`,
    })
    .where('name', '=', FACTS)
    .execute();
  return { petitions: Number(result.numInsertedOrUpdatedRows ?? 0), seq: upTo, rebuilt: after === null };
}

/** How often a running server brings the report's facts up to date by itself. */
export const REPORT_FACTS_REFRESH_MS = 60_000;
