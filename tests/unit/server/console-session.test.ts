import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../../src-shared/console/console-api.js';
import { disableOperator, CLI_ACTOR } from '../../../src-server/console/operators.js';
import { hashSessionToken } from '../../../src-server/console/sessions.js';
import { verifyAuditChain } from '../../../src-server/audit/audit-verify.js';
import {
  addTestOperator,
  CONSOLE_HOST,
  CONSOLE_ORIGIN,
  OPERATORS_BY_ROLE,
  postSignIn,
  sessionCookieOf,
  signInAs,
  TEST_PASSWORD,
} from './console-helpers.js';
import { createTestServer, type TestServer } from './helpers.js';

const START = Date.parse('2026-12-03T01:00:00.000Z');

describe('console sessions', () => {
  let server: TestServer;
  let clock: number;
  const advance = (ms: number) => (clock += ms);
  beforeEach(async () => {
    clock = START;
    server = await createTestServer({ seed: false, now: () => new Date(clock), trustProxy: '127.0.0.1' });
    await addTestOperator(server.db, OPERATORS_BY_ROLE.admin);
    await addTestOperator(server.db, OPERATORS_BY_ROLE.auditor);
  });
  afterEach(async () => {
    await server.close();
  });

  const getSession = (cookie?: string) =>
    server.app.inject({
      method: 'GET',
      url: '/console/api/session',
      headers: cookie === undefined ? { host: CONSOLE_HOST } : { host: CONSOLE_HOST, cookie },
    });
  const auditRows = () => server.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  it('signs in with an httpOnly, SameSite=Strict cookie whose token the database does not hold', async () => {
    const res = await postSignIn(server.app, 'Admin', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/console; Max-Age=43200; HttpOnly; SameSite=Strict$`),
    );
    expect(setCookie).not.toContain('Secure');
    const body = res.json<{ operator: { login: string; role: string }; csrfToken: string; idleExpiresAt: string }>();
    expect(body.operator).toMatchObject({ login: 'admin', role: 'admin' });
    expect(body.idleExpiresAt).toBe(new Date(START + 30 * 60_000).toISOString());
    const token = sessionCookieOf(res)!;
    const stored = await server.db.selectFrom('operator_sessions').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toBe(hashSessionToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(body.csrfToken);
    // The password is nowhere in the database, audit log included.
    const everything = JSON.stringify([
      await auditRows(),
      await server.db.selectFrom('operators').selectAll().execute(),
    ]);
    expect(everything).not.toContain(TEST_PASSWORD);

    const again = await getSession(`${SESSION_COOKIE}=${token}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ operator: { login: 'admin' }, csrfToken: body.csrfToken });
  });

  it('sets Secure when the request came over HTTPS through a trusted proxy', async () => {
    const res = await postSignIn(server.app, 'admin', TEST_PASSWORD, {
      'x-forwarded-proto': 'https',
      origin: `https://${CONSOLE_HOST}`,
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('; Secure');
  });

  it('answers the same for an unknown login, a wrong password and a disabled account, and audits each', async () => {
    await addTestOperator(server.db, { login: 'gone', role: 'publisher' });
    await disableOperator(server.db, 'gone', { actor: CLI_ACTOR, now: new Date(clock) });
    const answers = [
      await postSignIn(server.app, 'nobody', TEST_PASSWORD),
      await postSignIn(server.app, 'admin', 'wrong password!'),
      await postSignIn(server.app, 'gone', TEST_PASSWORD),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong login or password' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const signIns = (await auditRows()).filter((r) => r.action === 'session.sign_in');
    expect(signIns.map((r) => [r.target, r.outcome, JSON.parse(r.details)])).toEqual([
      ['nobody', 'failed', { reason: 'unknown_login' }],
      ['admin', 'failed', { reason: 'wrong_password' }],
      ['gone', 'failed', { reason: 'disabled' }],
    ]);
    expect(signIns[0]?.ip).toBe('127.0.0.1');
    expect(JSON.stringify(signIns)).not.toContain('wrong password!');
    await postSignIn(server.app, 'admin', TEST_PASSWORD);
    expect((await auditRows()).at(-1)).toMatchObject({
      action: 'session.sign_in',
      outcome: 'ok',
      actor_login: 'admin',
    });
    expect(await verifyAuditChain(server.db)).toMatchObject({ ok: true });
  });

  it('slows down, then locks out, wrong passwords for a login, and remembers across server processes', async () => {
    for (let i = 0; i < 3; i++) expect((await postSignIn(server.app, 'admin', `wrong ${i}`)).statusCode).toBe(401);
    // Three free failures; the fourth try within a second is not even checked, right password or not.
    const early = await postSignIn(server.app, 'admin', TEST_PASSWORD);
    expect(early.statusCode).toBe(429);
    expect(early.headers['retry-after']).toBe('1');
    expect(early.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    advance(1000);
    expect((await postSignIn(server.app, 'admin', 'wrong 3')).statusCode).toBe(401);
    expect((await postSignIn(server.app, 'admin', 'wrong 4')).headers['retry-after']).toBe('2');

    // A second server process on the same database sees the same count.
    const { buildServer } = await import('../../../src-server/app.js');
    const { DEMO_KEY, DEMO_SUBMISSION_KEY, silentLogger } = await import('./helpers.js');
    const other = buildServer({
      db: server.db,
      logger: silentLogger(),
      contentKey: DEMO_KEY,
      submissionKey: DEMO_SUBMISSION_KEY,
      now: () => new Date(clock),
    });
    try {
      expect((await postSignIn(other, 'admin', TEST_PASSWORD)).statusCode).toBe(429);
    } finally {
      await other.close();
    }

    // Keep failing (waiting out each delay) until the lock-out: ten failures lock for 15 minutes.
    for (let failures = 4; failures < 10; failures++) {
      advance(60_000);
      expect((await postSignIn(server.app, 'admin', `wrong ${failures}`)).statusCode).toBe(401);
    }
    advance(60_000);
    const locked = await postSignIn(server.app, 'admin', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ error: { message: string } }>().error.message).toContain('locked for 14 minutes');
    advance(14 * 60_000);
    expect((await postSignIn(server.app, 'admin', TEST_PASSWORD)).statusCode).toBe(200);
    // Another login from the same office was never slowed by admin's mistakes.
    expect((await postSignIn(server.app, 'auditor', TEST_PASSWORD)).statusCode).toBe(200);
    const denied = (await auditRows()).filter((r) => r.outcome === 'denied');
    expect(denied.length).toBe(4);
  });

  it('lets only three of a burst of parallel guesses be checked', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => postSignIn(server.app, 'admin', `parallel guess ${i}`)),
    );
    const codes = burst.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(9);
  });

  it('does not count a right password against the office address', async () => {
    for (let i = 0; i < 5; i++) await signInAs(server.app, 'auditor');
    const rows = await server.db.selectFrom('sign_in_failures').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('ends a session after 30 idle minutes, and after 12 hours whatever happens', async () => {
    const admin = await signInAs(server.app, 'admin');
    advance(29 * 60_000);
    expect((await getSession(admin.cookie)).statusCode).toBe(200);
    advance(29 * 60_000); // used 29 minutes ago: still alive
    expect((await getSession(admin.cookie)).statusCode).toBe(200);
    advance(31 * 60_000);
    const idle = await getSession(admin.cookie);
    expect(idle.statusCode).toBe(401);
    expect(String(idle.headers['set-cookie'])).toContain('Max-Age=0');
    expect(await server.db.selectFrom('operator_sessions').selectAll().execute()).toEqual([]);

    const busy = await signInAs(server.app, 'admin');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      advance(20 * 60_000);
      expect((await getSession(busy.cookie)).statusCode).toBe(200);
    }
    advance(20 * 60_000);
    expect((await getSession(busy.cookie)).statusCode).toBe(401);
  });

  it('needs the CSRF token and the own origin on every state-changing request, sign-in included', async () => {
    const admin = await signInAs(server.app, 'admin');
    const signOut = (headers: Record<string, string>) =>
      server.app.inject({ method: 'DELETE', url: '/console/api/session', headers });
    const noToken = await signOut({ host: CONSOLE_HOST, cookie: admin.cookie, origin: CONSOLE_ORIGIN });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ error: { code: 'csrf' } });
    const wrongToken = await signOut({ ...admin.headers(true), [CSRF_HEADER]: `${admin.csrfToken.slice(1)}x` });
    expect(wrongToken.statusCode).toBe(403);
    const foreign = await signOut({ ...admin.headers(true), origin: 'https://evil.example' });
    expect(foreign.json()).toMatchObject({ error: { code: 'cross_site' } });
    const crossSite = await signOut({ ...admin.headers(true), 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    const loginCsrf = await postSignIn(server.app, 'admin', TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(loginCsrf.statusCode).toBe(403);
    expect((await getSession(admin.cookie)).statusCode).toBe(200);

    const ok = await signOut(admin.headers(true));
    expect(ok.statusCode).toBe(204);
    expect(String(ok.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await getSession(admin.cookie)).statusCode).toBe(401);
    expect((await auditRows()).at(-1)).toMatchObject({ action: 'session.sign_out', actor_login: 'admin' });
  });

  it('sweeps sessions nobody came back to at the next sign-in', async () => {
    await signInAs(server.app, 'admin');
    advance(31 * 60_000);
    await signInAs(server.app, 'auditor');
    const rows = await server.db.selectFrom('operator_sessions').select('operator_id').execute();
    expect(rows).toHaveLength(1);
  });

  it('signs out everywhere: every session of that operator ends, no one else’s', async () => {
    const laptop = await signInAs(server.app, 'admin');
    const phone = await signInAs(server.app, 'admin');
    const auditor = await signInAs(server.app, 'auditor');
    const res = await server.app.inject({
      method: 'DELETE',
      url: '/console/api/sessions',
      headers: phone.headers(true),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 2 });
    expect((await getSession(laptop.cookie)).statusCode).toBe(401);
    expect((await getSession(phone.cookie)).statusCode).toBe(401);
    expect((await getSession(auditor.cookie)).statusCode).toBe(200);
  });

  it('ends the sessions of a disabled account at once', async () => {
    const admin = await signInAs(server.app, 'admin');
    await disableOperator(server.db, 'admin', { actor: CLI_ACTOR, now: new Date(clock) });
    expect((await getSession(admin.cookie)).statusCode).toBe(401);
  });

  it('refuses a malformed sign-in body with the field named', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/console/api/session',
      headers: { host: CONSOLE_HOST, origin: CONSOLE_ORIGIN },
      payload: { login: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('password');
  });
});
