import type { FastifyInstance } from 'fastify';
import { BODY_LIMIT_BYTES } from '../../../src-server/app.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { seededRandom } from '../../faults/support/prng.js';
import { DEMO_CREDENTIAL, DEMO_KIOSK_CODE } from './helpers.js';

/**
 * Seeded request generator for "bad input at scale": every kiosk endpoint, with bodies and
 * headers from valid to hostile. Shared by the vitest suite (a few thousand) and
 * `tests/bench/bad-input.bench.ts` (100,000), so both judge the same families the same way.
 */
export const FAMILIES = [
  'valid',
  'truncated',
  'wrong_type',
  'huge',
  'deep',
  'bad_seal',
  'bad_credential',
  'content_type',
  'raw_bytes',
  'query',
  'track',
  'method',
] as const;
export type Family = (typeof FAMILIES)[number];

export interface BadRequest {
  family: Family;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** The statuses this request may get; anything else is counted as unexpected. */
  expect: readonly number[];
}

const BATCH_URL = '/api/v1/submissions/batch';
const KIOSK_GETS = ['/api/v1/content/changes', '/api/v1/status-changes'] as const;
const ANY_4XX = [400, 401, 404, 405, 409, 413, 415, 422] as const;

/** Values of every JSON type, including the awkward ones (huge numbers, empty containers). */
const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  'x'.repeat(300),
  '\u0000',
  '😀',
  '__proto__',
  [],
  [1, 2, 3],
  {},
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
];

const QUERY_VALUES = [
  '',
  '-1',
  '0',
  '1',
  '1.5',
  '0x10',
  '1e3',
  'abc',
  '9'.repeat(400),
  'NaN',
  'Infinity',
  '%00',
  '%ZZ',
];
const QUERY_NAMES = ['after', 'limit', 'maxBytes', 'x', '__proto__', 'constructor'];

export interface BadRequestFixtures {
  /** Valid sealed items of the demo kiosk; the first send of each is stored, later ones are replays. */
  valid: readonly Submission[];
}

/** A function that returns the next request of a seeded sequence, cycling through the families. */
export function badRequestGenerator(seed: number, { valid }: BadRequestFixtures): () => BadRequest {
  const random = seededRandom(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const auth: Record<string, string> = {
    authorization: `Bearer ${DEMO_CREDENTIAL}`,
    'content-type': 'application/json',
  };
  const post = (family: Family, payload: string | Buffer, expect: readonly number[], headers = auth): BadRequest => ({
    family,
    method: 'POST',
    url: BATCH_URL,
    headers,
    payload,
    expect,
  });
  const item = (): Record<string, unknown> => {
    const base = pick(valid);
    return { ...base, sealed: { ...base.sealed } };
  };
  const uuid = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => int(16).toString(16));
  const randomText = (length: number) =>
    Array.from({ length }, () => String.fromCodePoint(pick([int(128), 0x400 + int(256), 0x1f600 + int(80)]))).join('');

  const make: Record<Family, () => BadRequest> = {
    valid: () => {
      switch (int(4)) {
        case 0:
          return post('valid', JSON.stringify({ items: [pick(valid), pick(valid)] }), [200]);
        case 1:
          return get('valid', `/api/v1/content/changes?after=${int(30)}&limit=${1 + int(50)}`, [200]);
        case 2:
          return get('valid', `/api/v1/status-changes?after=${int(5)}`, [200]);
        default:
          return get(
            'valid',
            `/api/v1/track/${makeTrackingNumber(DEMO_KIOSK_CODE, 1 + int(1000)).text}`,
            [200, 404, 429],
          );
      }
    },
    truncated: () => {
      const text = JSON.stringify({ items: [item()] });
      return post('truncated', text.slice(0, int(text.length)), [400]);
    },
    wrong_type: () => {
      const broken = item();
      const fields = [...Object.keys(broken), 'sealed.ct', 'sealed.epk', 'sealed.iv', 'sealed.alg'];
      for (let n = 1 + int(3); n > 0; n--) {
        const field = pick(fields);
        const value = pick(ODD_VALUES);
        const sealed = broken.sealed;
        if (!field.startsWith('sealed.')) broken[field] = value;
        else if (typeof sealed === 'object' && sealed !== null && !Array.isArray(sealed)) {
          broken.sealed = { ...sealed, [field.slice(7)]: value };
        }
      }
      const body = int(4) === 0 ? pick(ODD_VALUES) : { items: int(3) === 0 ? pick(ODD_VALUES) : [broken] };
      return post('wrong_type', JSON.stringify(body), ANY_4XX);
    },
    huge: () => {
      switch (int(3)) {
        case 0: // Over the body limit: refused from its Content-Length, before it is read.
          return post('huge', overLimitBody(), [413]);
        case 1: // Under the limit, but one field far past its schema's maximum.
          return post('huge', JSON.stringify({ items: [{ ...item(), trackingNo: 'x'.repeat(1_000_000) }] }), [400]);
        default: // Far more items than a batch may hold, each of them wrong.
          return post('huge', JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i })) }), [400]);
      }
    },
    deep: () => {
      // Mostly a few thousand levels; one in twenty beyond a hundred thousand (over a megabyte).
      const depth = int(20) === 0 ? 100_000 + int(100_000) : 100 + int(5000);
      const open = pick(['[', '{"a":']);
      const close = open === '[' ? ']' : '}';
      const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
      const where = int(3);
      const body =
        where === 0
          ? nested
          : where === 1
            ? `{"items":[${nested}]}`
            : JSON.stringify({ items: [{ ...item(), staffId: 0 }] }).replace('"staffId":0', `"staffId":${nested}`);
      return post('deep', body, ANY_4XX);
    },
    bad_seal: () => {
      // A key never stored, so the refusal comes from the envelope, not from a replay check.
      const broken: Record<string, unknown> = { ...item(), idempotencyKey: uuid() };
      const sealed = broken.sealed as Record<string, string>;
      if (int(2) === 0) {
        const name = pick(['ct', 'epk', 'iv'] as const);
        const bytes = Buffer.from(sealed[name]!, 'base64');
        const at = int(bytes.length);
        bytes[at] = bytes[at]! ^ (1 + int(255));
        sealed[name] = bytes.toString('base64');
      } else {
        broken.sealed = { ...pick(valid).sealed }; // another submission's envelope: bound to its key
      }
      return post('bad_seal', JSON.stringify({ items: [broken] }), [422]);
    },
    bad_credential: () => {
      const header = pick([
        undefined,
        '',
        'Bearer',
        'Bearer ',
        `Basic ${Buffer.from('kiosk:secret').toString('base64')}`,
        `Bearer ${DEMO_CREDENTIAL}x`,
        `Bearer ${DEMO_CREDENTIAL.slice(1)}`,
        `Bearer ${'A'.repeat(600)}`,
        `Bearer ${uuid()}`,
        `bearer  ${uuid()}`,
        `Bearer ' OR 1=1 --`,
      ]);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (header !== undefined) headers.authorization = header;
      if (int(2) === 0) return post('bad_credential', JSON.stringify({ items: [pick(valid)] }), [401], headers);
      return { family: 'bad_credential', method: 'GET', url: pick(KIOSK_GETS), headers, expect: [401] };
    },
    content_type: () => {
      const type = pick([
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'image/png',
      ]);
      return post('content_type', JSON.stringify({ items: [pick(valid)] }), [415], { ...auth, 'content-type': type });
    },
    raw_bytes: () => {
      const bytes = Buffer.alloc(int(4096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
      return post('raw_bytes', bytes, [400]);
    },
    query: () => {
      const parts = Array.from(
        { length: int(5) },
        () => `${pick(QUERY_NAMES)}=${int(3) === 0 ? encodeURIComponent(randomText(1 + int(40))) : pick(QUERY_VALUES)}`,
      );
      return get('query', `${pick(KIOSK_GETS)}?${parts.join('&')}`, [200, 400]);
    },
    track: () => {
      const raw = pick([
        () => randomText(1 + int(200)),
        () => makeTrackingNumber(DEMO_KIOSK_CODE, 1 + int(999_999)).text.slice(0, -1) + String(int(10)),
        () => '9'.repeat(1 + int(4000)),
        () => '../../etc/passwd',
        () => '%',
      ])();
      // Some paths are sent with broken percent-encoding, as a hand-made client might.
      const path = int(8) === 0 ? pick(['%', '%zz', '%E0%A4%A', '0421%00']) : encodeURIComponent(raw);
      // 414: a path parameter longer than the router takes (100 characters). 429: the public
      // tracker's limit per client, which a flood from one address reaches (issue 17).
      if (int(3) > 0) return get('track', `/api/v1/track/${path}`, [200, 400, 404, 414, 429]);
      // The answer look-up: odd secrets and bodies. (The generated submissions have no receipt
      // secret, so a well-formed one is a 409, never a slow key derivation.)
      const secret = pick([
        () => pick(ODD_VALUES),
        () => randomText(1 + int(60)),
        () => '1'.repeat(int(30)),
        () => '4821 3905 7712',
      ])();
      return {
        family: 'track',
        method: 'POST',
        url: `/api/v1/track/${int(2) === 0 ? path : makeTrackingNumber(DEMO_KIOSK_CODE, 1 + int(1000)).text}/answer`,
        headers: { 'content-type': 'application/json' },
        payload: int(10) === 0 ? randomText(1 + int(100)) : JSON.stringify(int(10) === 0 ? secret : { secret }),
        expect: [400, 403, 404, 409, 414, 429],
      };
    },
    method: () => ({
      family: 'method',
      method: pick(['PUT', 'DELETE', 'PATCH'] as const),
      url: pick([BATCH_URL, ...KIOSK_GETS, '/api/v1/health', '/api/v1/track/0421-000001-7']),
      headers: auth,
      payload: JSON.stringify({ items: [pick(valid)] }),
      expect: [401, 404],
    }),
  };

  function get(family: Family, url: string, expect: readonly number[]): BadRequest {
    return { family, method: 'GET', url, headers: auth, expect };
  }

  let next = 0;
  return () => make[FAMILIES[next++ % FAMILIES.length]!]();
}

let overLimit: Buffer | undefined;
/** One body just over the limit, made once: a hundred thousand copies would test the test. */
function overLimitBody(): Buffer {
  overLimit ??= Buffer.from(`{"items":[{"pad":"${'x'.repeat(BODY_LIMIT_BYTES)}"}]}`, 'utf8');
  return overLimit;
}

export interface BadRequestTally {
  requests: number;
  fiveXx: number;
  /** Answers that were not JSON (every answer of this API is). */
  notJson: number;
  /** Requests whose status was not among those their family may get. */
  unexpected: Array<{ family: Family; method: string; url: string; status: number; body: string }>;
  /** Status counts per family. */
  statuses: Record<string, Record<number, number>>;
}

/** Sends `count` generated requests through `app.inject`, one at a time, and tallies the answers. */
export async function sendBadRequests(
  app: FastifyInstance,
  next: () => BadRequest,
  count: number,
  tally: BadRequestTally = emptyTally(),
): Promise<BadRequestTally> {
  for (let i = 0; i < count; i++) {
    const req = next();
    const res = await app.inject({ method: req.method, url: req.url, headers: req.headers, payload: req.payload });
    tally.requests++;
    const byStatus = (tally.statuses[req.family] ??= {});
    byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
    if (res.statusCode >= 500) tally.fiveXx++;
    if (!String(res.headers['content-type']).startsWith('application/json')) tally.notJson++;
    if (!req.expect.includes(res.statusCode) && tally.unexpected.length < 20) {
      tally.unexpected.push({
        family: req.family,
        method: req.method,
        url: req.url.slice(0, 200),
        status: res.statusCode,
        body: res.body.slice(0, 300),
      });
    }
  }
  return tally;
}

export function emptyTally(): BadRequestTally {
  return { requests: 0, fiveXx: 0, notJson: 0, unexpected: [], statuses: {} };
}
