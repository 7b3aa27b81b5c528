// Public-hearing sign-ups (issue 19) on the server: a sealed `hearing_signup` is opened and checked
// with the kind's form (the kiosk's own rule), stored once with its hearing, listed in the
// console's cases with the name and phone on its case page, and counted per hearing — on SQLite
// and on PostgreSQL (`npm run test:pg`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../../src-shared/console/cases-api.js';
import type { HearingSignups } from '../../../src-shared/console/hearings-api.js';
import { HEARING_SIGNUP_FORM } from '../../../src-shared/forms/kind-forms.js';
import type { SealedContent, Submission } from '../../../src-shared/schemas/submission.js';
import { importHearings } from '../../../src-server/open-data/csv-datasets.js';
import { publishOpenData } from '../../../src-server/open-data/open-data-store.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs, type ConsoleClient } from './console-helpers.js';
import {
  commonFields,
  createTestServer,
  errorOf,
  postBatch,
  results,
  sealSubmission,
  type TestServer,
} from './helpers.js';

const NOW = new Date('2026-12-04T04:00:00Z');
const HEADER = 'id,aimag,soum,organiser,topic,starts_at,place,how_to_take_part,result';
const HEARINGS = [
  HEADER,
  'hearing-83-010,83,8301,Өлгий сумын ИТХ,Бэлчээрийн ашиглалтын төлөвлөгөө,2026-12-18T10:00:00,Өлгий сумын соёлын төв,Биечлэн ирэх,',
  'hearing-83-011,83,8337,Цэнгэл сумын ИТХ,Ирэх оны төсвийн төсөл,2026-12-20T15:00:00,Цэнгэл сумын соёлын төв,Биечлэн ирэх,',
  'hearing-65-001,65,6501,Эрдэнэбулган сумын ИТХ,Ирэх оны төсвийн төсөл,2026-12-21T15:00:00,Соёлын төв,Биечлэн ирэх,',
].join('\n');

let server: TestServer;
let admin: ConsoleClient;
let arkhangai: ConsoleClient;

async function signup(
  n: number,
  hearingId = 'hearing-83-010',
  content: SealedContent<'hearing_signup'> = { name: 'Айгүл Серікқызы', phone: '99112233' },
): Promise<Submission> {
  return sealSubmission(
    {
      ...commonFields(n),
      createdAt: NOW.toISOString(),
      lang: 'kk',
      kind: 'hearing_signup',
      hearingId,
      formVersion: HEARING_SIGNUP_FORM.version,
    },
    content,
  );
}

beforeAll(async () => {
  server = await createTestServer({ now: () => NOW });
  const files = [{ name: 'hearings.csv', text: HEARINGS }];
  const source = { url: 'https://www.legalinfo.mn/', takenOn: '2026-11-20' };
  expect(await publishOpenData(server.db, importHearings(files, { source }), files, { source })).toMatchObject({
    published: true,
    added: 3,
  });
  for (const role of ['admin', 'aimag_operator'] as const) await addTestOperator(server.db, OPERATORS_BY_ROLE[role]);
  admin = await signInAs(server.app, 'admin');
  arkhangai = await signInAs(server.app, 'arkhangai');
});
afterAll(async () => {
  await server.close();
});

async function get<T>(client: ConsoleClient, url: string): Promise<{ status: number; body: T }> {
  const res = await server.app.inject({ method: 'GET', url, headers: client.headers() });
  return { status: res.statusCode, body: res.json<T>() };
}

describe('hearing sign-ups', () => {
  it('are accepted once with their hearing; a resend gets the same ack and stores nothing more', async () => {
    const item = await signup(1);
    const first = results(await postBatch(server.app, [item]));
    expect(first[0]).toMatchObject({ result: 'accepted', ack: { status: 'received' } });
    const again = results(await postBatch(server.app, [item]));
    expect(again).toEqual(first);
    const rows = await server.db
      .selectFrom('submissions')
      .select(['kind', 'hearing_id', 'form_version', 'body', 'due_date'])
      .where('idempotency_key', '=', item.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'hearing_signup', hearing_id: 'hearing-83-010', form_version: 1 });
    expect(rows[0]!.due_date).toBeNull();
    // The name and phone stay sealed in the stored body.
    expect(rows[0]!.body).not.toContain('Айгүл');
    expect(rows[0]!.body).not.toContain('99112233');
  });

  it('are refused for a hearing never published, or without a real phone or a name', async () => {
    const unknown = results(await postBatch(server.app, [await signup(2, 'hearing-83-999')]));
    expect(errorOf(unknown[0]).code).toBe('unknown_hearing');
    const badPhone = results(
      await postBatch(server.app, [await signup(3, undefined, { name: 'Айгүл', phone: '123' })]),
    );
    expect(errorOf(badPhone[0])).toMatchObject({ code: 'invalid_answers' });
    expect(errorOf(badPhone[0]).message).toContain('phone');
    expect(errorOf(badPhone[0]).message).not.toContain('123');
    const noName = results(await postBatch(server.app, [await signup(4, undefined, { name: ' ', phone: '99112233' })]));
    expect(errorOf(noName[0]).message).toContain('name (required)');
  });

  it("show in the console's case list, with the name and phone on the case page", async () => {
    await postBatch(server.app, [await signup(5, 'hearing-83-011', { name: 'Болат', phone: '+976 8811 2233' })]);
    const list = await get<CaseListPage>(admin, '/console/api/cases?kind=hearing_signup&sort=receivedAt&dir=asc');
    expect(list.status).toBe(200);
    expect(list.body.rows.map((r) => [r.kind, r.hearingId])).toEqual([
      ['hearing_signup', 'hearing-83-010'],
      ['hearing_signup', 'hearing-83-011'],
    ]);
    const detail = await get<CaseDetail>(admin, `/console/api/cases/${list.body.rows[1]!.id}`);
    // What the kiosk sealed, shown as it was sealed (the server's check accepted it as 88112233).
    expect(detail.body.citizen).toMatchObject({ opened: true, name: 'Болат', phone: '+976 8811 2233' });
  });

  it('are counted per hearing for the organiser, an aimag operator seeing only its own aimag', async () => {
    const all = await get<HearingSignups>(admin, '/console/api/hearings?aimag=83');
    expect(all.status).toBe(200);
    expect(all.body.hearings.map((h) => [h.hearingId, h.signups])).toEqual([
      ['hearing-83-010', 1],
      ['hearing-83-011', 1],
    ]);
    const own = await get<HearingSignups>(arkhangai, '/console/api/hearings');
    expect(own.body.hearings.map((h) => [h.hearingId, h.signups])).toEqual([['hearing-65-001', 0]]);
    const other = await get<HearingSignups>(arkhangai, '/console/api/hearings?aimag=83');
    expect(other.status).toBe(403);
  });
});
