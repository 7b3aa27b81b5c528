import { describe, expect, it } from 'vitest';
import { isAimagCode } from '../../../src-shared/rules/aimag-codes.js';
import { CONSOLE_ROUTE_POLICIES, decide, policyFor, type Principal } from '../../../src-server/console/policy.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './helpers.js';

const admin: Principal = { role: 'admin', aimagCode: null, agencyId: null };
const arkhangai: Principal = { role: 'aimag_operator', aimagCode: '65', agencyId: null };
const auditor: Principal = { role: 'auditor', aimagCode: null, agencyId: null };
const handler: Principal = { role: 'agency_handler', aimagCode: null, agencyId: 'state-registration' };
const comments = CONSOLE_ROUTE_POLICIES['GET /console/api/laws/:lawId/comments'];

describe('console policy', () => {
  it('finds a route by method and registered url, HEAD and case aside', () => {
    expect(policyFor('get', '/console/api/audit')).toBe(CONSOLE_ROUTE_POLICIES['GET /console/api/audit']);
    expect(policyFor('GET', '/console/api/nothing')).toBeUndefined();
    expect(policyFor('GET', 'toString')).toBeUndefined();
  });

  it('allows by role', () => {
    expect(decide(auditor, CONSOLE_ROUTE_POLICIES['GET /console/api/audit'], { aimagCode: null }).allowed).toBe(true);
    expect(decide(auditor, CONSOLE_ROUTE_POLICIES['POST /console/api/operators'], { aimagCode: null })).toMatchObject({
      allowed: false,
      reason: 'role',
    });
    expect(decide(handler, comments, { aimagCode: null })).toMatchObject({ allowed: false, reason: 'role' });
    expect(decide(handler, CONSOLE_ROUTE_POLICIES['DELETE /console/api/sessions'], { aimagCode: null }).allowed).toBe(
      true,
    );
  });

  it('holds an aimag operator to its aimag, and restricts the data even when it names none', () => {
    expect(decide(arkhangai, comments, { aimagCode: null })).toEqual({ allowed: true, aimagCode: '65' });
    expect(decide(arkhangai, comments, { aimagCode: '65' })).toEqual({ allowed: true, aimagCode: '65' });
    expect(decide(arkhangai, comments, { aimagCode: '83' })).toMatchObject({ allowed: false, reason: 'scope' });
    expect(decide({ ...arkhangai, aimagCode: null }, comments, { aimagCode: null })).toMatchObject({
      allowed: false,
      reason: 'misconfigured',
    });
  });

  it('lets national roles name any aimag or none', () => {
    expect(decide(admin, comments, { aimagCode: null })).toEqual({ allowed: true, aimagCode: null });
    expect(decide(auditor, comments, { aimagCode: '83' })).toEqual({ allowed: true, aimagCode: '83' });
  });

  it('never lets the auditor change anything', () => {
    for (const [key, policy] of Object.entries(CONSOLE_ROUTE_POLICIES)) {
      const method = key.split(' ')[0];
      const changes = method !== 'GET' && !key.includes('/session');
      if (changes) expect(decide(auditor, policy, { aimagCode: null }).allowed, key).toBe(false);
    }
  });

  it('knows every aimag of the published places, and nothing else', () => {
    const places = JSON.parse(readFileSync(path.join(REPO_ROOT, 'assets/demo-content/places.json'), 'utf8')) as {
      id: string;
    }[];
    expect(places).toHaveLength(22);
    for (const place of places) expect(isAimagCode(place.id), place.id).toBe(true);
    expect(isAimagCode('99')).toBe(false);
    expect(isAimagCode('6504')).toBe(false);
    expect(isAimagCode('hasOwnProperty')).toBe(false);
  });
});
