import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage, KioskListPage } from '../../../src-shared/console/cases-api.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs, type ConsoleClient } from './console-helpers.js';
import {
  createTestServer,
  setDemoKioskUse,
  makeFeedback,
  makeLawComment,
  makePetition,
  makeSubmission,
  postBatch,
  results,
  type TestServer,
} from './helpers.js';

/**
 * The console's case table, case page, actions and kiosks page over HTTP, on the database under
 * test (SQLite, or PostgreSQL with `npm run test:pg`). The clock is pinned and moved by hand.
 */
const ARKHANGAI_KIOSK = '0650';
const ARKHANGAI_CREDENTIAL = 'arkhangai-kiosk-credential-for-tests';
let clock = new Date('2026-11-02T04:00:00.000Z');
let server: TestServer;
let admin: ConsoleClient;
let arkhangai: ConsoleClient;
let registry: ConsoleClient;
let auditor: ConsoleClient;
const answered: { id: number; text: string; at: string }[] = [];

async function get<T>(client: ConsoleClient, url: string): Promise<{ status: number; body: T; raw: string }> {
  const res = await server.app.inject({ method: 'GET', url, headers: client.headers() });
  return {
    status: res.statusCode,
    body: (String(res.headers['content-type']).includes('json') ? res.json() : null) as T,
    raw: res.body,
  };
}

async function post(client: ConsoleClient, url: string, payload: object) {
  const res = await server.app.inject({ method: 'POST', url, payload, headers: client.headers(true) });
  return { status: res.statusCode, body: res.json<CaseDetail & { error?: { code: string; message: string } }>() };
}

function list(client: ConsoleClient, query: string) {
  return get<CaseListPage>(client, `/console/api/cases?${query}`);
}

async function idOf(trackingNo: string): Promise<number> {
  const row = await server.db
    .selectFrom('submissions')
    .select('id')
    .where('tracking_no', '=', trackingNo)
    .executeTakeFirstOrThrow();
  return row.id;
}

const ark = (n: number) => ({
  kioskCode: ARKHANGAI_KIOSK,
  trackingNo: makeTrackingNumber(ARKHANGAI_KIOSK, n).text,
  createdAt: clock.toISOString(),
});

beforeAll(async () => {
  server = await createTestServer({
    now: () => clock,
    // The answer hook as the delivery work will use it: inside the answer's transaction.
    consoleOptions: {
      onAnswered: async (_trx, submissionId, text, at) => {
        answered.push({ id: submissionId, text, at: at.toISOString() });
      },
    },
  });
  await registerKiosk(server.db, {
    kioskCode: ARKHANGAI_KIOSK,
    name: { mn: 'Цэцэрлэгийн ТҮЦ' },
    credential: ARKHANGAI_CREDENTIAL,
    place: { aimag: '65', soum: '6501' },
  });
  for (const role of ['admin', 'aimag_operator', 'agency_handler', 'auditor', 'publisher'] as const) {
    await addTestOperator(server.db, OPERATORS_BY_ROLE[role]);
  }
  // Ölgii (83): a petition, a service application, a comment and a rating on 2 November.
  const olgii = [
    await makePetition(1, { createdAt: clock.toISOString() }),
    await makeSubmission(2, { createdAt: clock.toISOString() }),
    await makeLawComment(3, {
      createdAt: clock.toISOString(),
      content: { text: 'Газар өмчлөлийн зүйлийг дэмжиж байна.' },
    }),
    await makeFeedback(4, { createdAt: clock.toISOString(), channel: 'assisted', staffId: '-staff7' }),
  ];
  // A staff id that a spreadsheet would take for a formula: registered for the demo kiosk, so it is stored.
  await setDemoKioskUse(server.db, { presentation: 'kiosk', staffIds: ['CC-0421-01', '-staff7'] });
  const olgiiResults = results(await postBatch(server.app, olgii));
  expect(olgiiResults.filter((r) => r.result !== 'accepted')).toEqual([]);
  // Arkhangai (65): two petitions (a suggestion, 60 days), on 12 November.
  clock = new Date('2026-11-12T04:00:00.000Z');
  const arkhangaiItems = [
    await makePetition(1, { ...ark(1), channel: 'library' }),
    await makePetition(2, { ...ark(2), petitionCategory: 'suggestion' }),
  ];
  expect(
    results(await postBatch(server.app, arkhangaiItems, ARKHANGAI_CREDENTIAL)).every((r) => r.result === 'accepted'),
  ).toBe(true);
  // Today is 5 December in Ulaanbaatar: the Ölgii complaint (due 2 Dec) is overdue.
  clock = new Date('2026-12-05T02:00:00.000Z');
  admin = await signInAs(server.app, 'admin');
  arkhangai = await signInAs(server.app, 'arkhangai');
  registry = await signInAs(server.app, 'registry');
  auditor = await signInAs(server.app, 'auditor');
});
afterAll(async () => {
  await server.close();
});

describe('the case table', () => {
  it('pages, sorts and counts in the database', async () => {
    const all = await list(admin, 'pageSize=2&sort=receivedAt&dir=asc');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(6);
    expect(all.body.rows.map((r) => r.trackingNo)).toEqual([
      makeTrackingNumber('0421', 1).text,
      makeTrackingNumber('0421', 2).text,
    ]);
    const page3 = await list(admin, 'pageSize=2&page=3&sort=receivedAt&dir=asc');
    expect(page3.body.rows.map((r) => r.kioskCode)).toEqual([ARKHANGAI_KIOSK, ARKHANGAI_KIOSK]);
    expect(page3.body).toMatchObject({ total: 6, page: 3, pageSize: 2 });
    // Due-date sort: rows without one last, on both databases.
    const byDue = await list(admin, 'sort=dueDate&dir=asc');
    expect(byDue.body.rows.map((r) => r.dueDate)).toEqual(['2026-12-02', '2026-12-12', '2027-01-11', null, null, null]);
  });

  it('filters by kind, status, category, channel, aimag, soum, kiosk and dates; total follows', async () => {
    const expectTotal = async (query: string, total: number) => {
      const res = await list(admin, query);
      expect(res.status, `${query}: ${res.raw}`).toBe(200);
      expect(res.body.total, query).toBe(total);
      expect(res.body.rows, query).toHaveLength(total);
    };
    await expectTotal('kind=petition', 3);
    await expectTotal('kind=petition,law_comment', 4);
    await expectTotal('kind=petition&kind=service_feedback', 4);
    await expectTotal('category=suggestion', 1);
    await expectTotal('channel=library', 1);
    await expectTotal('channel=assisted', 1);
    await expectTotal('aimag=65', 2);
    await expectTotal('soum=8301', 4);
    await expectTotal(`kiosk=${ARKHANGAI_KIOSK}`, 2);
    await expectTotal('from=2026-11-12', 2);
    await expectTotal('to=2026-11-11', 4);
    await expectTotal('from=2026-11-02&to=2026-11-02', 4);
    await expectTotal('status=received', 6);
    await expectTotal('service=residence-address-reference', 2);
  });

  it('flags overdue cases and finds those due within N days', async () => {
    const overdue = await list(admin, 'overdue=true');
    expect(overdue.body.rows.map((r) => [r.trackingNo, r.overdue])).toEqual([
      [makeTrackingNumber('0421', 1).text, true],
    ]);
    expect((await list(admin, 'overdue=false')).body.total).toBe(5);
    expect((await list(admin, 'dueWithinDays=7')).body.rows.map((r) => r.dueDate)).toEqual(['2026-12-12']);
    expect((await list(admin, 'dueWithinDays=60')).body.total).toBe(2);
  });

  it('searches the tracking number and the opened text of law comments, not the sealed petitions', async () => {
    const tn = makeTrackingNumber(ARKHANGAI_KIOSK, 2).text;
    expect((await list(admin, `q=${tn}`)).body.rows.map((r) => r.trackingNo)).toEqual([tn]);
    expect((await list(admin, `q=${ARKHANGAI_KIOSK}-`)).body.total).toBe(2);
    // Cyrillic, in another case than written.
    const comment = await list(admin, `q=${encodeURIComponent('газар өмчлөл')}`);
    expect(comment.body.rows.map((r) => r.kind)).toEqual(['law_comment']);
    expect((await list(admin, `q=${encodeURIComponent('ГУДАМЖ')}`)).body.total).toBe(0);
    expect((await list(admin, `q=${encodeURIComponent('100%_')}`)).body.total).toBe(0);
  });

  it('refuses bad filters with a worded 400', async () => {
    for (const query of ['kind=letter', 'pageSize=500', 'from=yesterday', 'sort=body', 'aimag=99', 'color=red']) {
      const res = await list(admin, query);
      expect(res.status, query).toBe(400);
      expect(res.raw, query).toContain('invalid_request');
    }
  });

  it('holds an aimag operator to its aimag and an agency handler to its agency', async () => {
    const own = await list(arkhangai, '');
    expect(own.body.total).toBe(2);
    expect(own.body.rows.every((r) => r.aimagCode === '65')).toBe(true);
    expect((await list(arkhangai, 'aimag=83')).status).toBe(403);
    expect((await list(registry, '')).body.total).toBe(0);
    expect((await list(registry, 'agency=police')).status).toBe(403);
    expect((await list(auditor, '')).body.total).toBe(6);
  });

  it('exports exactly the filtered rows as CSV: BOM, CRLF, Cyrillic intact, formulas guarded', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/console/api/cases/export?soum=8301&pageSize=1',
      headers: admin.headers(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.rawPayload.toString('utf8');
    expect(text.startsWith('\uFEFFДугаар / Tracking no,')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(text).toContain('83 Баян-Өлгий');
    expect(text).toContain(",'-staff7,");
    const audit = await server.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'cases.export')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('the case page and its actions', () => {
  it('opens what the citizen wrote in memory, with the form labels, place and timeline', async () => {
    const id = await idOf(makeTrackingNumber('0421', 2).text);
    const res = await get<CaseDetail>(admin, `/console/api/cases/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.citizen).toMatchObject({ opened: true });
    if (!res.body.citizen.opened) throw new Error('not opened');
    expect(res.body.citizen.answers).toContainEqual({
      fieldId: 'lastName',
      label: expect.objectContaining({ mn: 'Овог' }) as unknown,
      value: 'Батболд',
    });
    expect(res.body.place).toMatchObject({ aimagCode: '83', aimagName: { mn: 'Баян-Өлгий' }, soumCode: '8301' });
    // The kiosk's clock, as the server judged it at receipt (migration 0010), reaches the page.
    const doubt = await server.db
      .selectFrom('submissions')
      .select('clock_doubt')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(res.body.clockDoubt).toBe(doubt?.clock_doubt ?? null);
    await server.db.updateTable('submissions').set({ clock_doubt: 'before_kiosk' }).where('id', '=', id).execute();
    expect((await get<CaseDetail>(admin, `/console/api/cases/${id}`)).body.clockDoubt).toBe('before_kiosk');
    await server.db
      .updateTable('submissions')
      .set({ clock_doubt: doubt?.clock_doubt ?? null })
      .where('id', '=', id)
      .execute();
    expect(res.body.timeline).toEqual([expect.objectContaining({ source: 'status', kind: 'received', actor: null })]);
    const petition = await get<CaseDetail>(
      admin,
      `/console/api/cases/${await idOf(makeTrackingNumber('0421', 1).text)}`,
    );
    expect(petition.body.citizen).toMatchObject({ opened: true, subject: 'Гудамжны гэрэл', phone: '99112233' });
    // Nothing opened was written: the body is still the sealed envelope.
    const stored = await server.db
      .selectFrom('submissions')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.body).not.toContain('Батболд');
    expect((await get(admin, '/console/api/cases/999999')).status).toBe(404);
    expect((await get(admin, '/console/api/cases/abc')).status).toBe(400);
  });

  it('forwards, takes, extends once, answers; refuses forbidden moves with a reason; every step on the timeline', async () => {
    const tn = makeTrackingNumber(ARKHANGAI_KIOSK, 1).text;
    const id = await idOf(tn);
    const url = `/console/api/cases/${id}`;
    // The agency handler cannot see it before it is forwarded to its agency.
    expect((await get(registry, url)).status).toBe(403);
    const forwarded = await post(arkhangai, `${url}/forward`, { agencyId: 'state-registration', text: 'Танай харьяа' });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.row).toMatchObject({ status: 'forwarded', agencyId: 'state-registration' });
    expect((await list(registry, '')).body.rows.map((r) => r.trackingNo)).toEqual([tn]);
    expect((await get(registry, url)).status).toBe(200);

    expect((await post(registry, `${url}/take`, {})).body.row.status).toBe('in_progress');
    const bad = await post(registry, `${url}/extend`, { days: 31, reason: 'Нэмэлт судалгаа' });
    expect(bad.status).toBe(400);
    const extended = await post(registry, `${url}/extend`, { days: 10, reason: 'Нэмэлт судалгаа' });
    expect(extended.status).toBe(200);
    expect(extended.body.row.dueDate).toBe('2026-12-22');
    expect(extended.body.extended).toBe(true);
    const again = await post(registry, `${url}/extend`, { days: 5, reason: 'Дахин' });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toContain('the law allows one extension');

    const note = await post(registry, `${url}/notes`, { text: 'Иргэнтэй утсаар ярьсан' });
    expect(note.status).toBe(200);
    clock = new Date(clock.getTime() + 60_000);
    const answer = await post(registry, `${url}/answer`, { text: 'Гэрлийг засварласан. Баярлалаа.' });
    expect(answer.status).toBe(200);
    expect(answer.body.row.status).toBe('answered');
    expect(answer.body.answer).toMatchObject({ text: 'Гэрлийг засварласан. Баярлалаа.', actor: 'registry' });
    expect(answered).toEqual([{ id, text: 'Гэрлийг засварласан. Баярлалаа.', at: clock.toISOString() }]);
    const after = await post(registry, `${url}/take`, {});
    expect(after.status).toBe(409);
    expect(after.body.error?.message).toContain('already answered');

    const detail = await get<CaseDetail>(auditor, url);
    const events = detail.body.timeline.filter((e) => e.source === 'event').map((e) => [e.kind, e.actor]);
    expect(events).toEqual([
      ['forwarded', 'arkhangai'],
      ['taken', 'registry'],
      ['extended', 'registry'],
      ['note', 'registry'],
      ['answered', 'registry'],
    ]);
    const statuses = detail.body.timeline.filter((e) => e.source === 'status').map((e) => e.kind);
    expect(statuses).toEqual(['received', 'forwarded', 'in_progress', 'extended', 'answered']);
    // The note is never sent to the kiosk: the kiosk's status feed has no text at all.
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_login', 'details'])
      .where('action', 'like', 'cases.%')
      .where('action', '!=', 'cases.view')
      .where('action', '!=', 'cases.export')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['cases.forward', 'ok'],
      ['cases.take', 'ok'],
      ['cases.extend', 'ok'],
      ['cases.extend', 'failed'],
      ['cases.notes', 'ok'],
      ['cases.answer', 'ok'],
      ['cases.take', 'failed'],
    ]);
    expect(audit.map((a) => a.details).join()).not.toContain('Гэрлийг');
  });

  it('returns a case with who is responsible; the auditor and publisher change nothing', async () => {
    const id = await idOf(makeTrackingNumber(ARKHANGAI_KIOSK, 2).text);
    expect((await post(auditor, `/console/api/cases/${id}/take`, {})).status).toBe(403);
    const publisher = await signInAs(server.app, 'publisher');
    expect((await get(publisher, `/console/api/cases/${id}`)).status).toBe(403);
    const returned = await post(admin, `/console/api/cases/${id}/return`, {
      responsible: 'Архангай аймгийн Засаг даргын Тамгын газар',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.row.status).toBe('returned');
    expect(returned.body.timeline.at(-1)).toMatchObject({
      kind: 'returned',
      text: 'Архангай аймгийн Засаг даргын Тамгын газар',
    });
    expect((await post(admin, `/console/api/cases/${id}/forward`, { agencyId: 'nowhere' })).status).toBe(400);
  });

  it('refuses an aimag operator another aimag’s case by URL, logged', async () => {
    const id = await idOf(makeTrackingNumber('0421', 1).text);
    const res = await get<{ error: { code: string; message: string } }>(arkhangai, `/console/api/cases/${id}`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('aimag 65 may not see a case of aimag 83');
    const denied = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'access.denied')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(denied).toMatchObject({ actor_login: 'arkhangai', target: `GET /console/api/cases/${id}` });
    expect((await post(arkhangai, `/console/api/cases/${id}/notes`, { text: 'x' })).status).toBe(403);
  });
});

describe('the kiosks page', () => {
  it('lists every kiosk with its place, last contact and push, cursor lag and this week’s submissions', async () => {
    const res = await get<KioskListPage>(admin, '/console/api/kiosks');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.rows.map((r) => [r.kioskCode, r]));
    expect(byCode['0421']).toMatchObject({ aimagCode: '83', lastPushAt: '2026-11-02T04:00:00.000Z', state: 'silent' });
    expect(byCode[ARKHANGAI_KIOSK]).toMatchObject({ aimagCode: '65', lastPushAt: '2026-11-12T04:00:00.000Z' });
    expect(byCode['0421']?.submissionsThisWeek).toBe(0);

    // A content pull now: contact and cursor recorded.
    const pull = await server.app.inject({
      method: 'GET',
      url: '/api/v1/content/changes?after=3',
      headers: { authorization: `Bearer ${ARKHANGAI_CREDENTIAL}` },
    });
    expect(pull.statusCode).toBe(200);
    const now = await get<KioskListPage>(arkhangai, '/console/api/kiosks');
    expect(now.body.rows).toHaveLength(1);
    expect(now.body.rows[0]).toMatchObject({
      kioskCode: ARKHANGAI_KIOSK,
      state: 'active',
      contentCursor: 3,
      contentBehind: now.body.latestContentSeq - 3,
      lastContactAt: clock.toISOString(),
    });
    expect((await get(arkhangai, '/console/api/kiosks?aimag=83')).status).toBe(403);
    expect(
      (await get<KioskListPage>(admin, '/console/api/kiosks?state=silent')).body.rows.map((r) => r.kioskCode),
    ).toEqual(['0421']);
    const csv = await server.app.inject({ method: 'GET', url: '/console/api/kiosks/export', headers: admin.headers() });
    expect(csv.statusCode).toBe(200);
    expect(csv.rawPayload.toString('utf8')).toMatch(/^\uFEFFТҮЦ \/ Kiosk,.*\r\n0421,/s);
  });
});

describe('the two ways a page is read', () => {
  it('gives the same rows along the sort index as by the filters’ indexes, for every sort and direction', async () => {
    const { listCases } = await import('../../../src-server/cases/case-query.js');
    const { caseListQuerySchema, CASE_SORTS } = await import('../../../src-shared/console/cases-api.js');
    const filters = [{}, { kind: ['petition'] }, { aimag: '83' }, { q: '0421-' }, { overdue: 'false' }];
    for (const filter of filters) {
      for (const sort of CASE_SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const page of [1, 2, 3]) {
            const query = caseListQuerySchema.parse({ ...filter, sort, dir, page, pageSize: 2 });
            const scope = { aimagCode: null, agencyId: null };
            const byFilters = await listCases(server.db, query, scope, clock, { sortIndexMinMatches: Infinity });
            const bySort = await listCases(server.db, query, scope, clock, { sortIndexMinMatches: 0 });
            expect(bySort, JSON.stringify(query)).toEqual(byFilters);
          }
        }
      }
    }
  });

  it('bounds a tracking-number prefix for its index', async () => {
    const { prefixUpperBound } = await import('../../../src-server/cases/case-query.js');
    expect(prefixUpperBound('1042-55')).toBe('1042-56');
    expect(prefixUpperBound('1042-')).toBe('1043');
    expect(prefixUpperBound('1042-9')).toBe('1043');
    expect(prefixUpperBound('0999')).toBe('1');
    expect(prefixUpperBound('99')).toBeNull();
  });
});
