import { OPERATOR_ROLES, type OperatorRole } from '../../src-shared/console/console-api.js';

/**
 * Who may call each console route, and within what scope. Pure data and one pure function, so
 * the whole matrix is read here, tested as a table, and enforced by one hook for every route
 * (`http/console-auth.ts`); a console route without an entry here cannot be registered.
 */

/** `'public'`: no session needed (sign-in only). `'signed_in'`: any role. Else: these roles. */
export type Audience = 'public' | 'signed_in' | readonly OperatorRole[];

/**
 * What a route's target is scoped by: `aimag` when the route acts on one aimag's data (named by
 * the `aimag` query parameter), so an aimag operator is held to its own; `none` otherwise.
 */
export type Scope = 'none' | 'aimag';

export interface RoutePolicy {
  audience: Audience;
  scope: Scope;
}

/** Every role that only reads: the auditor reads everything and changes nothing. */
const READERS_OF_EVERYTHING: readonly OperatorRole[] = ['admin', 'auditor'];

/** Who publishes content; the auditor reads the history too. */
const PUBLISHERS: readonly OperatorRole[] = ['admin', 'publisher'];
const READERS_OF_PUBLICATIONS: readonly OperatorRole[] = ['admin', 'publisher', 'auditor'];
/** Who works on cases: within their scope (an aimag's kiosks, an agency's forwarded cases). */
const CASE_WORKERS: readonly OperatorRole[] = ['admin', 'aimag_operator', 'agency_handler'];
/** Who reads cases: the workers and the auditor. The publisher has no cases. */
const CASE_READERS: readonly OperatorRole[] = [...CASE_WORKERS, 'auditor'];
/** Who reads the kiosks page: national, an aimag's own kiosks, the auditor. */
const KIOSK_READERS: readonly OperatorRole[] = ['admin', 'aimag_operator', 'auditor'];

/** Keys are `METHOD url` exactly as the route is registered. */
export const CONSOLE_ROUTE_POLICIES = {
  'POST /console/api/session': { audience: 'public', scope: 'none' },
  'GET /console/api/session': { audience: 'signed_in', scope: 'none' },
  'DELETE /console/api/session': { audience: 'signed_in', scope: 'none' },
  'DELETE /console/api/sessions': { audience: 'signed_in', scope: 'none' },
  'GET /console/api/operators': { audience: READERS_OF_EVERYTHING, scope: 'none' },
  'POST /console/api/operators': { audience: ['admin'], scope: 'none' },
  'POST /console/api/operators/:login/disable': { audience: ['admin'], scope: 'none' },
  'POST /console/api/operators/:login/password': { audience: ['admin'], scope: 'none' },
  'GET /console/api/audit': { audience: READERS_OF_EVERYTHING, scope: 'none' },
  'GET /console/api/report': { audience: ['admin', 'auditor', 'aimag_operator'], scope: 'aimag' },
  'POST /console/api/report/public': { audience: ['admin'], scope: 'none' },
  'GET /console/api/laws/:lawId/comments': {
    audience: ['admin', 'publisher', 'auditor', 'aimag_operator'],
    scope: 'aimag',
  },
  'POST /console/api/publications/preview': { audience: PUBLISHERS, scope: 'none' },
  'POST /console/api/publications/:id/republish': { audience: PUBLISHERS, scope: 'none' },
  'POST /console/api/publications': { audience: PUBLISHERS, scope: 'none' },
  'GET /console/api/publications': { audience: READERS_OF_PUBLICATIONS, scope: 'none' },
  'GET /console/api/publications/:id': { audience: READERS_OF_PUBLICATIONS, scope: 'none' },
  // Cases: the list names its aimag by `?aimag=`; a case by its id is checked by `decideCase`.
  'GET /console/api/cases': { audience: CASE_READERS, scope: 'aimag' },
  'GET /console/api/cases/export': { audience: CASE_READERS, scope: 'aimag' },
  'GET /console/api/cases/:id': { audience: CASE_READERS, scope: 'none' },
  'POST /console/api/cases/:id/forward': { audience: CASE_WORKERS, scope: 'none' },
  'POST /console/api/cases/:id/take': { audience: CASE_WORKERS, scope: 'none' },
  'POST /console/api/cases/:id/extend': { audience: CASE_WORKERS, scope: 'none' },
  'POST /console/api/cases/:id/answer': { audience: CASE_WORKERS, scope: 'none' },
  'POST /console/api/cases/:id/return': { audience: CASE_WORKERS, scope: 'none' },
  'POST /console/api/cases/:id/notes': { audience: CASE_WORKERS, scope: 'none' },
  // Public hearings (issue 19): each hearing's number of kiosk sign-ups, for its organiser.
  'GET /console/api/hearings': { audience: CASE_READERS, scope: 'aimag' },
  'GET /console/api/kiosks': { audience: KIOSK_READERS, scope: 'aimag' },
  'GET /console/api/kiosks/export': { audience: KIOSK_READERS, scope: 'aimag' },
  // The fleet (issue 17): an aimag operator reads its own aimag's kiosks; only an administrator changes settings.
  'GET /console/api/fleet': { audience: KIOSK_READERS, scope: 'aimag' },
  'GET /console/api/fleet/:code': { audience: KIOSK_READERS, scope: 'aimag' },
  'POST /console/api/fleet/:code/settings': { audience: ['admin'], scope: 'none' },
  'POST /console/api/fleet/:code/settings/rollback': { audience: ['admin'], scope: 'none' },
  // Enrolment (issue 17): only an administrator makes codes, revokes kiosks and sets their PINs.
  'POST /console/api/kiosks/enrolment-codes': { audience: ['admin'], scope: 'none' },
  'POST /console/api/kiosks/:kioskCode/revoke': { audience: ['admin'], scope: 'none' },
  'PUT /console/api/kiosks/:kioskCode/pins': { audience: ['admin'], scope: 'none' },
} as const satisfies Record<string, RoutePolicy>;

export type ConsoleRouteKey = keyof typeof CONSOLE_ROUTE_POLICIES;

export function policyFor(method: string, url: string): RoutePolicy | undefined {
  const key = `${method.toUpperCase()} ${url}`;
  return Object.hasOwn(CONSOLE_ROUTE_POLICIES, key) ? CONSOLE_ROUTE_POLICIES[key as ConsoleRouteKey] : undefined;
}

/** The part of an operator that decides access. */
export interface Principal {
  role: OperatorRole;
  aimagCode: string | null;
  agencyId: string | null;
}

/** What the request asks for, as far as scope goes. */
export interface Target {
  /** The aimag the request names (`?aimag=`), or null for "all I may see". */
  aimagCode: string | null;
}

export type Decision =
  | {
      allowed: true;
      /** The aimag the handler must restrict its data to; null = no restriction. */
      aimagCode: string | null;
    }
  | { allowed: false; reason: 'role' | 'scope' | 'misconfigured'; message: string };

/**
 * Allowed or not, and the scope the handler must apply. A signed-in principal is assumed
 * (unauthenticated requests to non-public routes are answered 401 before this is asked).
 */
export function decide(principal: Principal, policy: RoutePolicy, target: Target): Decision {
  if (policy.audience !== 'public' && policy.audience !== 'signed_in' && !policy.audience.includes(principal.role)) {
    return { allowed: false, reason: 'role', message: `the role ${principal.role} may not do this` };
  }
  if (policy.scope === 'none') return { allowed: true, aimagCode: null };
  // Scope 'aimag': an aimag operator only ever sees its own aimag; everyone else sees what they name.
  if (principal.role !== 'aimag_operator') return { allowed: true, aimagCode: target.aimagCode };
  if (principal.aimagCode === null) {
    return { allowed: false, reason: 'misconfigured', message: 'this aimag operator account has no aimag' };
  }
  if (target.aimagCode !== null && target.aimagCode !== principal.aimagCode) {
    return {
      allowed: false,
      reason: 'scope',
      message: `an operator of aimag ${principal.aimagCode} may not see aimag ${target.aimagCode}`,
    };
  }
  return { allowed: true, aimagCode: principal.aimagCode };
}

/** What decides access to one case: its kiosk's aimag and the agency it is forwarded to now. */
export interface CaseTarget {
  aimagCode: string | null;
  agencyId: string | null;
}

/**
 * May this principal (already past the route's role check) reach this one case, named by its
 * id in the URL? An aimag operator: only a case from a kiosk of its aimag. An agency handler:
 * only a case forwarded to its agency now. Administrator and auditor: every case.
 */
export function decideCase(principal: Principal, target: CaseTarget): Decision {
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return { allowed: true, aimagCode: null };
    case 'aimag_operator':
      if (principal.aimagCode === null) {
        return { allowed: false, reason: 'misconfigured', message: 'this aimag operator account has no aimag' };
      }
      return target.aimagCode === principal.aimagCode
        ? { allowed: true, aimagCode: principal.aimagCode }
        : {
            allowed: false,
            reason: 'scope',
            message: `an operator of aimag ${principal.aimagCode} may not see a case of aimag ${target.aimagCode ?? 'unknown'}`,
          };
    case 'agency_handler':
      if (principal.agencyId === null) {
        return { allowed: false, reason: 'misconfigured', message: 'this agency handler account has no agency' };
      }
      return target.agencyId === principal.agencyId
        ? { allowed: true, aimagCode: null }
        : {
            allowed: false,
            reason: 'scope',
            message: `a handler of ${principal.agencyId} may see only the cases forwarded to it`,
          };
    case 'publisher':
      return { allowed: false, reason: 'role', message: 'the role publisher may not do this' };
  }
}

export { OPERATOR_ROLES };
