import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_ROLES, type OperatorRole } from '../../../src-shared/console/console-api.js';
import { buildServer } from '../../../src-server/app.js';
import { TEST_SCRYPT } from '../../../src-server/console/passwords.js';
import { CONSOLE_ROUTE_POLICIES } from '../../../src-server/console/policy.js';
import { seedDemo } from '../../../src-server/content/demo-seed.js';
import { previewUpload, publishPreview } from '../../../src-server/content/publications.js';
import type { Database } from '../../../src-server/db/database.js';
import { registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { addTestOperator, CONSOLE_HOST, OPERATORS_BY_ROLE, signInAs } from './console-helpers.js';
import {
  DEMO_KEY,
  DEMO_KIOSK_CONFIG,
  DEMO_SUBMISSION_KEY,
  FIXTURE_CONTENT_DIR,
  openTestDatabase,
  type TestDatabase,
} from './helpers.js';
import { editJson, fixtureFiles, zipFolder } from './publication-zips.js';
import { setSettings } from '../../../src-server/kiosks/kiosk-settings.js';

/**
 * Written out by hand, not derived from policy.ts: this is the matrix the issue asks for, and the
 * policy must agree with it. Every console route but sign-in; sign-in is public.
 */
const EXPECTED: Readonly<Record<string, readonly OperatorRole[]>> = {
  'GET /console/api/session': OPERATOR_ROLES,
  'DELETE /console/api/session': OPERATOR_ROLES,
  'DELETE /console/api/sessions': OPERATOR_ROLES,
  'GET /console/api/operators': ['admin', 'auditor'],
  'POST /console/api/operators': ['admin'],
  'POST /console/api/operators/:login/disable': ['admin'],
  'POST /console/api/operators/:login/password': ['admin'],
  'GET /console/api/audit': ['admin', 'auditor'],
  'GET /console/api/laws/:lawId/comments': ['admin', 'publisher', 'auditor', 'aimag_operator'],
  'POST /console/api/publications/preview': ['admin', 'publisher'],
  'POST /console/api/publications/:id/republish': ['admin', 'publisher'],
  'POST /console/api/publications': ['admin', 'publisher'],
  'GET /console/api/publications': ['admin', 'publisher', 'auditor'],
  'GET /console/api/publications/:id': ['admin', 'publisher', 'auditor'],
  'GET /console/api/report': ['admin', 'auditor', 'aimag_operator'],
  'POST /console/api/report/public': ['admin'],
  // Cases: each role within its scope (the case used is Arkhangai's, forwarded to state-registration).
  'GET /console/api/cases': ['admin', 'aimag_operator', 'agency_handler', 'auditor'],
  'GET /console/api/hearings': ['admin', 'aimag_operator', 'agency_handler', 'auditor'],
  'GET /console/api/cases/export': ['admin', 'aimag_operator', 'agency_handler', 'auditor'],
  'GET /console/api/cases/:id': ['admin', 'aimag_operator', 'agency_handler', 'auditor'],
  'POST /console/api/cases/:id/forward': ['admin', 'aimag_operator', 'agency_handler'],
  'POST /console/api/cases/:id/take': ['admin', 'aimag_operator', 'agency_handler'],
  'POST /console/api/cases/:id/extend': ['admin', 'aimag_operator', 'agency_handler'],
  'POST /console/api/cases/:id/answer': ['admin', 'aimag_operator', 'agency_handler'],
  'POST /console/api/cases/:id/return': ['admin', 'aimag_operator', 'agency_handler'],
  'POST /console/api/cases/:id/notes': ['admin', 'aimag_operator', 'agency_handler'],
  'GET /console/api/kiosks': ['admin', 'aimag_operator', 'auditor'],
  'GET /console/api/kiosks/export': ['admin', 'aimag_operator', 'auditor'],
  // The fleet (the kiosk used is Arkhangai's 0650): read within scope, settings changed by the administrator only.
  'GET /console/api/fleet': ['admin', 'aimag_operator', 'auditor'],
  'GET /console/api/fleet/:code': ['admin', 'aimag_operator', 'auditor'],
  'POST /console/api/fleet/:code/settings': ['admin'],
  'POST /console/api/fleet/:code/settings/rollback': ['admin'],
  'POST /console/api/kiosks/enrolment-codes': ['admin'],
  'POST /console/api/kiosks/:kioskCode/revoke': ['admin'],
  'PUT /console/api/kiosks/:kioskCode/pins': ['admin'],
};

/** The account the disable and reset-password routes act on (disabling twice is fine). */
const SPARE = { login: 'spare', role: 'publisher' } as const;
/** A content folder zip that changes one service title, so each publish has something to publish. */
let edits = 0;
function changedZip(): Buffer {
  const files = fixtureFiles();
  editJson<Array<{ title: { mn: string } }>>(files, 'services.json', (s) => {
    s[0]!.title.mn = `Төрсний бүртгэлийн лавлагаа ${++edits}`;
  });
  return zipFolder(files);
}

/** A preview made by the administrator, ready to publish (through the module, not a route under test). */
async function readyPreview(db: Database): Promise<{ previewId: string; contentHash: string }> {
  const outcome = await previewUpload(db, changedZip(), null, {
    actor: { id: 1, login: 'admin' },
    ip: null,
    now: new Date(),
  });
  if (!outcome.ok) throw new Error('the role matrix preview has problems');
  return { previewId: outcome.preview.previewId, contentHash: outcome.preview.contentHash };
}

const CASE_BODIES: Readonly<Record<string, object>> = {
  forward: { agencyId: 'state-registration', text: 'Танай харьяа' },
  take: {},
  extend: { days: 10, reason: 'Нэмэлт судалгаа' },
  answer: { text: 'Хариу' },
  return: { responsible: 'Сумын Засаг даргын Тамгын газар' },
  notes: { text: 'Дотоод тэмдэглэл' },
};

let caseSequence = 0;
/**
 * A fresh open petition of an Arkhangai (65) kiosk, forwarded to state-registration: within the
 * scope of the aimag operator and the agency handler, and in a state every action may follow.
 */
async function freshCase(db: Database): Promise<number> {
  caseSequence += 1;
  const kiosk = await db.selectFrom('kiosks').select('id').where('kiosk_code', '=', '0650').executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const row = await db
    .insertInto('submissions')
    .values({
      idempotency_key: randomUUID(),
      body_hash: 'matrix',
      kiosk_id: kiosk.id,
      tracking_no: makeTrackingNumber('0650', caseSequence).text,
      kind: 'petition',
      channel: 'kiosk',
      lang: 'mn',
      created_at: at,
      petition_category: 'complaint',
      body: '{}',
      status: 'forwarded',
      status_at: at,
      due_date: '2027-01-01',
      initial_due_date: '2027-01-01',
      received_at: at,
      agency_id: 'state-registration',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A concrete request for each route (path parameters filled in, a body where one is needed). */
async function requestFor(
  route: string,
  role: OperatorRole,
  db: Database,
): Promise<{
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  url: string;
  payload?: object | Buffer;
  headers?: Record<string, string>;
}> {
  const [method, url] = route.split(' ') as ['GET' | 'POST' | 'DELETE' | 'PUT', string];
  let concrete = url.replace(':lawId', 'test-law').replace(':login', SPARE.login).replace(':kioskCode', '0421');
  // A publication's id is publication 1; a case's is a fresh case within every scope.
  if (concrete.startsWith('/console/api/publications/')) concrete = concrete.replace(':id', '1');
  if (concrete.includes(':id')) concrete = concrete.replace(':id', String(await freshCase(db)));
  const action = /^\/console\/api\/cases\/\d+\/(\w+)$/.exec(concrete)?.[1];
  if (method === 'POST' && action !== undefined) return { method, url: concrete, payload: CASE_BODIES[action] ?? {} };
  if (route === 'POST /console/api/operators/:login/password') {
    return { method, url: concrete, payload: { password: 'another long password' } };
  }
  if (route === 'POST /console/api/publications/preview') {
    return { method, url: concrete, payload: changedZip(), headers: { 'content-type': 'application/zip' } };
  }
  if (route === 'POST /console/api/publications') {
    return { method, url: concrete, payload: { ...(await readyPreview(db)), note: `matrix: ${role}` } };
  }
  if (route === 'POST /console/api/operators') {
    return {
      method,
      url: concrete,
      payload: { login: `new-${role.replace('_', '-')}`, password: 'a long new password', role: 'publisher' },
    };
  }
  concrete = concrete.replace(':code', '0650');
  if (route === 'POST /console/api/fleet/:code/settings') {
    return { method, url: concrete, payload: { settings: { textScale: 150 } } };
  }
  if (route === 'POST /console/api/fleet/:code/settings/rollback') {
    const { version } = await setSettings(db, {
      scope: 'kiosk:0650',
      settings: { textScale: 125 },
      by: { id: null, login: 'cli:matrix' },
    });
    return { method, url: concrete, payload: { to: version } };
  }
  if (route === 'POST /console/api/kiosks/enrolment-codes') {
    return { method, url: concrete, payload: { aimag: '83', soum: '8301', place: 'Сүмбэр', mode: 'citizen' } };
  }
  if (route === 'PUT /console/api/kiosks/:kioskCode/pins') {
    return { method, url: concrete, payload: { technicianPin: '246810', staff: [] } };
  }
  if (route === 'GET /console/api/report') return { method, url: `${concrete}?from=2026-10-01&to=2026-10-31` };
  return { method, url: concrete };
}

describe('console role matrix', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const registered: string[] = [];
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedDemo(t.db, { kioskConfigPath: DEMO_KIOSK_CONFIG, contentDir: FIXTURE_CONTENT_DIR });
    for (const role of OPERATOR_ROLES) await addTestOperator(t.db, OPERATORS_BY_ROLE[role]);
    await addTestOperator(t.db, SPARE);
    // Publication 1, for the routes that read or republish one.
    const first = await readyPreview(t.db);
    await publishPreview(
      t.db,
      { ...first, note: 'first' },
      { actor: { id: 1, login: 'admin' }, ip: null, now: new Date() },
    );
    await registerKiosk(t.db, {
      kioskCode: '0650',
      name: { mn: 'Цэцэрлэгийн ТҮЦ' },
      credential: 'matrix-0650',
      place: { aimag: '65', soum: '6501' },
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = buildServer({
      db: t.db,
      logger: pino({ level: 'info' }, sink),
      contentKey: DEMO_KEY,
      submissionKey: DEMO_SUBMISSION_KEY,
      console: { passwordParams: TEST_SCRYPT },
    });
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const m of methods)
        if (route.url.startsWith('/console/api/') && m !== 'HEAD') registered.push(`${m} ${route.url}`);
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('covers every registered console route, and every route has a policy', () => {
    expect([...registered].sort()).toEqual(Object.keys(CONSOLE_ROUTE_POLICIES).sort());
    expect([...Object.keys(EXPECTED), 'POST /console/api/session'].sort()).toEqual([...registered].sort());
  });

  for (const route of Object.keys(EXPECTED)) {
    it(`${route}: 401 without a session`, async () => {
      const { method, url, payload, headers } = await requestFor(route, 'admin', t.db);
      const res = await app.inject({ method, url, payload, headers: { host: CONSOLE_HOST, ...headers } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    });

    for (const role of OPERATOR_ROLES) {
      const allowed = EXPECTED[route]!.includes(role);
      it(`${route} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
        const client = await signInAs(app, OPERATORS_BY_ROLE[role].login);
        const { method, url, payload, headers } = await requestFor(route, role, t.db);
        const before = await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'access.denied').execute();
        const res = await app.inject({
          method,
          url,
          payload,
          headers: { ...client.headers(method !== 'GET'), ...headers },
        });
        const denied = await t.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'access.denied')
          .orderBy('seq')
          .execute();
        if (allowed) {
          expect(res.statusCode, res.body).toBeLessThan(300);
          expect(denied).toHaveLength(before.length);
        } else {
          expect(res.statusCode).toBe(403);
          expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
          expect(denied).toHaveLength(before.length + 1);
          expect(denied.at(-1)).toMatchObject({ actor_login: OPERATORS_BY_ROLE[role].login, outcome: 'denied' });
        }
      });
    }
  }

  it('refuses an aimag operator the report of another aimag by URL', async () => {
    const arkhangai = await signInAs(app, 'arkhangai');
    const res = await app.inject({
      method: 'GET',
      url: '/console/api/report?from=2026-10-01&to=2026-10-31&aimag=83',
      headers: arkhangai.headers(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('aimag 65 may not see aimag 83');
  });

  it('refuses an aimag operator another aimag by URL, in the audit log and the server log', async () => {
    const arkhangai = await signInAs(app, 'arkhangai');
    const res = await app.inject({
      method: 'GET',
      url: '/console/api/laws/test-law/comments?aimag=83&format=json',
      headers: arkhangai.headers(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('aimag 65 may not see aimag 83');
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'access.denied')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_login: 'arkhangai', target: 'GET /console/api/laws/test-law/comments' });
    expect(JSON.parse(row.details)).toMatchObject({ reason: 'scope', aimag: '83' });
    expect(logLines.some((l) => l.operator === 'arkhangai' && l.reason === 'scope' && l.level === 40)).toBe(true);
  });

  it('refuses an aimag operator a case of another aimag by its URL, and an agency handler a case not forwarded to it', async () => {
    const olgiiKiosk = await t.db
      .selectFrom('kiosks')
      .select('id')
      .where('kiosk_code', '=', '0421')
      .executeTakeFirstOrThrow();
    const own = await freshCase(t.db);
    // Move a copy to the Ölgii (83) kiosk, forwarded to the police.
    const other = await freshCase(t.db);
    await t.db
      .updateTable('submissions')
      .set({ kiosk_id: olgiiKiosk.id, agency_id: 'police' })
      .where('id', '=', other)
      .execute();
    const arkhangai = await signInAs(app, 'arkhangai');
    const registry = await signInAs(app, 'registry');
    expect(
      (await app.inject({ method: 'GET', url: `/console/api/cases/${own}`, headers: arkhangai.headers() })).statusCode,
    ).toBe(200);
    for (const client of [arkhangai, registry]) {
      const res = await app.inject({ method: 'GET', url: `/console/api/cases/${other}`, headers: client.headers() });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
      const post = await app.inject({
        method: 'POST',
        url: `/console/api/cases/${other}/notes`,
        payload: { text: 'x' },
        headers: client.headers(true),
      });
      expect(post.statusCode).toBe(403);
    }
    const row = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'access.denied')
      .where('actor_login', '=', 'arkhangai')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(row.map((r) => r.target)).toEqual([
      `POST /console/api/cases/${other}/notes`,
      `GET /console/api/cases/${other}`,
    ]);
    expect(JSON.parse(row[1]!.details)).toMatchObject({ reason: 'scope', case: other, aimag: '83' });
    expect(logLines.some((l) => l.operator === 'registry' && l.reason === 'scope' && l.level === 40)).toBe(true);
    // The list by URL: another aimag's cases are refused too.
    const list = await app.inject({ method: 'GET', url: '/console/api/cases?aimag=83', headers: arkhangai.headers() });
    expect(list.statusCode).toBe(403);
  });
});
