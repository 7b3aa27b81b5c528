import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CaseListPage, CaseListQuery, CaseRow, CaseSort } from '../../src-shared/console/cases-api.js';
import { addDays, isoDateInMongolia } from '../../src-shared/format.js';
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

/** The start of a day in Mongolia (UTC+8, no daylight saving), as the ISO time stored in `received_at`. */
function mongoliaDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

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

/** The WHERE of a filter and scope, on `submissions as s`; `today` is the date in Ulaanbaatar. */
export function caseWhere(filter: CaseFilter, scope: CaseScope, today: string) {
  return (eb: Eb): Expression<SqlBool> => {
    const and: Expression<SqlBool>[] = [];
    const kiosksWhere = (column: 'aimag_code' | 'soum_code' | 'kiosk_code', value: string) =>
      eb('s.kiosk_id', 'in', eb.selectFrom('kiosks').select('kiosks.id').where(`kiosks.${column}`, '=', value));
    if (scope.aimagCode !== null) and.push(kiosksWhere('aimag_code', scope.aimagCode));
    if (scope.agencyId !== null) and.push(eb('s.agency_id', '=', scope.agencyId));
    if (filter.kind) and.push(eb('s.kind', 'in', filter.kind));
    if (filter.status) and.push(eb('s.status', 'in', filter.status));
    if (filter.category) and.push(eb('s.petition_category', 'in', filter.category));
    if (filter.service !== undefined) and.push(eb('s.service_id', '=', filter.service));
    if (filter.channel) and.push(eb('s.channel', 'in', filter.channel));
    if (filter.agency !== undefined) and.push(eb('s.agency_id', '=', filter.agency));
    if (filter.aimag !== undefined) and.push(kiosksWhere('aimag_code', filter.aimag));
    if (filter.soum !== undefined) and.push(kiosksWhere('soum_code', filter.soum));
    if (filter.kiosk !== undefined) and.push(kiosksWhere('kiosk_code', filter.kiosk));
    if (filter.from !== undefined) and.push(eb('s.received_at', '>=', mongoliaDayStart(filter.from)));
    if (filter.to !== undefined) and.push(eb('s.received_at', '<', mongoliaDayStart(addDays(filter.to, 1))));
    if (filter.overdue === true) {
      and.push(eb('s.status', 'in', OPEN_STATUSES), eb('s.due_date', '<', today));
    } else if (filter.overdue === false) {
      and.push(
        eb.or([eb('s.status', 'not in', OPEN_STATUSES), eb('s.due_date', 'is', null), eb('s.due_date', '>=', today)]),
      );
    }
    if (filter.dueWithinDays !== undefined) {
      and.push(
        eb('s.status', 'in', OPEN_STATUSES),
        eb('s.due_date', '>=', today),
        eb('s.due_date', '<=', addDays(today, filter.dueWithinDays)),
      );
    }
    if (filter.q !== undefined) {
      const q = filter.q;
      const upper = q.toUpperCase();
      const patterns = spellings(q).map(containsPattern);
      and.push(
        eb.or([
          eb('s.tracking_no', '=', upper),
          eb(
            sql<string>`s.tracking_no`,
            'like',
            sql<string>`${`${upper.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
          ),
          eb('s.staff_id', '=', q),
          eb('s.service_id', '=', q),
          eb.exists(
            eb
              .selectFrom('law_comments as lc')
              .select(sql`1`.as('one'))
              .whereRef('lc.submission_id', '=', 's.id')
              .where((inner) =>
                inner.or(patterns.map((p) => inner(sql<string>`lc.text`, 'like', sql<string>`${p} escape '\\'`))),
              ),
          ),
        ]),
      );
    }
    return eb.and(and);
  };
}

const SORT_COLUMNS: Record<CaseSort, string> = {
  receivedAt: 'received_at',
  createdAt: 'created_at',
  dueDate: 'due_date',
  statusAt: 'status_at',
  status: 'status',
  kind: 'kind',
  trackingNo: 'tracking_no',
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

function rowsQuery(db: Database, filter: CaseFilter, scope: CaseScope, today: string) {
  return db
    .selectFrom('submissions as s')
    .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
    .select(ROW_COLUMNS)
    .where(caseWhere(filter, scope, today));
}

/**
 * One page of the case table: the rows of `query`'s filters within `scope`, sorted (ties broken
 * by id, the same way) and paged in the database, with the database's count of all of them.
 * Rows without a due date come last in a due-date sort, on both databases.
 */
export async function listCases(
  db: Database,
  query: CaseListQuery,
  scope: CaseScope,
  now: Date = new Date(),
): Promise<CaseListPage> {
  const today = isoDateInMongolia(now);
  const { sort, dir, page, pageSize, ...filter } = query;
  const column = SORT_COLUMNS[sort];
  const direction = dir === 'asc' ? sql`asc` : sql`desc`;
  const nulls = sort === 'dueDate' ? sql` nulls last` : sql``;
  const [rows, count] = await Promise.all([
    rowsQuery(db, filter, scope, today)
      .orderBy(sql`${sql.ref(`s.${column}`)} ${direction}${nulls}`)
      .orderBy(sql`s.id ${direction}`)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    countCases(db, filter, scope, now),
  ]);
  return { rows: rows.map((r) => toRow(r, today)), total: count, page, pageSize };
}

/** The database's count of the cases matching `filter` within `scope`. */
export async function countCases(
  db: Database,
  filter: CaseFilter,
  scope: CaseScope,
  now: Date = new Date(),
): Promise<number> {
  const today = isoDateInMongolia(now);
  const row = await db
    .selectFrom('submissions as s')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where(caseWhere(filter, scope, today))
    .executeTakeFirstOrThrow();
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
    const rows = await rowsQuery(db, filter, scope, today)
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(chunk)
      .execute();
    for (const r of rows) yield toRow(r, today);
    if (rows.length < chunk) return;
    after = rows[rows.length - 1]!.id;
  }
}
