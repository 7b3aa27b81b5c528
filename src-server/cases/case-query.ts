import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CaseListPage, CaseListQuery, CaseRow, CaseSort } from '../../src-shared/console/cases-api.js';
import { addDays, isoDateInMongolia, mongoliaDayStart } from '../../src-shared/format.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { submissionKindSchema, submissionStatusSchema } from '../../src-shared/schemas/submission.js';
import type { Database } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';
import { TERMINAL_STATUSES } from '../submissions/status.js';

/** The statuses a case is still open in (not decided): overdue and "due within" look only at these. */
export const OPEN_STATUSES = submissionStatusSchema.options.filter((s) => !TERMINAL_STATUSES.has(s));

/**
 * Who is asking, as far as the rows go: an aimag operator is held to its aimag's kiosks, an
 * agency handler to the cases currently forwarded to its agency. Null: no restriction.
 */
export interface CaseScope {
  aimagCode: string | null;
  agencyId: string | null;
}
export const UNSCOPED: CaseScope = { aimagCode: null, agencyId: null };

/** The filters of a case query without its paging and sort. */
export type CaseFilter = Omit<CaseListQuery, 'sort' | 'dir' | 'page' | 'pageSize'>;

type Eb = ExpressionBuilder<DatabaseSchema & { s: DatabaseSchema['submissions'] }, 's'>;

/** `%text%` for LIKE with `\` escaping the wildcards the operator typed. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The spellings of a search word to try: as typed, lower case, upper case and capitalised.
 * LIKE is case-sensitive on PostgreSQL and folds only ASCII on SQLite, so Cyrillic "Газар" and
 * "газар" are matched alike on both this way, without an opened copy or an extension.
 */
function spellings(text: string): string[] {
  const lower = text.toLocaleLowerCase('mn');
  const capital = lower.charAt(0).toLocaleUpperCase('mn') + lower.slice(1);
  return [...new Set([text, lower, text.toLocaleUpperCase('mn'), capital])];
}

/**
 * The least string above every tracking number that starts with `prefix` (digits and dashes):
 * its last digit raised by one, trailing dashes and nines dropped first (`1042-9` → `1043`);
 * null when there is none (`999`).
 */
export function prefixUpperBound(prefix: string): string | null {
  let p = prefix.replace(/-+$/, '');
  while (p.endsWith('9')) p = p.slice(0, -1).replace(/-+$/, '');
  if (p === '') return null;
  return p.slice(0, -1) + String(Number(p.at(-1)) + 1);
}

/** A whole tracking number (`0421-000123-7`), or the beginning of one: digits and dashes. */
const TRACKING_LIKE = /^\d[\d-]*$/;

/**
 * The WHERE of a filter and scope, on `submissions as s`; `today` is the date in Ulaanbaatar.
 *
 * `forPage`: the page's rows are read along the index of their sort (see `listCases`), so the
 * filters must not tempt the planner into another index and a sort of every match. There each
 * filter column is compared as an expression (`col || ''`, `col + 0`), which no index serves, on
 * SQLite and PostgreSQL alike; only a whole tracking number and the comment search, which match a
 * few rows, stay indexable. For the count every filter stays indexable.
 */
export function caseWhere(filter: CaseFilter, scope: CaseScope, today: string, { forPage = false } = {}) {
  return (eb: Eb): Expression<SqlBool> => {
    const and: Expression<SqlBool>[] = [];
    type TextColumn =
      's.kind' | 's.status' | 's.petition_category' | 's.service_id' | 's.channel' | 's.agency_id' | 's.due_date';
    const col = (name: TextColumn) => (forPage ? sql<string>`(${sql.ref(name)} || '')` : sql.ref<string>(name));
    const kioskId = forPage ? sql<number>`(s.kiosk_id + 0)` : sql.ref<number>('s.kiosk_id');
    const kiosksWhere = (column: 'aimag_code' | 'soum_code' | 'kiosk_code', value: string) =>
      eb(kioskId, 'in', eb.selectFrom('kiosks').select('kiosks.id').where(`kiosks.${column}`, '=', value));
    if (scope.aimagCode !== null) and.push(kiosksWhere('aimag_code', scope.aimagCode));
    if (scope.agencyId !== null) and.push(eb(col('s.agency_id'), '=', scope.agencyId));
    if (filter.kind) and.push(eb(col('s.kind'), 'in', filter.kind));
    if (filter.status) and.push(eb(col('s.status'), 'in', filter.status));
    if (filter.category) and.push(eb(col('s.petition_category'), 'in', filter.category));
    if (filter.service !== undefined) and.push(eb(col('s.service_id'), '=', filter.service));
    if (filter.channel) and.push(eb(col('s.channel'), 'in', filter.channel));
    if (filter.agency !== undefined) and.push(eb(col('s.agency_id'), '=', filter.agency));
    if (filter.aimag !== undefined) and.push(kiosksWhere('aimag_code', filter.aimag));
    if (filter.soum !== undefined) and.push(kiosksWhere('soum_code', filter.soum));
    if (filter.kiosk !== undefined) and.push(kiosksWhere('kiosk_code', filter.kiosk));
    if (filter.from !== undefined) and.push(eb('s.received_at', '>=', mongoliaDayStart(filter.from)));
    if (filter.to !== undefined) and.push(eb('s.received_at', '<', mongoliaDayStart(addDays(filter.to, 1))));
    if (filter.overdue === true) {
      and.push(eb(col('s.status'), 'in', OPEN_STATUSES), eb(col('s.due_date'), '<', today));
    } else if (filter.overdue === false) {
      and.push(
        eb.or([
          eb(col('s.status'), 'not in', OPEN_STATUSES),
          eb('s.due_date', 'is', null),
          eb(col('s.due_date'), '>=', today),
        ]),
      );
    }
    if (filter.dueWithinDays !== undefined) {
      and.push(
        eb(col('s.status'), 'in', OPEN_STATUSES),
        eb(col('s.due_date'), '>=', today),
        eb(col('s.due_date'), '<=', addDays(today, filter.dueWithinDays)),
      );
    }
    if (filter.q !== undefined) {
      const q = filter.q;
      const number = parseTrackingNumber(q);
      if (number.ok) {
        and.push(eb('s.tracking_no', '=', number.value.text));
      } else if (TRACKING_LIKE.test(q)) {
        // LIKE decides; the range (true of every match, in byte order and in the usual collations
        // alike, which compare digits the same) lets the tracking-number index find them.
        const upper = prefixUpperBound(q);
        and.push(eb('s.tracking_no', '>=', q.replace(/-+$/, '')));
        if (upper !== null) and.push(eb('s.tracking_no', '<', upper));
        and.push(eb(sql<string>`s.tracking_no`, 'like', sql<string>`${`${q}%`}`));
      } else {
        const patterns = spellings(q).map(containsPattern);
        and.push(
          eb(
            's.id',
            'in',
            eb
              .selectFrom('law_comments as lc')
              .select('lc.submission_id')
              .where((inner) =>
                inner.or(patterns.map((p) => inner(sql<string>`lc.text`, 'like', sql<string>`${p} escape '\\'`))),
              ),
          ),
        );
      }
    }
    return eb.and(and);
  };
}

/** The ORDER BY of each sort: the columns of one index, then id (the rowid, last in every SQLite index). */
const SORT_COLUMNS: Record<CaseSort, readonly ('received_at' | 'due_date' | 'status' | 'kind' | 'tracking_no')[]> = {
  receivedAt: ['received_at'],
  dueDate: ['due_date'],
  status: ['status', 'received_at'],
  kind: ['kind', 'received_at'],
  trackingNo: ['tracking_no'],
};

const ROW_COLUMNS = [
  's.id',
  's.tracking_no',
  's.kind',
  's.status',
  's.channel',
  's.petition_category',
  's.service_id',
  's.law_id',
  's.article_number',
  's.hearing_id',
  's.agency_id',
  's.staff_id',
  's.created_at',
  's.received_at',
  's.status_at',
  's.due_date',
  'k.kiosk_code',
  'k.aimag_code',
  'k.soum_code',
] as const;

interface RawRow {
  id: number;
  tracking_no: string;
  kind: string;
  status: string;
  channel: string;
  petition_category: string | null;
  service_id: string | null;
  law_id: string | null;
  article_number: number | null;
  hearing_id: string | null;
  agency_id: string | null;
  staff_id: string | null;
  created_at: string;
  received_at: string;
  status_at: string;
  due_date: string | null;
  kiosk_code: string;
  aimag_code: string | null;
  soum_code: string | null;
}

/** Whether a case is overdue on `today` (Ulaanbaatar): due before today and not decided. */
export function isOverdue(status: string, dueDate: string | null, today: string): boolean {
  return dueDate !== null && dueDate < today && (OPEN_STATUSES as readonly string[]).includes(status);
}

function toRow(r: RawRow, today: string): CaseRow {
  return {
    id: r.id,
    trackingNo: r.tracking_no,
    kind: submissionKindSchema.parse(r.kind),
    status: submissionStatusSchema.parse(r.status),
    channel: r.channel === 'assisted' || r.channel === 'library' ? r.channel : 'kiosk',
    petitionCategory: r.petition_category,
    serviceId: r.service_id,
    lawId: r.law_id,
    articleNumber: r.article_number === null ? null : Number(r.article_number),
    hearingId: r.hearing_id,
    kioskCode: r.kiosk_code,
    aimagCode: r.aimag_code,
    soumCode: r.soum_code,
    agencyId: r.agency_id,
    staffId: r.staff_id,
    createdAt: r.created_at,
    receivedAt: r.received_at,
    statusAt: r.status_at,
    dueDate: r.due_date,
    overdue: isOverdue(r.status, r.due_date, today),
  };
}

/**
 * From how many matching rows a page is read along its sort's index rather than by the filters'
 * indexes and a sort: at 2% of a million rows, page 3 reads about 7,500 index entries, and below
 * it the database sorts at most this many rows.
 */
export const SORT_INDEX_MIN_MATCHES = 20_000;

/**
 * The rows of a filter. `forPage`: read along the sort's index, the filters checked on the way
 * (many matches). Otherwise the matches are found first by their ids alone, as the count finds
 * them (from the filters' covering indexes, without reading a row), and only those rows are read
 * and sorted: a plan chosen for the rows' own columns would read every row of the most selective
 * single filter (an aimag's kiosks: tens of thousands) to keep a few thousand.
 */
function rowsQuery(db: Database, filter: CaseFilter, scope: CaseScope, today: string, forPage: boolean) {
  const rows = db.selectFrom('submissions as s').innerJoin('kiosks as k', 'k.id', 's.kiosk_id').select(ROW_COLUMNS);
  if (forPage) return rows.where(caseWhere(filter, scope, today, { forPage }));
  return rows.where('s.id', 'in', (eb) =>
    eb
      .selectFrom('submissions as s')
      .select('s.id')
      .where(caseWhere(filter, scope, today) as never),
  );
}

/**
 * One page of the case table: the rows of `query`'s filters within `scope`, sorted (ties broken
 * by id, the same way) and paged in the database, with the database's count of all of them.
 *
 * The count comes first and picks the plan. When many rows match (at least
 * `SORT_INDEX_MIN_MATCHES`), the rows are read along the sort's index, checking the filters on
 * the way and stopping after the page: about (offset + page size) × rows ÷ matches reads, never a
 * sort of every match. When few match, the filters' own indexes find them and the database sorts
 * those few. A due-date sort reads the cases with a due date first, then those without (last in
 * either direction, on both databases).
 */
export async function listCases(
  db: Database,
  query: CaseListQuery,
  scope: CaseScope,
  now: Date = new Date(),
  { sortIndexMinMatches = SORT_INDEX_MIN_MATCHES }: { sortIndexMinMatches?: number } = {},
): Promise<CaseListPage> {
  const today = isoDateInMongolia(now);
  const { sort, dir, page, pageSize, ...filter } = query;
  const offset = (page - 1) * pageSize;
  const ordered = (q: ReturnType<typeof rowsQuery>, columns: readonly string[]) => {
    let out = q;
    for (const c of columns) out = out.orderBy(sql.ref(`s.${c}`), dir);
    return out.orderBy('s.id', dir);
  };
  // A due-date sort also needs how many have a due date: counted in the same scan (only then, as
  // it needs the due date, which not every filter's index carries).
  const counted = await countWithDueDate(db, filter, scope, today, sort === 'dueDate');
  const total = counted.total;
  if (total <= offset) return { rows: [], total, page, pageSize };
  const forPage = total >= sortIndexMinMatches;
  let rows: RawRow[];
  if (sort !== 'dueDate') {
    rows = await ordered(rowsQuery(db, filter, scope, today, forPage), SORT_COLUMNS[sort])
      .limit(pageSize)
      .offset(offset)
      .execute();
  } else {
    // Dated rows first, then undated: each part counted, and read the way its own count calls for.
    const datedTotal = counted.dated;
    rows = [];
    if (offset < datedTotal) {
      const along = datedTotal >= sortIndexMinMatches;
      rows = await ordered(
        rowsQuery(db, filter, scope, today, along).where(
          // Indexable only when the due-date index is the one to read along.
          along ? sql.ref<string | null>('s.due_date') : sql<string | null>`(s.due_date || '')`,
          'is not',
          null,
        ),
        ['due_date'],
      )
        .limit(pageSize)
        .offset(offset)
        .execute();
    }
    if (rows.length < pageSize && total > datedTotal) {
      const undated = await ordered(
        rowsQuery(db, filter, scope, today, total - datedTotal >= sortIndexMinMatches).where(
          sql<string | null>`(s.due_date || '')`,
          'is',
          null,
        ),
        [],
      )
        .limit(pageSize - rows.length)
        .offset(Math.max(0, offset - datedTotal))
        .execute();
      rows = [...rows, ...undated];
    }
  }
  return { rows: rows.map((r) => toRow(r, today)), total, page, pageSize };
}

/** The database's count of the cases matching `filter` within `scope`, and if asked of those with a due date, in one scan. */
async function countWithDueDate(
  db: Database,
  filter: CaseFilter,
  scope: CaseScope,
  today: string,
  withDated: boolean,
): Promise<{ total: number; dated: number }> {
  const row = await db
    .selectFrom('submissions as s')
    .select((eb) => [
      eb.fn.countAll<number | string | bigint>().as('n'),
      (withDated ? eb.fn.count<number | string | bigint>('s.due_date') : sql<number>`0`).as('dated'),
    ])
    .where(caseWhere(filter, scope, today))
    .executeTakeFirstOrThrow();
  return { total: Number(row.n), dated: Number(row.dated) };
}

/** The database's count of the cases matching `filter` within `scope`. */
export async function countCases(
  db: Database,
  filter: CaseFilter,
  scope: CaseScope,
  now: Date = new Date(),
  { dated = false }: { dated?: boolean } = {},
): Promise<number> {
  const today = isoDateInMongolia(now);
  let query = db
    .selectFrom('submissions as s')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where(caseWhere(filter, scope, today));
  if (dated) query = query.where('s.due_date', 'is not', null);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every case matching `filter` within `scope`, in receipt order (id), read from the database
 * `chunk` rows at a time by id (keyset), so an export of a million rows never holds more than
 * one chunk in memory.
 */
export async function* iterateCases(
  db: Database,
  filter: CaseFilter,
  scope: CaseScope,
  { now = new Date(), chunk = 2000 }: { now?: Date; chunk?: number } = {},
): AsyncGenerator<CaseRow> {
  const today = isoDateInMongolia(now);
  let after = 0;
  for (;;) {
    const rows = await rowsQuery(db, filter, scope, today, false)
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(chunk)
      .execute();
    for (const r of rows) yield toRow(r, today);
    if (rows.length < chunk) return;
    after = rows[rows.length - 1]!.id;
  }
}
