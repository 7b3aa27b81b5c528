import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { open311RequestSchema, open311ServiceSchema } from '../../../src-shared/open311.js';
import { createTestServer, type TestServer } from './helpers.js';
import { REPORT_NOW, seedReportFixture } from './report-fixture.js';

const requests = z.array(open311RequestSchema);

/**
 * Open311 GeoReport v2 over the report fixture (P1…P11, see report-fixture.ts) and the test
 * content (petition categories; places 83 with soum 8301 "Өлгий", 65 without soums). Runs on
 * both databases (`npm run test:pg`).
 */
describe('Open311 GeoReport v2 for petitions', () => {
  let server: TestServer;
  let numbers: Map<string, string>;

  beforeAll(async () => {
    server = await createTestServer({ now: () => REPORT_NOW });
    numbers = await seedReportFixture(server.db);
  });
  afterAll(() => server.close());

  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('lists the petition categories as services', async () => {
    const res = await get('/open311/v2/services.json');
    expect(res.statusCode).toBe(200);
    const services = z.array(open311ServiceSchema).parse(res.json());
    expect(services.map((s) => s.service_code)).toContain('complaint');
    expect(services.find((s) => s.service_code === 'complaint')).toMatchObject({
      service_name: 'Гомдол',
      metadata: false,
      type: 'realtime',
    });
  });

  it('gives one petition by its tracking number, with no personal data', async () => {
    const p6 = numbers.get('P6')!;
    const res = await get(`/open311/v2/requests/${p6}.json`);
    expect(res.statusCode, res.body).toBe(200);
    const [request] = requests.parse(res.json());
    expect(request).toEqual({
      service_request_id: p6,
      status: 'closed',
      status_notes: 'Хариу өгсөн (answered)',
      service_name: 'Гомдол',
      service_code: 'complaint',
      agency_responsible: 'police',
      requested_datetime: '2026-11-01T03:00:00.000Z',
      updated_datetime: '2026-11-06T03:00:00.000Z',
      // The due date 2026-12-01, to the end of that day in Mongolia.
      expected_datetime: '2026-12-01T23:59:59+08:00',
      address: 'Баян-Өлгий, Өлгий',
      address_id: '8301',
    });
    // Exactly these fields: nothing a citizen wrote, no name, no contact.
    expect(Object.keys(res.json<object[]>()[0]!).sort()).toEqual(Object.keys(open311RequestSchema.shape).sort());

    // Arkhangai has no soum list in the content: the aimag's name alone.
    const p4 = requests.parse((await get(`/open311/v2/requests/${numbers.get('P4')!}.json`)).json())[0]!;
    expect(p4).toMatchObject({ status: 'open', address: 'Архангай', status_notes: 'Шийдвэрлэж байна (in progress)' });
  });

  it('filters by date range, status and category', async () => {
    const range = 'start_date=2026-10-01T00:00:00%2B08:00&end_date=2026-11-30T23:59:59.999%2B08:00';
    const all = requests.parse((await get(`/open311/v2/requests.json?${range}`)).json());
    // P1–P7, P10, P11 (P8 and P9 are outside), newest first.
    const byNumber = new Map([...numbers].map(([name, no]) => [no, name]));
    expect(all.map((r) => byNumber.get(r.service_request_id))).toEqual([
      'P7',
      'P5',
      'P6',
      'P4',
      'P11',
      'P3',
      'P2',
      'P10',
      'P1',
    ]);
    const open = requests.parse((await get(`/open311/v2/requests.json?${range}&status=open`)).json());
    expect(open.map((r) => byNumber.get(r.service_request_id))).toEqual(['P7', 'P5', 'P4', 'P10']);
    const closedComplaints = requests.parse(
      (await get(`/open311/v2/requests.json?${range}&status=closed&service_code=complaint`)).json(),
    );
    expect(closedComplaints.map((r) => byNumber.get(r.service_request_id))).toEqual(['P6', 'P2', 'P1']);
    const two = requests.parse(
      (await get(`/open311/v2/requests.json?service_request_id=${numbers.get('P1')!},${numbers.get('P9')!}`)).json(),
    );
    expect(two.map((r) => byNumber.get(r.service_request_id))).toEqual(['P1', 'P9']);
    // Without dates: the 90 days before now (2026-12-03), so from 2026-09-04: all eleven.
    expect(requests.parse((await get('/open311/v2/requests.json')).json())).toHaveLength(11);
  });

  it('refuses bad input in GeoReport v2 error form, never with a 5xx', async () => {
    for (const url of [
      '/open311/v2/requests.json?start_date=yesterday',
      '/open311/v2/requests.json?status=pending',
      '/open311/v2/requests.json?start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z',
      '/open311/v2/requests.json?service_code=%27%3B%20drop',
      '/open311/v2/requests.json?name=someone',
      '/open311/v2/requests/abc.json',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json<Array<{ code: number; description: string }>>()[0]).toMatchObject({ code: 400 });
    }
    const missing = await get('/open311/v2/requests/0000-000000.json');
    expect(missing.statusCode).toBe(404);
    // A law comment is not a petition: not found.
    const comment = await server.db
      .selectFrom('submissions')
      .select('tracking_no')
      .where('kind', '=', 'law_comment')
      .executeTakeFirstOrThrow();
    expect((await get(`/open311/v2/requests/${comment.tracking_no}.json`)).statusCode).toBe(404);
  });
});
