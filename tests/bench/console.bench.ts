// The console's case table on a national year: 1,000,000 submissions in SQLite.
//
// Seeds a fresh, migrated SQLite database in bulk (one INSERT … SELECT over a recursive CTE: no
// row passes through JavaScript) with a realistic mix: 300 kiosks over the capital and the 21
// aimags; half petitions (five categories), then service applications, law comments and
// ratings; most via the kiosk alone, some assisted or at a library; statuses from received to
// answered, with due dates a month after receipt (two months for suggestions), over two years.
// Then times 60 table pages (filters, sorts, scopes, paging; each = the page's rows + the
// database's count for the same filter, as the console asks) through `listCases`.
//
// page_p95_ms  95th percentile of a page (rows + total); target ≤ 200
// report_ms    the full 11-11 report over the two years (computeReport of src-server/report,
//              which first brings the report's facts up to the latest status change); target ≤ 2000
// facts_ms     building the report's facts from nothing for every seeded petition (what the
//              first refresh after migration 0009 does once; a running server then keeps them
//              up to date every minute and before each report), done before report_ms is timed
// page_cpu_p95_ms, report_cpu_ms  the same in this process's CPU time (user + system): what the
//              machine's other work does not inflate (on a shared machine the wall times above
//              include waiting for a core), though it leaves out waiting for the disk
// load         the machine's 1-minute load average at the end (the figures depend on it)
//
// CONSOLE_ROWS makes a smaller run; CONSOLE_DB=path keeps the seeded SQLite file there and
// reuses it on the next run (migrated to the latest first), to iterate without seeding again.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type RawBuilder } from 'kysely';
import type { CaseListQueryInput } from '../../src-shared/console/cases-api.js';
import { caseListQuerySchema } from '../../src-shared/console/cases-api.js';
import { listCases, UNSCOPED, type CaseScope } from '../../src-server/cases/case-query.js';
import { createDatabase, type Database } from '../../src-server/db/database.js';
import { migrateToLatest } from '../../src-server/db/migrate.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import { computeReport } from '../../src-server/report/report-query.js';
import { refreshReportFacts } from '../../src-server/report/report-facts.js';
import { createFreshDatabase } from '../support/test-database.js';
import { percentile } from './support/report.js';

const ROWS = Number(process.env.CONSOLE_ROWS ?? 1_000_000);
const KIOSKS = 300;
/** 2026-12-05 in Ulaanbaatar: the seeded years run to about here. */
const NOW = new Date('2026-12-05T04:00:00.000Z');
const START_EPOCH = Date.parse('2025-01-01T00:00:00.000Z') / 1000;
/** Seconds between two receipts, so ROWS span about two years. */
const STEP = Math.max(1, Math.floor((2 * 365 * 86_400) / ROWS));

/**
 * Runs raw SQL on the server's database handle. The tests resolve `kysely` to its CommonJS types
 * and src-server to its ES module types: the same runtime object, two type copies.
 */
function run(db: Database, query: RawBuilder<unknown>) {
  return query.execute(db as unknown as Parameters<typeof query.execute>[0]);
}

async function seed(db: Database): Promise<void> {
  const aimags = Object.keys(AIMAGS);
  // Bulk load without the submissions indexes, then build each once (a sort, not a million inserts).
  const indexes = await run(
    db,
    sql`select name, sql from sqlite_master where type = 'index' and tbl_name = 'submissions' and sql is not null`,
  );
  const definitions = indexes.rows as { name: string; sql: string }[];
  for (const index of definitions) await run(db, sql`drop index ${sql.id(index.name)}`);
  // Kiosks: codes 1000…, spread over the aimags, soum = aimag + 01/04/07/10.
  await run(
    db,
    sql`
    with recursive k(i) as (select 0 union all select i + 1 from k where i < ${sql.lit(KIOSKS - 1)})
    insert into kiosks (kiosk_code, credential_hash, name, created_at, aimag_code, soum_code)
    select cast(1000 + i as text), 'bench-' || i, '{"mn":"ТҮЦ ' || i || '"}', '2024-12-01T00:00:00.000Z',
      json_extract(${JSON.stringify(aimags)}, '$[' || (i % ${sql.lit(aimags.length)}) || ']'),
      json_extract(${JSON.stringify(aimags)}, '$[' || (i % ${sql.lit(aimags.length)}) || ']')
        || substr('01040710', 1 + 2 * ((i / ${sql.lit(aimags.length)}) % 4), 2)
    from k
  `,
  );
  // h: a cheap well-mixed hash of i (Knuth's multiplicative), for every random choice.
  await run(
    db,
    sql`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(ROWS)}),
    r as (
      select i, (i * 2654435761) % 4294967296 as h, ${sql.lit(START_EPOCH)} + i * ${sql.lit(STEP)} as t from n
    ),
    c as (
      select i, h, t,
        case when h % 10 < 5 then 'petition' when h % 10 < 8 then 'service_application'
             when h % 10 = 8 then 'law_comment' else 'service_feedback' end as kind,
        (h / 10) % 100 as s,
        1 + (h / 1000) % ${sql.lit(KIOSKS)} as kiosk
      from r
    )
    insert into submissions (
      idempotency_key, body_hash, kiosk_id, tracking_no, kind, channel, staff_id, lang, created_at,
      service_id, form_id, form_version, petition_category, law_id, law_version, article_number, stance, rating,
      body, status, status_at, due_date, initial_due_date, received_at, agency_id
    )
    select
      'bench-' || i, 'h', kiosk, cast(999 + kiosk as text) || '-' || i, kind,
      case when s < 80 then 'kiosk' when s < 92 then 'assisted' else 'library' end,
      case when s >= 80 and s < 92 then 'staff-' || (h % 40) end,
      case when h % 7 = 0 then 'kk' else 'mn' end,
      strftime('%Y-%m-%dT%H:%M:%fZ', t - 600, 'unixepoch'),
      case when kind <> 'petition' and kind <> 'law_comment' then 'service-' || (h / 7 % 8) end,
      case when kind = 'service_application' then 'form-' || (h / 7 % 8) end,
      case when kind = 'service_application' then 1 end,
      case when kind = 'petition' then
        case (h / 100000) % 5 when 0 then 'petition' when 1 then 'complaint' when 2 then 'suggestion'
          when 3 then 'criticism' else 'gratitude' end end,
      case when kind = 'law_comment' then 'law-' || (h % 3) end,
      case when kind = 'law_comment' then 1 end,
      case when kind = 'law_comment' then 1 + h % 20 end,
      case when kind = 'law_comment' then case h % 3 when 0 then 'for' when 1 then 'against' else 'neutral' end end,
      case when kind = 'service_feedback' then 1 + h % 5 end,
      '{}',
      -- Older cases are mostly decided; the last two months are mostly open.
      case
        when t > ${sql.lit(NOW.getTime() / 1000 - 60 * 86_400)} and s < 70 then
          case s % 4 when 0 then 'received' when 1 then 'forwarded' when 2 then 'in_progress' else 'extended' end
        when s < 6 then 'received' when s < 10 then 'forwarded' when s < 13 then 'in_progress'
        when s < 15 then 'extended' when s < 75 then 'answered' when s < 92 then 'resolved' else 'returned' end,
      strftime('%Y-%m-%dT%H:%M:%fZ', t + (h % 40) * 86400, 'unixepoch'),
      case when kind = 'petition' then
        date(t + 8 * 3600, 'unixepoch', case when (h / 100000) % 5 = 2 then '+60 days' else '+30 days' end) end,
      case when kind = 'petition' then
        date(t + 8 * 3600, 'unixepoch', case when (h / 100000) % 5 = 2 then '+60 days' else '+30 days' end) end,
      strftime('%Y-%m-%dT%H:%M:%fZ', t, 'unixepoch'),
      case when kind = 'petition' and s % 3 = 0 then
        case (h / 300) % 4 when 0 then 'state-registration' when 1 then 'police' when 2 then 'taxation'
          else 'soum-governor' end end
    from c
  `,
  );
  for (const index of definitions) await run(db, sql.raw(index.sql));
  // The comments' opened text, as acceptance stores it: what free text searches besides numbers.
  await run(
    db,
    sql`insert into law_comments (submission_id, text)
      select id, case id % 4 when 0 then 'Газар өмчлөлийн ' || id || '-р зүйлийг дэмжиж байна.'
        when 1 then 'Торгуулийн хэмжээ хэт өндөр.' when 2 then 'Жер туралы бапты қолдаймын.'
        else 'Хугацааг 30 хоног болгох хэрэгтэй.' end
      from submissions where kind = 'law_comment'`,
  );
  await run(db, sql`analyze`);
}

/** The pages timed: what operators ask for, the filters alone and combined, in each sort. */
function pages(): { query: CaseListQueryInput; scope: CaseScope }[] {
  const list: { query: CaseListQueryInput; scope: CaseScope }[] = [];
  const sorts = ['receivedAt', 'dueDate', 'status', 'kind', 'trackingNo'] as const;
  const filters: CaseListQueryInput[] = [
    {},
    { kind: ['petition'] },
    { status: ['received'] },
    { status: ['received', 'forwarded', 'in_progress'] },
    { overdue: true },
    { dueWithinDays: 7 },
    { kind: ['petition'], category: ['complaint'] },
    { aimag: '65' },
    { aimag: '11', kind: ['petition'], overdue: true },
    { channel: ['assisted'] },
    { channel: ['library'], kind: ['petition'] },
    { from: '2026-11-01', to: '2026-11-30' },
    { service: 'service-3' },
    { kiosk: '1042' },
    { soum: '6504' },
    { agency: 'police', status: ['forwarded'] },
    { q: '1042-' },
    { q: '1042-555' },
    { q: 'газар' },
  ];
  let k = 0;
  for (const filter of filters) {
    for (let j = 0; j < 3; j++) {
      const sort = sorts[k++ % sorts.length]!;
      list.push({
        query: { ...filter, sort, dir: j % 2 === 0 ? 'desc' : 'asc', page: 1 + j, pageSize: 50 },
        scope: UNSCOPED,
      });
    }
  }
  // Scoped: an aimag operator's and an agency handler's usual views.
  list.push({ query: { overdue: true, sort: 'dueDate', dir: 'asc' }, scope: { aimagCode: '83', agencyId: null } });
  list.push({ query: { sort: 'receivedAt' }, scope: { aimagCode: '83', agencyId: null } });
  list.push({ query: { sort: 'dueDate', dir: 'asc' }, scope: { aimagCode: null, agencyId: 'state-registration' } });
  list.push({ query: { status: ['forwarded'] }, scope: { aimagCode: null, agencyId: 'police' } });
  return list;
}

/** Milliseconds of this process's CPU time (user + system) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function timeReport(db: Database): Promise<{ ms: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await computeReport(db, { from: '2025-01-01', to: '2026-12-05', aimagCode: null }, NOW);
  return { ms: performance.now() - t0, cpu: cpuMs(c0) };
}

async function main(): Promise<void> {
  const kept = process.env.CONSOLE_DB;
  const fresh = kept ? null : await createFreshDatabase({ prefix: 'tsonkh-console-bench-', dialect: 'sqlite' });
  const reuse = kept !== undefined && existsSync(kept);
  const db = createDatabase(fresh?.target ?? { kind: 'sqlite', path: kept! });
  try {
    await migrateToLatest(db);
    const s0 = performance.now();
    if (!reuse) await seed(db);
    const count = await db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `${reuse ? 'reused' : 'seeded'} ${count.n} submissions in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
    );
    const f0 = performance.now();
    const facts = await refreshReportFacts(db);
    const factsMs = performance.now() - f0;
    console.log(`report facts: ${facts.petitions} petitions derived in ${factsMs.toFixed(0)} ms`);

    const timings: number[] = [];
    const cpuTimings: number[] = [];
    const slow: string[] = [];
    // One warm-up page (the first read of a cold file is the disk, not the query).
    await listCases(db, caseListQuerySchema.parse({}), UNSCOPED, NOW);
    for (const { query, scope } of pages()) {
      const parsed = caseListQuerySchema.parse(query);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const page = await listCases(db, parsed, scope, NOW);
      const ms = performance.now() - t0;
      timings.push(ms);
      cpuTimings.push(cpuMs(c0));
      if (ms > 200)
        slow.push(
          `${ms.toFixed(0)} ms (cpu ${cpuTimings.at(-1)!.toFixed(0)}) total=${page.total} ${JSON.stringify(query)} ${JSON.stringify(scope)}`,
        );
    }
    for (const line of slow) console.log(`slow page: ${line}`);
    const p95 = percentile(timings, 95);
    console.log(
      `pages=${timings.length} p50_ms=${percentile(timings, 50).toFixed(1)} max_ms=${Math.max(...timings).toFixed(1)}`,
    );
    const report = await timeReport(db);
    console.log(
      `BENCH console page_p95_ms=${p95.toFixed(1)} report_ms=${report.ms.toFixed(0)} rows=${count.n} ` +
        `page_cpu_p95_ms=${percentile(cpuTimings, 95).toFixed(1)} report_cpu_ms=${report.cpu.toFixed(0)} ` +
        `facts_ms=${factsMs.toFixed(0)} load=${loadavg()[0]!.toFixed(2)} target=page_p95_ms<=200,report_ms<=2000`,
    );
  } finally {
    await db.destroy();
    await fresh?.drop();
  }
}

await main();
