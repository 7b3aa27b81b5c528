import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { seededRandom } from './prng.js';

/**
 * A seeded fuzz of every route the server has, read from its own OpenAPI document: whatever is
 * added later is fuzzed too, without anyone remembering to list it. Each request spoils one or
 * more of path parameters, query, headers, credentials and body; the server may refuse it in any
 * 4xx (or answer it), never with a 5xx.
 */

export interface FuzzRoute {
  method: string;
  /** The OpenAPI path, with `{name}` for each parameter. */
  path: string;
}

export interface FuzzCredentials {
  /** A kiosk's valid bearer credential. */
  kiosk: string;
  /** The metrics bearer token. */
  metrics: string;
  /** A signed-in console session: its cookie header and CSRF token. */
  console: { cookie: string; csrfToken: string; origin: string; host: string };
  /** A kiosk code whose tracking numbers are well formed. */
  kioskCode: string;
}

export interface FuzzRequest {
  route: FuzzRoute;
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Answers that are not JSON on purpose: HTML pages, Prometheus text, CSV exports, 204s. */
export function answersNonJson(route: FuzzRoute, status: number): boolean {
  if (status === 204) return true; // no content at all
  if (route.path.endsWith('/export') && status < 300) return true; // CSV files
  return (
    route.path === '/api/docs' || route.path === '/console' || route.path === '/console/*' || route.path === '/metrics'
  );
}

const ODD_TEXT = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${7*7}',
  'Өлгий',
  '😀',
  '\u202e',
];

const QUERY_NAMES = [
  'after',
  'limit',
  'maxBytes',
  'status',
  'aimag',
  'kind',
  'q',
  'page',
  'cursor',
  'from',
  'to',
  'service_code',
  'jurisdiction_id',
  'start_date',
  'end_date',
  '__proto__',
  'constructor',
  'x',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/xml',
  'application/octet-stream',
];

/** A function returning the next request of a seeded sequence, going round the routes in turn. */
export function routeFuzzer(seed: number, routes: readonly FuzzRoute[], creds: FuzzCredentials): () => FuzzRequest {
  const random = seededRandom(seed);
  const int = (max: number) => Math.floor(random() * max);
  const chance = (p: number) => random() < p;
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const randomText = (length: number) =>
    Array.from({ length }, () => String.fromCodePoint(pick([32 + int(95), 0x400 + int(256), 0x1f600 + int(80)]))).join(
      '',
    );
  const trackingNo = () => makeTrackingNumber(creds.kioskCode, 1 + int(2000)).text;

  /** Any JSON value, nested up to `depth`, with the awkward cases over-represented. */
  const jsonValue = (depth: number): unknown => {
    switch (int(depth > 0 ? 9 : 6)) {
      case 0:
        return null;
      case 1:
        return chance(0.5);
      case 2:
        return pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 42]);
      case 3:
        return pick(ODD_TEXT);
      case 4:
        return randomText(int(60));
      case 5:
        return chance(0.1) ? 'x'.repeat(10_000 + int(200_000)) : trackingNo();
      case 6:
      case 7: {
        const out: Record<string, unknown> = {};
        const names = [...QUERY_NAMES, 'login', 'password', 'text', 'secret', 'items', 'reason', 'agencyId', 'role'];
        for (let n = int(6); n > 0; n--) out[chance(0.2) ? randomText(1 + int(8)) : pick(names)] = jsonValue(depth - 1);
        return out;
      }
      default:
        return Array.from({ length: int(5) }, () => jsonValue(depth - 1));
    }
  };

  const pathParam = (name: string): string => {
    switch (int(7)) {
      case 0:
        return encodeURIComponent(trackingNo());
      case 1:
        return String(int(10_000));
      case 2:
        return encodeURIComponent(randomText(1 + int(40)));
      case 3:
        return pick(['%', '%zz', '%E0%A4%A', '..%2F..%2F', '%2e%2e', 'a%00b']);
      case 4:
        return '9'.repeat(1 + int(4000));
      case 5:
        return name === 'login' ? pick(['other', 'nobody', 'ADMIN']) : encodeURIComponent(pick(ODD_TEXT) || 'x');
      default:
        return encodeURIComponent(`${int(100)}`);
    }
  };

  const query = (): string => {
    if (chance(0.4)) return '';
    const parts = Array.from({ length: 1 + int(6) }, () => {
      const name = chance(0.85) ? pick(QUERY_NAMES) : encodeURIComponent(randomText(1 + int(10)));
      const value = chance(0.5) ? encodeURIComponent(pick(ODD_TEXT)) : encodeURIComponent(randomText(int(30)));
      return chance(0.1) ? name : `${name}=${value}`;
    });
    if (chance(0.05)) parts.push(`q=${'9'.repeat(6000)}`);
    return `?${parts.join('&')}`;
  };

  const body = (): string | Buffer => {
    switch (int(8)) {
      case 0:
        return '';
      case 1: {
        const text = JSON.stringify(jsonValue(3));
        return text.slice(0, int(text.length));
      }
      case 2: {
        const depth = 100 + int(20_000);
        return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
      }
      case 3: {
        const bytes = Buffer.alloc(int(2048));
        for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
        return bytes;
      }
      default:
        return JSON.stringify(jsonValue(3)) ?? 'null';
    }
  };

  /** The credentials this route might want, each sometimes right, mostly wrong or missing. */
  const headersFor = (route: FuzzRoute, hasBody: boolean): Record<string, string> => {
    const headers: Record<string, string> = {};
    const isConsole = route.path.startsWith('/console/api');
    if (isConsole) {
      const c = creds.console;
      switch (int(5)) {
        case 0:
          break; // no session at all
        case 1:
          headers.cookie = c.cookie.replace(/=.*/, `=${randomText(1 + int(80)).replace(/[^\x21-\x7e]/g, 'A')}`);
          break;
        case 2: // a valid session without the CSRF token or origin
          headers.cookie = c.cookie;
          break;
        default:
          headers.cookie = c.cookie;
          headers.host = c.host;
          headers.origin = c.origin;
          headers['sec-fetch-site'] = 'same-origin';
          headers['x-csrf-token'] = chance(0.8) ? c.csrfToken : randomText(20).replace(/[^\x21-\x7e]/g, 'B');
      }
    } else if (route.path === '/metrics') {
      const token = pick([creds.metrics, `${creds.metrics}x`, '', randomText(20)]);
      if (token !== '' || chance(0.5)) headers.authorization = `Bearer ${token.replace(/[^\x21-\x7e]/g, 'C')}`;
    } else if (route.path.startsWith('/api/v1/')) {
      switch (int(4)) {
        case 0:
          break;
        case 1:
          headers.authorization = pick([
            'Bearer',
            'Bearer ',
            `Bearer ${creds.kiosk}x`,
            "Bearer ' OR 1=1",
            'Basic Og==',
          ]);
          break;
        default:
          headers.authorization = `Bearer ${creds.kiosk}`;
      }
    }
    if (hasBody) headers['content-type'] = chance(0.75) ? 'application/json' : pick(CONTENT_TYPES);
    if (chance(0.1)) headers['accept-encoding'] = pick(['br', 'gzip', 'deflate', 'identity', 'br;q=0, *;q=0', 'xyz']);
    if (chance(0.05)) headers['x-forwarded-for'] = pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
    return headers;
  };

  let turn = 0;
  return () => {
    const route = routes[turn++ % routes.length]!;
    // Mostly the route's own method; sometimes one it does not have.
    const method = chance(0.9)
      ? route.method.toUpperCase()
      : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    const path = route.path
      .replace(/\{(\w+)\}/g, (_, name: string) => pathParam(name))
      .replace(
        '/*',
        `/${chance(0.5) ? encodeURIComponent(randomText(1 + int(30))) : pick(['index.html', 'x.js', '..%2F..%2Fpackage.json', ''])}`,
      );
    const hasBody = method !== 'GET' && method !== 'OPTIONS' && (method !== 'DELETE' || chance(0.5));
    return {
      route,
      method,
      url: `${path}${query()}`,
      headers: headersFor(route, hasBody),
      body: hasBody ? body() : undefined,
    };
  };
}

/** Requests no client library would send, written to a raw socket: the HTTP parser's own refusals. */
export function malformedRequests(kioskCredential: string): string[] {
  const ok = 'Host: 127.0.0.1\r\n';
  return [
    'GARBAGE\r\n\r\n',
    'GET\r\n\r\n',
    'GET /api/v1/health HTTP/9.9\r\n\r\n',
    `GET /api/v1/health HTTP/1.1\r\n${ok}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /${'a'.repeat(70_000)} HTTP/1.1\r\n${ok}\r\n`,
    `GET /api/v1/track/%zz HTTP/1.1\r\n${ok}\r\n`,
    `GET /api/v1/health HTTP/1.1\r\n${ok}Bad Header Name: x\r\n\r\n`,
    `GET /api/v1/health HTTP/1.1\r\n${ok}X-Null: a\u0000b\r\n\r\n`,
    `POST /api/v1/submissions/batch HTTP/1.1\r\n${ok}Authorization: Bearer ${kioskCredential}\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST /api/v1/submissions/batch HTTP/1.1\r\n${ok}Authorization: Bearer ${kioskCredential}\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n`,
    `POST /api/v1/submissions/batch HTTP/1.1\r\n${ok}Authorization: Bearer ${kioskCredential}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    `POST /console/api/session HTTP/1.1\r\n${ok}Content-Type: application/json\r\nContent-Length: 3\r\n\r\n{"a`,
    `GET /api/v1/health HTTP/1.1\r\n${ok}${Array.from({ length: 3000 }, (_, i) => `X-${i}: y\r\n`).join('')}\r\n`,
  ];
}
