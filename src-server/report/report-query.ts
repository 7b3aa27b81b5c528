import { sql, type RawBuilder, type Kysely } from 'kysely';
import type {
  PetitionReport,
  ReportFigures,
  ReportGroupRow,
  ReportLawCommentRow,
  ReportSoumRow,
  ReportSummary,
} from '../../src-shared/console/report-api.js';
import { addDays, isoDateInMongolia, mongoliaDayStart } from '../../src-shared/format.js';
import { dialectOf } from '../db/dialect.js';
import type { DatabaseSchema } from '../db/schema.js';
import { refreshReportFacts } from './report-facts.js';

/**
 * The 11-11 report, computed by the database: every count, rate, median and percentile is one
 * SQL aggregate (definitions in `src-shared/console/report-api.ts`), the same SQL on SQLite and
 * PostgreSQL. The petitions' figures are read from their facts (`report_petitions`, one narrow
 * row per petition with its Mongolian days already worked out; see report-facts.ts), brought up
 * to date first; what depends on the day the report is judged is worked out here.
 */

export interface ReportRange {
  /** First day, in Mongolia, YYYY-MM-DD. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** Only the kiosks of this aimag; null = all. */
  aimagCode: string | null;
}

type Db = Kysely<DatabaseSchema>;

/** Law comments (or another kind) received in the range, from the kiosks of the aimag if one is named. */
function received(db: Db, range: ReportRange, kind: string) {
  return (
    db
      .selectFrom('submissions as s')
      .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
      // A literal, so the planner may use the partial index of that kind (`submissions_law_comment_received`).
      .where('s.kind', '=', sql.lit(kind))
      .where('s.received_at', '>=', mongoliaDayStart(range.from))
      .where('s.received_at', '<', mongoliaDayStart(addDays(range.to, 1)))
      .$if(range.aimagCode !== null, (qb) => qb.where('k.aimag_code', '=', range.aimagCode))
  );
}

/**
 * The petitions received in the range (their Mongolian receipt day within it; the same as
 * `received_at` from the first day's 00:00 in Mongolia to the last day's end), from the kiosks
 * of the aimag if one is named: their facts (`report_petitions`, see report-facts.ts).
 */
function petitionFacts(db: Db, range: ReportRange) {
  return db
    .selectFrom('report_petitions as f')
    .where('f.received_day', '>=', range.from)
    .where('f.received_day', '<=', range.to)
    .$if(range.aimagCode !== null, (qb) =>
      qb.where('f.kiosk_id', 'in', (eb) =>
        eb.selectFrom('kiosks').select('kiosks.id').where('kiosks.aimag_code', '=', range.aimagCode),
      ),
    );
}

type PetitionFacts = ReturnType<typeof petitionFacts>;

interface FigureColumns {
  total: RawBuilder<number | string>;
  closed: RawBuilder<number | string | null>;
  closed_on_time: RawBuilder<number | string | null>;
  open_overdue: RawBuilder<number | string | null>;
  backlog: RawBuilder<number | string | null>;
}

/**
 * The additive figures of a group of petitions as SQL aggregates over their facts, judged on
 * `asOf`: decided (resolved, answered, returned); decided on or before the due date; open and
 * due before `asOf` (overdue); open and received more than 30 days before `asOf` (backlog).
 * Open = total − decided; the on-time rate = on time ÷ (decided + overdue), divided after summing.
 */
function figureColumns(asOf: string): FigureColumns {
  const backlogCutoff = addDays(asOf, -30);
  return {
    total: sql`count(*)`,
    closed: sql`sum(f.closed)`,
    closed_on_time: sql`sum(f.on_time)`,
    open_overdue: sql`sum(case when f.closed = 0 and f.due_date < ${asOf} then 1 else 0 end)`,
    backlog: sql`sum(case when f.closed = 0 and f.received_day < ${backlogCutoff} then 1 else 0 end)`,
  };
}

type FigureRow = { [K in keyof FigureColumns | 'on_time_rate']: unknown };

const int = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

function figuresOf(row: FigureRow): ReportFigures {
  const total = int(row.total);
  const closed = int(row.closed);
  return {
    total,
    open: total - closed,
    closed,
    closedOnTime: int(row.closed_on_time),
    openOverdue: int(row.open_overdue),
    backlogOver30Days: int(row.backlog),
    onTimeRate: row.on_time_rate === null || row.on_time_rate === undefined ? null : Number(row.on_time_rate),
  };
}

const FIGURE_NAMES = ['total', 'closed', 'closed_on_time', 'open_overdue', 'backlog'] as const;

/** The dimensions a report is broken down by, each a column of the one grouped scan. */
const DIMENSIONS = ['category', 'agency', 'aimag', 'soum', 'channel'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** Rows sorted for a table: the largest group first, then by key. */
function largestFirst<T extends { key: string; total: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Every table's figures from ONE scan of the petitions' facts in range: grouped first by kiosk,
 * category, agency and channel (at most a few thousand groups), the kiosks' places joined to
 * those groups, materialised, and each table and the summary is a sum over them. Every figure
 * is additive, so this is exact; the on-time rate is divided after summing.
 */
async function figureTables(
  db: Db,
  base: PetitionFacts,
  columns: FigureColumns,
): Promise<{ summary: ReportFigures; tables: Record<Dimension, Array<ReportGroupRow & { aimag: string }>> }> {
  const byKiosk = base
    .select(['f.kiosk_id', 'f.category', 'f.agency', 'f.channel'])
    .select(FIGURE_NAMES.map((name) => (columns[name] as RawBuilder<unknown>).as(name)))
    .groupBy(['f.kiosk_id', 'f.category', 'f.agency', 'f.channel']);
  const sums = sql.join(FIGURE_NAMES.map((name) => sql`sum(g.${sql.ref(name)}) as ${sql.ref(name)}`));
  const rate = sql`cast(sum(g.closed_on_time) as double precision) / nullif(sum(g.closed) + sum(g.open_overdue), 0) as on_time_rate`;
  const rollups = [
    sql`select ${sql.lit('summary')} as dim, '' as key, '' as aimag, ${sums}, ${rate} from g`,
    ...DIMENSIONS.map((d) =>
      d === 'soum'
        ? sql`select ${sql.lit(d)} as dim, g.soum as key, g.aimag as aimag, ${sums}, ${rate} from g group by g.aimag, g.soum`
        : sql`select ${sql.lit(d)} as dim, g.${sql.ref(d)} as key, '' as aimag, ${sums}, ${rate} from g group by g.${sql.ref(d)}`,
    ),
  ];
  const { rows } = await sql<FigureRow & { dim: string; key: string; aimag: string }>`
    with g as materialized (
      select b.category, b.agency, coalesce(k.aimag_code, '') as aimag, coalesce(k.soum_code, '') as soum, b.channel,
        ${sql.join(FIGURE_NAMES.map((name) => sql`b.${sql.ref(name)}`))}
      from (${byKiosk}) as b
      inner join kiosks as k on k.id = b.kiosk_id
    )
    ${sql.join(rollups, sql` union all `)}`.execute(db);
  const tables = Object.fromEntries(
    DIMENSIONS.map((d) => [d, [] as Array<ReportGroupRow & { aimag: string }>]),
  ) as Record<Dimension, Array<ReportGroupRow & { aimag: string }>>;
  let summary: ReportFigures = figuresOf({} as FigureRow);
  for (const row of rows) {
    if (row.dim === 'summary') summary = figuresOf(row);
    else tables[row.dim as Dimension].push({ key: row.key, aimag: row.aimag, ...figuresOf(row) });
  }
  for (const d of DIMENSIONS) largestFirst(tables[d]);
  return { summary, tables };
}

/**
 * Median and 90th percentile of whole days to close, by the database, with the definition of
 * PostgreSQL's `percentile_cont`: over the n decided petitions' days in order (rows 1…n),
 * h = 1 + (n − 1)·p, the value of row floor(h) plus the fraction of h times the step to the value
 * of row floor(h) + 1. Days are whole, so the petitions are counted per day value first (a few
 * hundred values at most) and the value at a rank is the first whose running count passes it:
 * the same numbers as ordering every petition, in the same SQL on both databases.
 */
async function daysToClose(db: Db, base: PetitionFacts): Promise<{ median: number | null; p90: number | null }> {
  const floor = (x: RawBuilder<unknown>) =>
    dialectOf(db) === 'postgres' ? sql`floor(${x})` : sql`cast(${x} as integer)`;
  const histogram = base
    .where('f.days_to_close', 'is not', null)
    .select(['f.days_to_close as days', sql<number>`count(*)`.as('n')])
    .groupBy('f.days_to_close');
  const percentile = (p: number) => {
    // As percentile_cont reckons: the 1-based row h = 1 + (n − 1)·p, then the rows floor(h) and
    // floor(h) + 1 (0-based: one less), per row (n is on every row), then the same for the whole.
    const h = sql`(1 + cast(c.total - 1 as double precision) * ${sql.lit(p)})`;
    const lowRank = sql`(${floor(h)} - 1)`;
    const valueAt = (rank: RawBuilder<unknown>) => sql`min(case when c.running > ${rank} then c.days end)`;
    const low = valueAt(lowRank);
    const high = sql`coalesce(${valueAt(sql`${lowRank} + 1`)}, ${low})`;
    return sql`${low} + (max(${h}) - max(${floor(h)})) * (${high} - ${low})`;
  };
  const { rows } = await sql<{ median: number | string | null; p90: number | string | null }>`
    select ${percentile(0.5)} as median, ${percentile(0.9)} as p90
    from (
      select d.days,
             sum(d.n) over (order by d.days rows between unbounded preceding and current row) as running,
             sum(d.n) over () as total
      from (${histogram}) as d
    ) as c`.execute(db);
  const row = rows[0];
  return { median: nullableNumber(row?.median), p90: nullableNumber(row?.p90) };
}

function nullableNumber(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Comments on draft laws received in the range, by law and article, with their stances. */
async function lawComments(db: Db, range: ReportRange): Promise<ReportLawCommentRow[]> {
  const stance = (s: string) => sql<number | string>`sum(case when s.stance = ${s} then 1 else 0 end)`;
  const rows = await received(db, range, 'law_comment')
    .select([
      's.law_id as law_id',
      's.article_number as article_number',
      sql<number | string>`count(*)`.as('total'),
      stance('for').as('for_n'),
      stance('against').as('against_n'),
      stance('neutral').as('neutral_n'),
    ])
    .groupBy(['s.law_id', 's.article_number'])
    .execute();
  return rows
    .map((row) => ({
      lawId: row.law_id ?? '',
      article: row.article_number,
      total: int(row.total),
      for: int(row.for_n),
      against: int(row.against_n),
      neutral: int(row.neutral_n),
    }))
    .sort(
      (a, b) =>
        (a.lawId < b.lawId ? -1 : a.lawId > b.lawId ? 1 : 0) ||
        (a.article ?? 0) - (b.article ?? 0) ||
        (a.article === null ? -1 : 0) - (b.article === null ? -1 : 0),
    );
}

/**
 * The whole report for a range (and aimag), judged against `now`. Brings the petitions' facts up
 * to the latest status change first (`refreshReportFacts`), so it counts every change committed
 * before it began.
 */
export async function computeReport(db: Db, range: ReportRange, now: Date): Promise<PetitionReport> {
  await refreshReportFacts(db);
  const asOf = isoDateInMongolia(now);
  const base = petitionFacts(db, range);
  const { summary: figures, tables } = await figureTables(db, base, figureColumns(asOf));
  const { median, p90 } = await daysToClose(db, base);
  const summary: ReportSummary = { ...figures, medianDaysToClose: median, p90DaysToClose: p90 };
  const plain = (rows: Array<ReportGroupRow & { aimag: string }>): ReportGroupRow[] =>
    rows.map(({ aimag: _aimag, ...row }) => row);
  const byCategory = plain(tables.category);
  const byAgency = plain(tables.agency);
  const byAimag = plain(tables.aimag);
  const byChannel = plain(tables.channel);
  // Soums sort by aimag and soum together, largest first.
  const bySoum: ReportSoumRow[] = tables.soum
    .map((row) => ({ ...row, sortKey: `${row.aimag}:${row.key}` }))
    .sort((a, b) => b.total - a.total || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(({ aimag, sortKey: _sortKey, ...row }) => ({ ...row, aimagCode: aimag }));
  return {
    from: range.from,
    to: range.to,
    aimag: range.aimagCode,
    asOf,
    summary,
    byCategory,
    byAgency,
    byAimag,
    bySoum,
    byChannel,
    lawComments: await lawComments(db, range),
  };
}
