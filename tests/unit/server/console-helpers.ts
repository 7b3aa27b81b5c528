import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, type OperatorRole } from '../../../src-shared/console/console-api.js';
import { addOperator, CLI_ACTOR } from '../../../src-server/console/operators.js';
import { TEST_SCRYPT } from '../../../src-server/console/passwords.js';
import type { Database } from '../../../src-server/db/database.js';

export const TEST_PASSWORD = 'correct horse battery staple';
/** The Host every injected request uses, so Origin checks have something to match. */
export const CONSOLE_HOST = 'console.test';
export const CONSOLE_ORIGIN = `http://${CONSOLE_HOST}`;

export interface TestOperator {
  login: string;
  role: OperatorRole;
  aimagCode?: string;
  agencyId?: string;
}

/** One account of each role (the aimag operator of Arkhangai, 65), as the role matrix uses them. */
export const OPERATORS_BY_ROLE: Readonly<Record<OperatorRole, TestOperator>> = {
  admin: { login: 'admin', role: 'admin' },
  aimag_operator: { login: 'arkhangai', role: 'aimag_operator', aimagCode: '65' },
  agency_handler: { login: 'registry', role: 'agency_handler', agencyId: 'state-registration' },
  publisher: { login: 'publisher', role: 'publisher' },
  auditor: { login: 'auditor', role: 'auditor' },
};

export async function addTestOperator(db: Database, op: TestOperator, now = new Date()): Promise<void> {
  await addOperator(
    db,
    {
      login: op.login,
      password: TEST_PASSWORD,
      role: op.role,
      aimagCode: op.aimagCode ?? null,
      agencyId: op.agencyId ?? null,
    },
    { actor: CLI_ACTOR, now, params: TEST_SCRYPT },
  );
}

/** What a signed-in browser sends back: the cookie, and the CSRF token for state-changing requests. */
export interface ConsoleClient {
  cookie: string;
  csrfToken: string;
  headers: (changing?: boolean) => Record<string, string>;
}

export function postSignIn(
  app: FastifyInstance,
  login: string,
  password: string,
  extraHeaders: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/console/api/session',
    headers: { host: CONSOLE_HOST, origin: CONSOLE_ORIGIN, 'sec-fetch-site': 'same-origin', ...extraHeaders },
    payload: { login, password },
  });
}

/** The session cookie's value from a Set-Cookie header. */
export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [String(header)];
  for (const c of all) {
    const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(c);
    if (m) return m[1] ?? null;
  }
  return null;
}

export async function signInAs(app: FastifyInstance, login: string, password = TEST_PASSWORD): Promise<ConsoleClient> {
  const res = await postSignIn(app, login, password);
  if (res.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  const token = sessionCookieOf(res);
  if (!token) throw new Error('no session cookie');
  const csrfToken = res.json<{ csrfToken: string }>().csrfToken;
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    cookie,
    csrfToken,
    headers: (changing = false) => ({
      host: CONSOLE_HOST,
      cookie,
      ...(changing ? { origin: CONSOLE_ORIGIN, 'sec-fetch-site': 'same-origin', [CSRF_HEADER]: csrfToken } : {}),
    }),
  };
}
