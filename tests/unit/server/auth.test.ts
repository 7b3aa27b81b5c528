import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskRegistrationError, registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { authHeaders, createTestServer, makeSubmission, postBatch, type TestServer } from './helpers.js';

const kioskRoutes = [
  { method: 'GET' as const, url: '/api/v1/content/changes' },
  { method: 'POST' as const, url: '/api/v1/submissions/batch' },
];

describe('kiosk authentication', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const cases: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['an unknown credential', authHeaders('not-a-registered-credential-at-all')],
    ['a Basic scheme', { authorization: 'Basic ZGVtbzpkZW1v' }],
    ['a bare Bearer', { authorization: 'Bearer' }],
    ['Bearer and a space', { authorization: 'Bearer ' }],
    ['a credential with spaces', { authorization: 'Bearer demo kiosk 0421' }],
    ['an empty header', { authorization: '' }],
  ];

  for (const route of kioskRoutes) {
    it.each(cases)(`${route.method} ${route.url} with %s → 401`, async (_name, headers) => {
      const res = await server.app.inject({
        ...route,
        headers,
        payload: route.method === 'POST' ? { items: [] } : undefined,
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message.length).toBeGreaterThan(0);
    });
  }

  it('checks the credential before reading the body', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/submissions/batch',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(res.statusCode).toBe(401);
  });

  it('replaces a re-registered kiosk credential and refuses the old one', async () => {
    const kiosk = await registerKiosk(server.db, {
      kioskCode: '0421',
      name: { mn: 'Шинэ нэр' },
      credential: 'a-brand-new-credential-for-0421',
    });
    expect(kiosk.created).toBe(false);
    expect((await postBatch(server.app, [await makeSubmission(1)])).statusCode).toBe(401);
    expect((await postBatch(server.app, [await makeSubmission(1)], 'a-brand-new-credential-for-0421')).statusCode).toBe(
      200,
    );
  });

  it('refuses to give one credential to two kiosks', async () => {
    await expect(
      registerKiosk(server.db, {
        kioskCode: '6501',
        name: { mn: 'Цэцэрлэг' },
        credential: 'demo-kiosk-0421-credential-change-me',
      }),
    ).rejects.toBeInstanceOf(KioskRegistrationError);
  });
});
