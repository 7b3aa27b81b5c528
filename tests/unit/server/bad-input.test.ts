import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH, SERVER_ID_HEADER, SERVER_NAME } from '../../../src-shared/protocol.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { badRequestGenerator, FAMILIES, sendBadRequests } from './bad-requests.js';
import {
  authHeaders,
  createTestServer,
  makeFeedback,
  makeLawComment,
  makePetition,
  makeSubmission,
  type TestServer,
} from './helpers.js';

type ErrorBody = { error: { code: string; message: string } };

describe('bad input is a 4xx, never a 5xx', () => {
  let server: TestServer;
  /** A valid sealed item; the cases below spoil one field of it. */
  let valid: Submission;
  /** Never sent undamaged, so its key is never stored. */
  let target: Submission;
  beforeAll(async () => {
    // The fuzz is about what each request says, from one address: the limits on how often a
    // caller may ask are tested on their own (public-limits.test.ts), and are lifted here.
    server = await createTestServer({
      publicLimits: { trackPerClient: 1_000_000, trackPerRange: 1_000_000, healthPerClient: 1_000_000 },
    });
    valid = await makeSubmission(1);
    target = await makeSubmission(2);
  });
  afterAll(async () => {
    await server.close();
  });

  const send = (payload: string | Buffer, contentType = 'application/json') =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/submissions/batch',
      headers: { ...authHeaders(), 'content-type': contentType },
      payload,
    });

  const cases: Array<[string, () => string, number, string]> = [
    ['invalid JSON', () => '{"items": [', 400, 'JSON'],
    ['an empty body', () => '', 400, ''],
    ['a JSON array', () => '[]', 400, 'expected object'],
    ['missing items', () => '{}', 400, 'items:'],
    ['empty items', () => '{"items":[]}', 400, 'items:'],
    [
      'too many items',
      () => JSON.stringify({ items: Array.from({ length: MAX_BATCH + 1 }, () => valid) }),
      400,
      'items:',
    ],
    ['items of the wrong type', () => '{"items":"many"}', 400, 'items:'],
    ['a number for a string', () => JSON.stringify({ items: [{ ...valid, serviceId: 7 }] }), 400, 'items.0.serviceId:'],
    [
      'a string for formVersion',
      () => JSON.stringify({ items: [{ ...valid, formVersion: '1' }] }),
      400,
      'items.0.formVersion:',
    ],
    [
      'a key that is not a uuid',
      () => JSON.stringify({ items: [{ ...valid, idempotencyKey: 'abc' }] }),
      400,
      'items.0.idempotencyKey:',
    ],
    [
      'a bad tracking number',
      () => JSON.stringify({ items: [{ ...valid, trackingNo: '0421-000001-0' }] }),
      400,
      'items.0.trackingNo:',
    ],
    ['no sealed envelope', () => JSON.stringify({ items: [{ ...valid, sealed: undefined }] }), 400, 'items.0.sealed:'],
    [
      'a sealed envelope with a short nonce',
      () => JSON.stringify({ items: [{ ...valid, sealed: { ...valid.sealed, iv: 'AAAA' } }] }),
      400,
      'items.0.sealed.iv:',
    ],
    [
      'a sealed envelope with an extra field',
      () => JSON.stringify({ items: [{ ...valid, sealed: { ...valid.sealed, answers: {} } }] }),
      400,
      'items.0.sealed.answers: unknown key',
    ],
    [
      'another sealing algorithm',
      () => JSON.stringify({ items: [{ ...valid, sealed: { ...valid.sealed, alg: 'none' } }] }),
      400,
      'items.0.sealed.alg:',
    ],
    ['an unknown kind', () => JSON.stringify({ items: [{ ...valid, kind: 'poem' }] }), 400, 'items.0.kind:'],
    [
      'staffId on the kiosk channel',
      () => JSON.stringify({ items: [{ ...valid, staffId: 'S-12' }] }),
      400,
      'items.0.staffId:',
    ],
    [
      'the assisted channel without staffId',
      () => JSON.stringify({ items: [{ ...valid, channel: 'assisted' }] }),
      400,
      'items.0.staffId:',
    ],
    ['__proto__ poisoning', () => '{"items":[],"__proto__":{"x":1}}', 400, ''],
  ];

  it.each(cases)('%s → %i', async (_name, body, status, messagePart) => {
    const res = await send(body());
    expect(res.statusCode).toBe(status);
    const json = res.json<ErrorBody>();
    expect(json.error.code).toBe('invalid_request');
    expect(json.error.message).toContain(messagePart);
  });

  it('answers a wrong content type with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await send('items=1', type);
      expect(res.statusCode).toBe(415);
      expect(res.json<ErrorBody>().error.code).toBe('unsupported_media_type');
    }
  });

  it.each([
    ['a path parameter over 100 characters', `/api/v1/track/${'9'.repeat(101)}`, 414, 'uri_too_long'],
    ['broken percent-encoding in the path', '/api/v1/track/%E0%A4%A', 400, 'invalid_request'],
  ])(
    "answers the router's own refusal of %s in the API's shape, with the server's headers",
    async (_n, url, status, code) => {
      const res = await server.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'router-refusal-1' } });
      expect(res.statusCode).toBe(status);
      expect(res.json<ErrorBody>().error.code).toBe(code);
      expect(res.body).not.toContain('999999');
      expect(res.headers[SERVER_ID_HEADER]).toBe(SERVER_NAME);
      expect(res.headers['x-request-id']).toBe('router-refusal-1');
    },
  );

  it('answers a body over the limit with 413', async () => {
    const res = await send(JSON.stringify({ items: [{ pad: 'x'.repeat(5 * 1024 * 1024) }] }));
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('payload_too_large');
  });

  it('property: any JSON body gets a JSON 4xx or 2xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await send(JSON.stringify(value));
        expect(res.statusCode).toBeLessThan(500);
        expect(res.headers['content-type']).toContain('application/json');
      }),
      { numRuns: 150 },
    );
  });

  it('property: batches with random fields swapped into a valid item never cause a 5xx', async () => {
    const field = fc.constantFrom(...Object.keys(valid), 'sealed.ct', 'sealed.epk', 'sealed.iv');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, fc.jsonValue()), { maxLength: 4 }), async (swaps) => {
        const item: Record<string, unknown> = { ...valid, sealed: { ...valid.sealed } };
        for (const [key, value] of swaps) {
          if (!key.startsWith('sealed.')) item[key] = value;
          else if (typeof item.sealed === 'object' && item.sealed !== null && !Array.isArray(item.sealed)) {
            item.sealed = { ...item.sealed, [key.slice(7)]: value };
          }
        }
        const res = await send(JSON.stringify({ items: [item] }));
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it("property: any damage to the envelope's bytes is a per-item 'unsealable', never a 5xx", async () => {
    const field = fc.constantFrom('ct' as const, 'epk' as const, 'iv' as const);
    await fc.assert(
      fc.asyncProperty(field, fc.nat(), fc.integer({ min: 1, max: 255 }), async (name, at, mask) => {
        const bytes = Buffer.from(target.sealed[name], 'base64');
        bytes[at % bytes.length] = bytes[at % bytes.length]! ^ mask;
        const item = { ...target, sealed: { ...target.sealed, [name]: bytes.toString('base64') } };
        const res = await send(JSON.stringify({ items: [item] }));
        expect(res.statusCode).toBe(422);
        expect(res.json<{ results: Array<{ error: { code: string } }> }>().results[0]?.error.code).toBe('unsealable');
      }),
      { numRuns: 100 },
    );
  });

  it('property: any raw bytes and any query string never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (raw, query) => {
        expect((await send(raw)).statusCode).toBeLessThan(500);
        for (const url of [
          `/api/v1/content/changes?${encodeURI(query)}`,
          `/api/v1/status-changes?${encodeURI(query)}`,
          `/api/v1/track/${encodeURIComponent(raw)}`,
        ]) {
          const res = await server.app.inject({ method: 'GET', url, headers: authHeaders() });
          expect(res.statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('2,000 seeded requests of every family against every kiosk endpoint: each as expected, none a 5xx', async () => {
    // Sequences 101+ so that the cases above, which must never see their items stored, are untouched.
    const valid = await Promise.all([
      makeSubmission(101),
      makePetition(102),
      makeLawComment(103),
      makeFeedback(104),
      makePetition(105),
    ]);
    const tally = await sendBadRequests(server.app, badRequestGenerator(20261203, { valid }), 2000);
    expect(tally.unexpected).toEqual([]);
    expect(tally.fiveXx).toBe(0);
    expect(tally.notJson).toBe(0);
    expect(Object.keys(tally.statuses).sort()).toEqual([...FAMILIES].sort());
  });
});
