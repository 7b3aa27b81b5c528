import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PetitionReport } from '../../../src-shared/console/report-api.js';
import { addDays } from '../../../src-shared/format.js';
import { performCaseAction, type CaseActor } from '../../../src-server/cases/case-actions.js';
import type { Database } from '../../../src-server/db/database.js';
import type { NewSubmission } from '../../../src-server/db/schema.js';
import { refreshReportFacts } from '../../../src-server/report/report-facts.js';
import { computeReport, type ReportRange } from '../../../src-server/report/report-query.js';
import { addTestOperator, OPERATORS_BY_ROLE } from './console-helpers.js';
import { openTestDatabase, type TestDatabase } from './helpers.js';
import { computeReportDirect } from './report-direct.js';

/**
 * The report's facts (`report_petitions`, kept from the status-change log) against the report
 * computed straight from `submissions` (report-direct.ts, the SQL as it was before the facts):
 * on a random-ish dataset (a fixed seed), then as cases are forwarded, taken, extended, answered
 * and returned through the console's actions, as new petitions arrive, as a kiosk moves, and as
 * the day the report is judged on moves. Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
 */

/** mulberry32: a small seeded generator, so the dataset is the same on every run and database. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KIOSKS = [
  { code: '6501', aimag: '65', soum: '6501' },
  { code: '6504', aimag: '65', soum: '6504' },
  { code: '8301', aimag: '83', soum: '8301' },
  { code: '1101', aimag: '11', soum: '1101' },
  { code: '1104', aimag: '11', soum: '1104' },
  { code: '9999', aimag: null, soum: null },
] as const;
const CATEGORIES = ['petition', 'complaint', 'suggestion', 'criticism', 'gratitude'];
const AGENCIES = [null, null, 'state-registration', 'police', 'taxation'];
const CHANNELS = ['kiosk', 'kiosk', 'kiosk', 'assisted', 'library'];
const STATUSES = ['received', 'forwarded', 'in_progress', 'extended', 'answered', 'resolved', 'returned', 'answered'];
const DAY_MS = 86_400_000;
const FIRST = Date.parse('2026-06-01T00:00:00.000Z');

let test: TestDatabase;
let db: Database;
let actor: CaseActor;
const kioskIds: number[] = [];
let serial = 0;
const random = generator(1111);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A petition (or another kind) as the kiosk sent it, with its 'received' change, as the writer stores one. */
async function addSubmission(receivedMs: number, kind = 'petition', withChange = true): Promise<number> {
  serial += 1;
  const kiosk = Math.floor(random() * KIOSKS.length);
  const receivedAt = new Date(receivedMs).toISOString();
  const mnDay = new Date(receivedMs + 8 * 3_600_000).toISOString().slice(0, 10);
  const category = pick(CATEGORIES);
  const dueDate = kind === 'petition' ? addDays(mnDay, category === 'suggestion' ? 60 : 30) : null;
  const row: NewSubmission = {
    idempotency_key: `facts-${serial}`,
    body_hash: 'h',
    kiosk_id: kioskIds[kiosk]!,
    tracking_no: `${KIOSKS[kiosk]!.code}-${String(serial).padStart(6, '0')}-1`,
    kind,
    channel: pick(CHANNELS),
    staff_id: null,
    lang: 'mn',
    created_at: receivedAt,
    service_id: kind === 'service_application' ? 'service-1' : null,
    form_id: null,
    form_version: null,
    petition_category: kind === 'petition' ? category : null,
    law_id: kind === 'law_comment' ? 'law-1' : null,
    law_version: kind === 'law_comment' ? 1 : null,
    article_number: kind === 'law_comment' ? 1 + Math.floor(random() * 3) : null,
    stance: kind === 'law_comment' ? pick(['for', 'against', 'neutral']) : null,
    rating: null,
    body: '{}',
    status: 'received',
    status_at: receivedAt,
    due_date: dueDate,
    initial_due_date: dueDate,
    received_at: receivedAt,
    agency_id: null,
  };
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('submissions').values(row).returning('id').executeTakeFirstOrThrow();
    if (!withChange) return id;
    await trx
      .insertInto('status_changes')
      .values({
        submission_id: id,
        kiosk_id: row.kiosk_id,
        status: 'received',
        due_date: dueDate,
        note: null,
        at: receivedAt,
      })
      .execute();
    return id;
  });
}

/** Where a case stands now, decided outright in the rows (as older data, or a CLI, leaves it). */
async function setState(id: number, receivedMs: number): Promise<void> {
  const status = pick(STATUSES);
  if (status === 'received') return;
  const at = new Date(receivedMs + Math.floor(random() * 75 * DAY_MS) + Math.floor(random() * DAY_MS));
  const row = await db
    .selectFrom('submissions')
    .select(['kiosk_id', 'due_date'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const dueDate = status === 'extended' && row.due_date ? addDays(row.due_date, 30) : row.due_date;
  const agency = status === 'received' ? null : pick(AGENCIES);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('submissions')
      .set({ status, status_at: at.toISOString(), due_date: dueDate, agency_id: agency })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('status_changes')
      .values({
        submission_id: id,
        kiosk_id: row.kiosk_id,
        status,
        due_date: dueDate,
        note: null,
        at: at.toISOString(),
      })
      .execute();
  });
}

const NOWS = [
  new Date('2026-12-03T04:00:00.000Z'),
  new Date('2026-09-15T20:00:00.000Z'),
  new Date('2027-02-01T00:00:00.000Z'),
];
const RANGES: ReportRange[] = [
  { from: '2026-06-01', to: '2026-12-31', aimagCode: null },
  { from: '2026-09-01', to: '2026-10-31', aimagCode: null },
  { from: '2026-06-01', to: '2026-12-31', aimagCode: '65' },
  { from: '2026-08-15', to: '2026-11-30', aimagCode: '11' },
  { from: '2026-06-01', to: '2026-12-31', aimagCode: '21' },
];

/** The percentiles to twelve places (each database interpolates in double precision), the rest exactly. */
function expectSameReport(actual: PetitionReport, expected: PetitionReport) {
  const { summary, ...rest } = actual;
  const { summary: expectedSummary, ...expectedRest } = expected;
  expect(rest).toEqual(expectedRest);
  const { medianDaysToClose, p90DaysToClose, ...figures } = summary;
  const { medianDaysToClose: m, p90DaysToClose: p, ...expectedFigures } = expectedSummary;
  expect(figures).toEqual(expectedFigures);
  for (const [a, e] of [
    [medianDaysToClose, m],
    [p90DaysToClose, p],
  ] as const) {
    if (e === null) expect(a).toBeNull();
    else expect(a).toBeCloseTo(e, 12);
  }
}

async function expectFactsMatchDirect(nows: readonly Date[] = NOWS): Promise<void> {
  for (const now of nows) {
    for (const range of RANGES) {
      expectSameReport(await computeReport(db, range, now), await computeReportDirect(db, range, now));
    }
  }
}

beforeAll(async () => {
  test = await openTestDatabase();
  db = test.db;
  for (const k of KIOSKS) {
    const { id } = await db
      .insertInto('kiosks')
      .values({
        kiosk_code: k.code,
        credential_hash: `hash-${k.code}`,
        name: JSON.stringify({ mn: `Киоск ${k.code}` }),
        created_at: '2026-01-01T00:00:00.000Z',
        aimag_code: k.aimag,
        soum_code: k.soum,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    kioskIds.push(id);
  }
  // 300 petitions over six months, at any hour (so the Mongolian day and the UTC day differ), and
  // other kinds beside them, which the petition figures must not count.
  for (let i = 0; i < 300; i++) {
    const receivedMs = FIRST + Math.floor(random() * 185 * DAY_MS);
    const id = await addSubmission(receivedMs);
    await setState(id, receivedMs);
    if (i % 10 === 0) await addSubmission(receivedMs, pick(['law_comment', 'service_application']));
  }
  await addTestOperator(db, OPERATORS_BY_ROLE.admin);
  const admin = await db.selectFrom('operators').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow();
  actor = { id: admin.id, login: 'admin' };
});
afterAll(() => test.cleanup());

describe("the 11-11 report's facts", () => {
  it('give the figures of the direct computation on a random-ish dataset: every range, aimag and day', async () => {
    const first = await refreshReportFacts(db);
    expect(first).toMatchObject({ rebuilt: true, petitions: 300 });
    // Nothing changed since: nothing to do.
    expect(await refreshReportFacts(db)).toMatchObject({ rebuilt: false, petitions: 0, seq: first.seq });
    await expectFactsMatchDirect();
    const report = await computeReport(db, RANGES[0]!, NOWS[0]!);
    // The dataset exercises every figure.
    expect(report.summary).toMatchObject({ total: 300 });
    for (const figure of ['open', 'closed', 'closedOnTime', 'openOverdue', 'backlogOver30Days'] as const) {
      expect(report.summary[figure]).toBeGreaterThan(0);
    }
  });

  it('follow the console actions: forward, take, extend, answer and return', async () => {
    const open = await db
      .selectFrom('submissions')
      .select(['id', 'status'])
      .where('kind', '=', 'petition')
      .where('status', 'in', ['received', 'forwarded', 'in_progress'])
      .orderBy('id')
      .limit(40)
      .execute();
    expect(open.length).toBe(40);
    const at = (d: string) => () => new Date(d);
    const before = await computeReport(db, RANGES[0]!, NOWS[0]!);
    let acted = 0;
    for (const [i, c] of open.entries()) {
      const now = at(`2026-11-${String(10 + (i % 15)).padStart(2, '0')}T0${i % 10}:30:00.000Z`);
      const step = i % 5;
      if (step === 0) await performCaseAction(db, c.id, actor, { action: 'forward', agencyId: 'police' }, { now });
      else if (step === 1 && c.status !== 'in_progress')
        await performCaseAction(db, c.id, actor, { action: 'take' }, { now });
      else if (step === 2 && c.status !== 'received')
        await performCaseAction(db, c.id, actor, { action: 'extend', days: 20, reason: 'Нэмэлт судалгаа' }, { now });
      else if (step === 3) await performCaseAction(db, c.id, actor, { action: 'answer', text: 'Хариу өгөв.' }, { now });
      else await performCaseAction(db, c.id, actor, { action: 'return', responsible: 'Сумын ЗДТГ' }, { now });
      acted += 1;
    }
    // A note changes nothing the report counts.
    await performCaseAction(
      db,
      open[0]!.id,
      actor,
      { action: 'notes', text: 'Дотоод тэмдэглэл' },
      { now: at('2026-11-30T00:00:00.000Z') },
    );
    const refresh = await refreshReportFacts(db);
    // Only the petitions acted on are derived again.
    expect(refresh.petitions).toBe(acted);
    await expectFactsMatchDirect();
    const after = await computeReport(db, RANGES[0]!, NOWS[0]!);
    expect(after.summary.closed).toBeGreaterThan(before.summary.closed);
    expect(after.byAgency.find((r) => r.key === 'police')!.total).toBeGreaterThan(
      before.byAgency.find((r) => r.key === 'police')!.total,
    );
  });

  it('take in new petitions (also ones stored without a status change), and a kiosk that moved counts in its new place', async () => {
    for (let i = 0; i < 25; i++) {
      const receivedMs = Date.parse('2026-11-20T00:00:00.000Z') + Math.floor(random() * 12 * DAY_MS);
      const id = await addSubmission(receivedMs);
      if (i % 3 === 0) await setState(id, receivedMs);
    }
    // Two stored with no status change at all, as a bulk import might: found by their new ids.
    for (let i = 0; i < 2; i++) await addSubmission(Date.parse('2026-11-25T10:00:00.000Z'), 'petition', false);
    // Registered again with a new place (as `kiosk-registry` does): read from `kiosks`, never copied.
    await db
      .updateTable('kiosks')
      .set({ aimag_code: '83', soum_code: '8307' })
      .where('id', '=', kioskIds[1]!)
      .execute();
    await expectFactsMatchDirect();
    const report = await computeReport(db, RANGES[0]!, NOWS[0]!);
    expect(report.summary.total).toBe(327);
    expect(report.bySoum.some((r) => r.key === '6504')).toBe(false);
    expect(report.bySoum.some((r) => r.key === '8307')).toBe(true);
  });

  it('judge overdue and the 30-day backlog on the day asked, not the day the facts were kept', async () => {
    const days = ['2026-10-01', '2026-11-03', '2026-11-04', '2026-12-20', '2027-03-01'].map(
      (d) => new Date(`${d}T03:00:00.000Z`),
    );
    await expectFactsMatchDirect(days);
    const early = await computeReport(db, RANGES[0]!, days[0]!);
    const late = await computeReport(db, RANGES[0]!, days[4]!);
    expect(late.summary.backlogOver30Days).toBeGreaterThan(early.summary.backlogOver30Days);
    expect(late.summary.openOverdue).toBeGreaterThan(early.summary.openOverdue);
  });
});
