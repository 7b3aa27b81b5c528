import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { createTestServer, type TestServer } from './helpers.js';

describe('callers without a credential are limited', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ publicLimits: { trackPerClient: 5, trackPerRange: 8, healthPerClient: 3 } });
  });
  afterAll(async () => {
    await server.close();
  });

  const track = (kiosk: string, n: number, from: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/v1/track/${makeTrackingNumber(kiosk, n).text}`,
      remoteAddress: from,
    });

  it('one client walking tracking numbers is stopped after its share, in the error shape, with Retry-After', async () => {
    for (let n = 1; n <= 5; n++) expect((await track('0421', n, '10.0.0.1')).statusCode).toBe(404);
    const refused = await track('0421', 6, '10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: { code: 'too_many_requests', message: expect.stringMatching(/^Too many requests: try again in /) },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers.connection).toBe('close');
  });

  it("one kiosk's numbers walked from many addresses are stopped too; another kiosk's are not", async () => {
    // 5 look-ups of 0421 so far (the test above); 3 more from new addresses fill the range.
    for (let i = 0; i < 3; i++) expect((await track('0421', 100 + i, `10.0.1.${i}`)).statusCode).toBe(404);
    expect((await track('0421', 200, '10.0.2.1')).statusCode).toBe(429);
    expect((await track('0422', 200, '10.0.2.1')).statusCode).toBe(404);
  });

  it('health checks from one address are limited; another address is not held back', async () => {
    const health = (from: string) => server.app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: from });
    for (let i = 0; i < 3; i++) expect((await health('10.0.3.1')).statusCode).toBe(200);
    expect((await health('10.0.3.1')).statusCode).toBe(429);
    expect((await health('10.0.3.2')).statusCode).toBe(200);
  });
});
