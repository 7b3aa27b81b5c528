import { sql, type Expression, type RawBuilder, type Kysely } from 'kysely';
import type {
  PetitionReport,
  ReportFigures,
  ReportGroupRow,
  ReportLawCommentRow,
  ReportSoumRow,
  ReportSummary,
} from '../../src-shared/console/report-api.js';
import { addDays, isoDateInMongolia, mongoliaDayStart } from '../../src-shared/format.js';
import { dialectOf, type SqlDialect } from '../db/dialect.js';
import type { DatabaseSchema } from '../db/schema.js';

/**
 * The 11-11 report, computed by the database: every count, rate, median and percentile is one
 * SQL aggregate (definitions in `src-shared/console/report-api.ts`). The two dialects differ
 * only in how a stored ISO time becomes a Mongolian day and in the percentile: PostgreSQL has
 * `percentile_cont`; SQLite gets the same definition (linear interpolation between the ranks
 * around (n − 1)·p) from `row_number()` and `count()` windows over the ordered rows.
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

/** Outcomes: nothing follows them (the same set as `TERMINAL_STATUSES`). */
const CLOSED = sql`s.status in ('resolved', 'answered', 'returned')`;

/** The Mongolian calendar day (YYYY-MM-DD text) of a stored ISO time column. */
function mongolianDay(dialect: SqlDialect, column: string): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql<string>`to_char((cast(${sql.ref(column)} as timestamptz) at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`
    : sql<string>`date(${sql.ref(column)}, '+8 hours')`;
}

/** Whole days from one YYYY-MM-DD text to another. */
function daysBetween(dialect: SqlDialect, from: Expression<string>, to: Expression<string>): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(cast(${to} as date) - cast(${from} as date))`
    : sql<number>`cast(julianday(${to}) - julianday(${from}) as integer)`;
}

/** Petitions (or another kind) received in the range, from the kiosks of the aimag if one is named. */
function received(db: Db, range: ReportRange, kind: string) {
  return db
    .selectFrom('submissions as s')
    .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
    .where('s.kind', '=', kind)
    .where('s.received_at', '>=', mongoliaDayStart(range.from))
    .where('s.received_at', '<', mongoliaDayStart(addDays(range.to, 1)))
    .$if(range.aimagCode !== null, (qb) => qb.where('k.aimag_code', '=', range.aimagCode));
}

type Received = ReturnType<typeof received>;

interface FigureColumns {
  total: RawBuilder<number | string>;
  open: RawBuilder<number | string | null>;
  closed: RawBuilder<number | string | null>;
  closed_on_time: RawBuilder<number | string | null>;
  open_overdue: RawBuilder<number | string | null>;
  backlog: RawBuilder<number | string | null>;
  on_time_rate: RawBuilder<number | string | null>;
}

/** The figures of one group as SQL aggregates. */
function figureColumns(dialect: SqlDialect, asOf: string): FigureColumns {
  const closedDay = mongolianDay(dialect, 's.status_at');
  const receivedDay = mongolianDay(dialect, 's.received_at');
  const onTime = sql`case when ${CLOSED} and ${closedDay} <= s.due_date then 1 else 0 end`;
  const overdue = sql`case when not ${CLOSED} and s.due_date < ${asOf} then 1 else 0 end`;
  const backlogCutoff = addDays(asOf, -30);
  return {
    total: sql`count(*)`,
    open: sql`sum(case when ${CLOSED} then 0 else 1 end)`,
    closed: sql`sum(case when ${CLOSED} then 1 else 0 end)`,
    closed_on_time: sql`sum(${onTime})`,
    open_overdue: sql`sum(${overdue})`,
    backlog: sql`sum(case when not ${CLOSED} and ${receivedDay} < ${backlogCutoff} then 1 else 0 end)`,
    on_time_rate: sql`cast(sum(${onTime}) as double precision) / nullif(sum(case when ${CLOSED} then 1 else 0 end) + sum(${overdue}), 0)`,
  };
}

type FigureRow = { [K in keyof FigureColumns]: unknown };

const int = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

function figuresOf(row: FigureRow): ReportFigures {
  return {
    total: int(row.total),
    open: int(row.open),
    closed: int(row.closed),
    closedOnTime: int(row.closed_on_time),
    openOverdue: int(row.open_overdue),
    backlogOver30Days: int(row.backlog),
    onTimeRate: row.on_time_rate === null || row.on_time_rate === undefined ? null : Number(row.on_time_rate),
  };
}

const FIGURE_NAMES = ['total', 'open', 'closed', 'closed_on_time', 'open_overdue', 'backlog'] as const;

/** The dimensions a report is broken down by, each a column of the one grouped scan. */
const DIMENSIONS = ['category', 'agency', 'aimag', 'soum', 'channel'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** Rows sorted for a table: the largest group first, then by key. */
function largestFirst<T extends { key: string; total: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Every table's figures from ONE scan of the petitions in range: the petitions are first grouped
 * by all five dimensions at once (a few thousand groups at most: categories × agencies × soums ×
 * channels), materialised, and each table and the summary is a sum over those groups. Every
 * figure is additive, so this is exact; the on-time rate is divided after summing.
 */
async function figureTables(
  db: Db,
  base: Received,
  columns: FigureColumns,
): Promise<{ summary: ReportFigures; tables: Record<Dimension, Array<ReportGroupRow & { aimag: string }>> }> {
  const coalesced = (column: string) => sql<string>`coalesce(${sql.ref(column)}, '')`;
  const keys: Record<Dimension, RawBuilder<string>> = {
    category: coalesced('s.petition_category'),
    agency: coalesced('s.agency_id'),
    aimag: coalesced('k.aimag_code'),
    soum: coalesced('k.soum_code'),
    channel: coalesced('s.channel'),
  };
  const grouped = base
    .select(DIMENSIONS.map((d) => keys[d].as(d)))
    .select(FIGURE_NAMES.map((name) => (columns[name] as RawBuilder<unknown>).as(name)))
    .groupBy(DIMENSIONS.map((d) => keys[d]) as never);
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
    with g as materialized ${grouped}
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
 * Median and 90th percentile of whole days to close, by the database. PostgreSQL:
 * `percentile_cont`. SQLite: number the closed petitions' days in order (0-based `i`, `n` in
 * all), take the values at ranks floor(h) and floor(h) + 1 where h = (n − 1)·p, and interpolate
 * by the fraction of h: exactly what `percentile_cont` does.
 */
async function daysToClose(
  db: Db,
  base: Received,
  dialect: SqlDialect,
): Promise<{ median: number | null; p90: number | null }> {
  const days = daysBetween(dialect, mongolianDay(dialect, 's.received_at'), mongolianDay(dialect, 's.status_at'));
  const closedDays = base.where(CLOSED as never).select(days.as('days'));
  if (dialect === 'postgres') {
    const { rows } = await sql<{ median: number | string | null; p90: number | string | null }>`
      select percentile_cont(0.5) within group (order by d.days) as median,
             percentile_cont(0.9) within group (order by d.days) as p90
      from (${closedDays}) as d`.execute(db);
    const row = rows[0];
    return { median: nullableNumber(row?.median), p90: nullableNumber(row?.p90) };
  }
  const percentile = (p: number) => {
    const h = sql`((o.n - 1) * ${p})`;
    const lowRank = sql`cast(${h} as integer)`;
    const low = sql`max(case when o.i = ${lowRank} then o.days end)`;
    const high = sql`coalesce(max(case when o.i = ${lowRank} + 1 then o.days end), ${low})`;
    return sql`${low} + (max(${h}) - max(${lowRank})) * (${high} - ${low})`;
  };
  const { rows } = await sql<{ median: number | null; p90: number | null }>`
    select ${percentile(0.5)} as median, ${percentile(0.9)} as p90
    from (
      select d.days,
             row_number() over (order by d.days) - 1 as i,
             count(*) over () as n
      from (${closedDays}) as d
    ) as o`.execute(db);
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

/** The whole report for a range (and aimag), judged against `now`. */
export async function computeReport(db: Db, range: ReportRange, now: Date): Promise<PetitionReport> {
  const dialect = dialectOf(db);
  const asOf = isoDateInMongolia(now);
  const base = received(db, range, 'petition');
  const columns = figureColumns(dialect, asOf);
  const { summary: figures, tables } = await figureTables(db, base, columns);
  const { median, p90 } = await daysToClose(db, base, dialect);
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
