import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petitionReportSchema, type ReportFigures } from '../../../src-shared/console/report-api.js';
import { publicPetitionReportSchema } from '../../../src-shared/schemas/petition-report.js';
import { signedContentPageSchema } from '../../../src-shared/protocol.js';
import { computeReport } from '../../../src-server/report/report-query.js';
import { publishPublicReport } from '../../../src-server/report/public-report.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs } from './console-helpers.js';
import { authHeaders, createTestServer, type TestServer } from './helpers.js';
import { REPORT_FROM, REPORT_NOW, REPORT_TO, seedReportFixture } from './report-fixture.js';

/**
 * Every figure below was counted by hand from `report-fixture.ts` (P1…P11, judged on MN
 * 2026-12-03, range MN 2026-10-01 … 2026-11-30). Runs on SQLite, and on PostgreSQL under
 * `npm run test:pg`: the same numbers from both databases' SQL.
 *
 * In the range: P1–P7, P10, P11 (9 petitions; P8 and P9 are one instant outside each end).
 * Closed: P1 (10 days, on time), P2 (30, on time: closed on the due day), P3 (31, late),
 *         P6 (5, on time), P11 (1, on time) → closed 5, closed on time 4.
 * Open: P4 (due 11-19: overdue; received 10-20 < 11-03: backlog), P5 (not overdue; received
 *       11-03: exactly 30 days, not backlog), P7 (neither), P10 (due 12-01: overdue; backlog)
 *       → open 4, overdue 2, backlog 2.
 * On-time rate = 4 / (5 + 2) = 0.571428…
 * Days to close, sorted: 1, 5, 10, 30, 31 (n = 5).
 *   median: h = (5 − 1)·0.5 = 2 → the value at rank 2 = 10.
 *   p90:    h = (5 − 1)·0.9 = 3.6 → 30 + 0.6·(31 − 30) = 30.6.
 */
const fig = (
  total: number,
  open: number,
  closed: number,
  closedOnTime: number,
  openOverdue: number,
  backlogOver30Days: number,
  onTimeRate: number | null,
): ReportFigures => ({ total, open, closed, closedOnTime, openOverdue, backlogOver30Days, onTimeRate });

/** The counts exactly, the rate to ten decimals (each database divides in double precision). */
function expectFigures(actual: ReportFigures, expected: ReportFigures) {
  const { onTimeRate, ...counts } = expected;
  const actualCounts = Object.fromEntries(Object.keys(counts).map((k) => [k, actual[k as keyof ReportFigures]]));
  expect(actualCounts).toEqual(counts);
  if (onTimeRate === null) expect(actual.onTimeRate).toBeNull();
  else expect(actual.onTimeRate).toBeCloseTo(onTimeRate, 10);
}

describe('the 11-11 report, computed by the database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await createTestServer({ now: () => REPORT_NOW });
    await seedReportFixture(server.db);
    for (const op of Object.values(OPERATORS_BY_ROLE)) await addTestOperator(server.db, op);
  });
  afterAll(() => server.close());

  it('counts the whole country by hand-checked figures', async () => {
    const report = await computeReport(server.db, { from: REPORT_FROM, to: REPORT_TO, aimagCode: null }, REPORT_NOW);
    expect(petitionReportSchema.parse(report)).toEqual(report);
    expect(report.asOf).toBe('2026-12-03');
    // total 9, open 4, closed 5, on time 4, overdue 2, backlog 2, rate 4/7 (see above).
    expectFigures(report.summary, fig(9, 4, 5, 4, 2, 2, 4 / 7));
    expect(report.summary.medianDaysToClose).toBeCloseTo(10, 10);
    expect(report.summary.p90DaysToClose).toBeCloseTo(30.6, 10);

    // By category (largest first, then by code):
    // complaint P1 P2 P6 P7 P10: closed P1 P2 P6 (all on time), open P7 P10, P10 overdue+backlog → 3/(3+1)
    // petition  P3 P4: closed P3 (late), open P4 (overdue, backlog) → 0/(1+1) = 0
    // gratitude P11: closed on time → 1/1; suggestion P5: open, nothing judged → null
    const categories = report.byCategory;
    expect(categories.map((r) => r.key)).toEqual(['complaint', 'petition', 'gratitude', 'suggestion']);
    expectFigures(categories[0]!, fig(5, 2, 3, 3, 1, 1, 0.75));
    expectFigures(categories[1]!, fig(2, 1, 1, 0, 1, 1, 0));
    expectFigures(categories[2]!, fig(1, 0, 1, 1, 0, 0, 1));
    expectFigures(categories[3]!, fig(1, 1, 0, 0, 0, 0, null));

    // By agency (3 each, so by code; '' = not forwarded):
    // ''                 P4 P5 P11: closed P11 on time; open P4 (overdue, backlog), P5 → 1/(1+1)
    // police             P3 P6 P7: closed P3 late, P6 on time; open P7 → 1/2
    // state-registration P1 P2 P10: closed P1 P2 on time; open P10 (overdue, backlog) → 2/3
    expect(report.byAgency.map((r) => r.key)).toEqual(['', 'police', 'state-registration']);
    expectFigures(report.byAgency[0]!, fig(3, 2, 1, 1, 1, 1, 0.5));
    expectFigures(report.byAgency[1]!, fig(3, 1, 2, 1, 0, 0, 0.5));
    expectFigures(report.byAgency[2]!, fig(3, 1, 2, 2, 1, 1, 2 / 3));

    // By aimag: 65 = P1 P2 P10 P3 P4 P11 (closed P1 P2 P11 on time, P3 late; open P4 P10 overdue+backlog) → 3/6
    //           83 = P5 P6 (P6 on time; P5 open) → 1/1;  '' = P7 (open) → null
    expect(report.byAimag.map((r) => r.key)).toEqual(['65', '83', '']);
    expectFigures(report.byAimag[0]!, fig(6, 2, 4, 3, 2, 2, 0.5));
    expectFigures(report.byAimag[1]!, fig(2, 1, 1, 1, 0, 0, 1));
    expectFigures(report.byAimag[2]!, fig(1, 1, 0, 0, 0, 0, null));

    // By soum: 6501 = P1 P2 P10 → 2/(2+1); 6503 = P3 P4 P11 → 1/(2+1); 8301 = P5 P6 → 1/1; none = P7.
    expect(report.bySoum.map((r) => `${r.aimagCode}:${r.key}`)).toEqual(['65:6501', '65:6503', '83:8301', ':']);
    expectFigures(report.bySoum[0]!, fig(3, 1, 2, 2, 1, 1, 2 / 3));
    expectFigures(report.bySoum[1]!, fig(3, 1, 2, 1, 1, 1, 1 / 3));
    expectFigures(report.bySoum[2]!, fig(2, 1, 1, 1, 0, 0, 1));
    expectFigures(report.bySoum[3]!, fig(1, 1, 0, 0, 0, 0, null));

    // By channel: kiosk = P1 P2 P4 P6 P7 P10 P11 (closed P1 P2 P6 P11 on time; open P4 P7 P10,
    // overdue+backlog P4 P10) → 4/(4+2); assisted = P3 (late) → 0/1; library = P5 (open) → null.
    expect(report.byChannel.map((r) => r.key)).toEqual(['kiosk', 'assisted', 'library']);
    expectFigures(report.byChannel[0]!, fig(7, 3, 4, 4, 2, 2, 4 / 6));
    expectFigures(report.byChannel[1]!, fig(1, 0, 1, 0, 0, 0, 0));
    expectFigures(report.byChannel[2]!, fig(1, 1, 0, 0, 0, 0, null));

    // Comments on test-law in the range (the one of MN 12-02 is outside): the whole law 1
    // neutral; article 1: 1 for; article 2: 1 for, 1 against.
    expect(report.lawComments).toEqual([
      { lawId: 'test-law', article: null, total: 1, for: 0, against: 0, neutral: 1 },
      { lawId: 'test-law', article: 1, total: 1, for: 1, against: 0, neutral: 0 },
      { lawId: 'test-law', article: 2, total: 2, for: 1, against: 1, neutral: 0 },
    ]);
  });

  it('narrows to one aimag, with its own median and percentile', async () => {
    const report = await computeReport(server.db, { from: REPORT_FROM, to: REPORT_TO, aimagCode: '65' }, REPORT_NOW);
    // Arkhangai: the by-aimag row for 65 above.
    expectFigures(report.summary, fig(6, 2, 4, 3, 2, 2, 0.5));
    // Days to close at 65: P11 1, P1 10, P2 30, P3 31 (n = 4).
    // median: h = 3·0.5 = 1.5 → 10 + 0.5·(30 − 10) = 20;  p90: h = 3·0.9 = 2.7 → 30 + 0.7·(31 − 30) = 30.7.
    expect(report.summary.medianDaysToClose).toBeCloseTo(20, 10);
    expect(report.summary.p90DaysToClose).toBeCloseTo(30.7, 10);
    expect(report.byAimag.map((r) => r.key)).toEqual(['65']);
    expect(report.lawComments).toEqual([
      { lawId: 'test-law', article: 1, total: 1, for: 1, against: 0, neutral: 0 },
      { lawId: 'test-law', article: 2, total: 2, for: 1, against: 1, neutral: 0 },
    ]);
  });

  it('has no median when nothing was closed, and counts nothing in an empty range', async () => {
    const report = await computeReport(
      server.db,
      { from: '2025-01-01', to: '2025-01-31', aimagCode: null },
      REPORT_NOW,
    );
    expectFigures(report.summary, fig(0, 0, 0, 0, 0, 0, null));
    expect(report.summary.medianDaysToClose).toBeNull();
    expect(report.summary.p90DaysToClose).toBeNull();
    expect(report.byCategory).toEqual([]);
  });

  it('serves the report and each table as CSV to an administrator', async () => {
    const admin = await signInAs(server.app, 'admin');
    const url = `/console/api/report?from=${REPORT_FROM}&to=${REPORT_TO}`;
    const res = await server.app.inject({ method: 'GET', url, headers: admin.headers() });
    expect(res.statusCode, res.body).toBe(200);
    const report = petitionReportSchema.parse(res.json());
    expect(report.summary.total).toBe(9);
    expect(report.summary.p90DaysToClose).toBeCloseTo(30.6, 10);

    const csv = await server.app.inject({
      method: 'GET',
      url: `${url}&format=csv&table=by-aimag`,
      headers: admin.headers(),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFАймаг (aimag),Нэр (name),Нийт (total)')).toBe(true);
    // 65 Arkhangai: 6 total, 2 open, 4 closed, 3 on time, 2 overdue, 2 backlog, 50%.
    expect(lines[1]).toBe('65,Архангай,6,2,4,3,2,2,50');
    expect(lines[2]).toBe('83,Баян-Өлгий,2,1,1,1,0,0,100');
    expect(lines[3]).toBe(',,1,1,0,0,0,0,');

    const summary = await server.app.inject({
      method: 'GET',
      url: `${url}&format=csv&table=summary`,
      headers: admin.headers(),
    });
    // 4/7 = 57.1 %, median 10, p90 30.6.
    expect(summary.body.split('\r\n')[1]).toMatch(/^2026-10-01,2026-11-30,,2026-12-03,9,4,5,4,2,2,57\.1,10,30\.6\d*$/);
    const category = await server.app.inject({
      method: 'GET',
      url: `${url}&format=csv&table=by-category`,
      headers: admin.headers(),
    });
    expect(category.body.split('\r\n')[1]).toMatch(/^complaint,[^,]+,5,2,3,3,1,1,75$/);

    const exports = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.export').execute();
    expect(exports.map((e) => e.target)).toEqual(['by-aimag', 'summary', 'by-category']);
  });

  it('holds an aimag operator to its aimag, and refuses bad queries with a reason', async () => {
    const arkhangai = await signInAs(server.app, 'arkhangai');
    const own = await server.app.inject({
      method: 'GET',
      url: `/console/api/report?from=${REPORT_FROM}&to=${REPORT_TO}`,
      headers: arkhangai.headers(),
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ aimag: '65', summary: { total: 6 } });
    const other = await server.app.inject({
      method: 'GET',
      url: `/console/api/report?from=${REPORT_FROM}&to=${REPORT_TO}&aimag=83`,
      headers: arkhangai.headers(),
    });
    expect(other.statusCode).toBe(403);

    const admin = await signInAs(server.app, 'admin');
    for (const [query, words] of [
      ['from=2026-11-30&to=2026-10-01', 'before'],
      ['from=2026-10-01', 'to'],
      ['from=2026-10-01&to=2026-10-31&format=csv', 'table'],
      ['from=2026-13-01&to=2026-10-31', 'from'],
      ['from=2026-10-01&to=2026-10-31&aimag=99', 'aimag'],
    ] as const) {
      const res = await server.app.inject({
        method: 'GET',
        url: `/console/api/report?${query}`,
        headers: admin.headers(),
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toContain(words);
    }
  });

  it('publishes the public part to kiosks as signed content, only counts and rates', async () => {
    const admin = await signInAs(server.app, 'admin');
    const res = await server.app.inject({
      method: 'POST',
      url: '/console/api/report/public',
      headers: admin.headers(true),
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<{ published: boolean; seq: number; from: string; to: string }>();
    // The last 365 days up to MN 2026-12-03: from 2025-12-04. P8 and P9 are inside this one.
    expect(answer).toMatchObject({ published: true, from: '2025-12-04', to: '2026-12-03' });
    const again = await publishPublicReport(server.db, REPORT_NOW);
    expect(again.change).toBeNull();

    const page = await server.app.inject({
      method: 'GET',
      url: `/api/v1/content/changes?after=${answer.seq - 1}`,
      headers: authHeaders(),
    });
    const signed = signedContentPageSchema.parse(page.json());
    const change = signed.page.changes.find((c) => c.type === 'petition-report');
    const entity = publicPetitionReportSchema.parse(change?.data);
    // All 11 petitions: P8 (65, open, due 12-31) and P9 (65, closed on time) join the 9 above.
    // National: closed 6, on time 5, overdue 2 → 5/8. Arkhangai: 8 petitions, closed 5, on time 4, overdue 2 → 4/7.
    expect(entity.national).toEqual({ total: 11, closed: 6, closedOnTime: 5, openOverdue: 2, onTimeRate: 5 / 8 });
    expect(entity.aimags.map((a) => a.aimagCode)).toEqual(['65', '83']);
    expect(entity.aimags[0]).toMatchObject({ total: 8, closed: 5, closedOnTime: 4, openOverdue: 2 });
    expect(entity.aimags[0]!.onTimeRate).toBeCloseTo(4 / 7, 10);
    expect(JSON.stringify(entity)).not.toMatch(/6501-|police|state-registration/);
    const audit = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'report.publish_public')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
