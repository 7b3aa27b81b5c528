import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, OperatorAccount } from '../../../src-shared/console/console-api.js';
import { verifyAuditChain } from '../../../src-server/audit/audit-verify.js';
import { addTestOperator, OPERATORS_BY_ROLE, postSignIn, signInAs, type ConsoleClient } from './console-helpers.js';
import { createTestServer, type TestServer } from './helpers.js';

describe('console audit log and accounts over HTTP', () => {
  let server: TestServer;
  let clock: number;
  let admin: ConsoleClient;
  let auditor: ConsoleClient;
  beforeEach(async () => {
    clock = Date.parse('2026-12-02T15:30:00.000Z'); // 23:30 in Ulaanbaatar, 2 December
    server = await createTestServer({ seed: false, now: () => new Date(clock) });
    await addTestOperator(server.db, OPERATORS_BY_ROLE.admin, new Date(clock));
    await addTestOperator(server.db, OPERATORS_BY_ROLE.auditor, new Date(clock));
    admin = await signInAs(server.app, 'admin');
    clock += 3600_000; // 00:30 on 3 December
    auditor = await signInAs(server.app, 'auditor');
    admin = await signInAs(server.app, 'admin'); // the first session has been idle for an hour
    await postSignIn(server.app, '=cmd|calc', 'a wrong password');
  });
  afterEach(async () => {
    await server.close();
  });

  const get = (url: string, client: ConsoleClient) =>
    server.app.inject({ method: 'GET', url, headers: client.headers() });

  it('filters by day in Mongolia time, actor and action, newest first', async () => {
    const all = (await get('/console/api/audit', auditor)).json<{ entries: AuditEntry[] }>().entries;
    expect(all.map((e) => [e.action, e.actorLogin ?? e.target, e.outcome])).toEqual([
      ['session.sign_in', '=cmd|calc', 'failed'],
      ['session.sign_in', 'admin', 'ok'],
      ['session.sign_in', 'auditor', 'ok'],
      ['session.sign_in', 'admin', 'ok'],
      ['operator.add', 'cli', 'ok'],
      ['operator.add', 'cli', 'ok'],
    ]);
    const dec2 = (await get('/console/api/audit?from=2026-12-02&to=2026-12-02', auditor)).json<{
      entries: AuditEntry[];
    }>();
    expect(dec2.entries).toHaveLength(3);
    const byActor = (await get('/console/api/audit?actor=auditor', admin)).json<{ entries: AuditEntry[] }>();
    expect(byActor.entries.map((e) => e.action)).toEqual(['session.sign_in']);
    const byAction = (await get('/console/api/audit?action=operator.add', admin)).json<{ entries: AuditEntry[] }>();
    expect(byAction.entries).toHaveLength(2);
    // Pages: the next page asks for rows before the last one shown.
    const first = (await get('/console/api/audit?limit=4', admin)).json<{ entries: AuditEntry[] }>().entries;
    const second = (await get(`/console/api/audit?limit=4&before=${first.at(-1)!.seq}`, admin)).json<{
      entries: AuditEntry[];
    }>().entries;
    expect([...first, ...second].map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    expect((await get('/console/api/audit?before=0', admin)).statusCode).toBe(400);
    expect((await get('/console/api/audit?from=yesterday', admin)).statusCode).toBe(400);
    expect((await get('/console/api/audit?colour=red', admin)).statusCode).toBe(400);
  });

  it('exports CSV with a BOM, RFC 4180 quoting and a formula guard, and audits the export', async () => {
    const res = await get('/console/api/audit?format=csv', auditor);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="tsonkh-audit.csv"');
    expect(res.body.startsWith('\uFEFFseq,')).toBe(true);
    expect(res.body).toContain(",'=cmd|calc,");
    expect(res.body).toContain('"{""reason"":""unknown_login""}"');
    expect(res.body.split('\r\n')).toHaveLength(8);
    const last = (await get('/console/api/audit?limit=1', admin)).json<{ entries: AuditEntry[] }>().entries[0];
    expect(last).toMatchObject({ action: 'audit.export', actorLogin: 'auditor', details: { rows: 6 } });
    expect(await verifyAuditChain(server.db)).toMatchObject({ ok: true, count: 7 });
  });

  it('lets the administrator add accounts (audited) and the auditor list them, never with a hash', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/console/api/operators',
      headers: admin.headers(true),
      payload: { login: 'khovd', password: 'a long enough password', role: 'aimag_operator', aimagCode: '84' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ login: 'khovd', role: 'aimag_operator', aimagCode: '84', disabledAt: null });
    const again = await server.app.inject({
      method: 'POST',
      url: '/console/api/operators',
      headers: admin.headers(true),
      payload: { login: 'khovd', password: 'a long enough password', role: 'publisher' },
    });
    expect(again.statusCode).toBe(409);
    const unscoped = await server.app.inject({
      method: 'POST',
      url: '/console/api/operators',
      headers: admin.headers(true),
      payload: { login: 'nowhere', password: 'a long enough password', role: 'aimag_operator' },
    });
    expect(unscoped.statusCode).toBe(400);
    expect(unscoped.json<{ error: { message: string } }>().error.message).toContain(
      'aimagCode: an aimag operator needs an aimag code',
    );

    const list = await get('/console/api/operators', auditor);
    expect(list.json<{ operators: OperatorAccount[] }>().operators.map((o) => o.login)).toEqual([
      'admin',
      'auditor',
      'khovd',
    ]);
    expect(list.body).not.toContain('scrypt');
    const audit = (await get('/console/api/audit?action=operator.add&limit=1', admin)).json<{
      entries: AuditEntry[];
    }>();
    expect(audit.entries[0]).toMatchObject({
      actorLogin: 'admin',
      target: 'khovd',
      details: { role: 'aimag_operator', aimagCode: '84' },
    });
  });

  it('lets the administrator disable an account and reset its password, each ending its sessions, audited', async () => {
    await addTestOperator(server.db, OPERATORS_BY_ROLE.publisher, new Date(clock));
    const publisher = await signInAs(server.app, 'publisher');
    const post = (url: string, payload?: object) =>
      server.app.inject({ method: 'POST', url, headers: admin.headers(true), payload });

    const disabled = await post('/console/api/operators/publisher/disable');
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toEqual({ login: 'publisher', sessionsEnded: 1 });
    expect((await get('/console/api/session', publisher)).statusCode).toBe(401);
    expect((await postSignIn(server.app, 'publisher', 'correct horse battery staple')).statusCode).toBe(401);

    expect((await post('/console/api/operators/publisher/password', { password: 'short' })).statusCode).toBe(400);
    const reset = await post('/console/api/operators/publisher/password', { password: 'a brand new passphrase' });
    expect(reset.json()).toEqual({ login: 'publisher', sessionsEnded: 0 });
    expect((await postSignIn(server.app, 'publisher', 'a brand new passphrase')).statusCode).toBe(200);

    expect((await post('/console/api/operators/nobody/disable')).statusCode).toBe(404);
    const own = await post('/console/api/operators/admin/disable');
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({ error: { code: 'own_account' } });
    const actions = (await get('/console/api/audit?actor=admin', auditor)).json<{ entries: AuditEntry[] }>().entries;
    expect(actions.filter((e) => e.target === 'publisher').map((e) => e.action)).toEqual([
      'operator.reset_password',
      'operator.disable',
    ]);
  });
});
