import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENROLMENT_CODE_ALPHABET,
  KIOSK_AUTH_SIGNING_PREFIX,
  normalizeEnrolmentCode,
} from '../../../src-shared/schemas/enrolment.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { CLI_ACTOR } from '../../../src-server/console/operators.js';
import { makeEnrolmentCode, revokeKiosk } from '../../../src-server/kiosks/kiosk-enrolment.js';
import { verifyPassword } from '../../../src-server/console/passwords.js';
import {
  authHeaders,
  createTestServer,
  DEMO_CREDENTIAL,
  DEMO_KIOSK_CODE,
  DEMO_PUBLIC_KEY,
  DEMO_SUBMISSION_PUBLIC_KEY,
  makeSubmission,
  postBatch,
  type TestServer,
} from './helpers.js';
import { addTestOperator, OPERATORS_BY_ROLE, signInAs } from './console-helpers.js';

const START = new Date('2026-12-04T02:00:00.000Z');

interface KioskKey {
  privateKey: KeyObject;
  publicKey: string;
}

function newKioskKey(): KioskKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { privateKey, publicKey: Buffer.from(x, 'base64url').toString('base64') };
}

describe('kiosk enrolment', () => {
  let server: TestServer;
  let now: Date;
  beforeEach(async () => {
    now = START;
    server = await createTestServer({ now: () => now });
  });
  afterEach(async () => server.close());

  const code = async (soum = '8301', mode: 'citizen' | 'library' | 'chamber' = 'citizen') =>
    (
      await makeEnrolmentCode(
        server.db,
        { aimag: soum.slice(0, 2), soum, place: 'Сүмбэр сум', mode },
        { actor: CLI_ACTOR, now },
      )
    ).code;
  const enrol = (body: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: body });

  async function tokenFor(key: KioskKey) {
    const challenge = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/challenge',
      payload: { publicKey: key.publicKey },
    });
    expect(challenge.statusCode).toBe(200);
    const text = challenge.json<{ challenge: string }>().challenge;
    const signature = sign(null, Buffer.from(KIOSK_AUTH_SIGNING_PREFIX + text), key.privateKey).toString('base64');
    return server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { publicKey: key.publicKey, challenge: text, signature },
    });
  }

  it('makes short codes of unambiguous symbols that are typed in any case, with or without the dash', async () => {
    const made = await code();
    expect(made).toMatch(new RegExp(`^[${ENROLMENT_CODE_ALPHABET}]{8}$`));
    expect(normalizeEnrolmentCode(`${made.slice(0, 4).toLowerCase()} - ${made.slice(4)}`)).toBe(made);
    expect(normalizeEnrolmentCode('O0O0-I1I1')).toBeNull();
    // Only the hash is stored.
    const rows = await server.db.selectFrom('enrolment_codes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(made);
  });

  it('enrols a fresh kiosk once: ok, reused 409, expired 410, unknown 404', async () => {
    const key = newKioskKey();
    const first = await code();
    const ok = await enrol({ code: first, publicKey: key.publicKey });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      kioskCode: '8301',
      mode: 'citizen',
      place: { aimag: '83', soum: '8301', location: { mn: 'Сүмбэр сум' } },
      contentPublicKey: DEMO_PUBLIC_KEY,
      submissionPublicKey: DEMO_SUBMISSION_PUBLIC_KEY,
      sequenceFloor: 0,
    });
    const reused = await enrol({ code: first, publicKey: newKioskKey().publicKey });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: { code: 'code_used' } });

    const late = await code();
    now = new Date(START.getTime() + 60 * 60_000 + 1);
    const expired = await enrol({ code: late, publicKey: newKioskKey().publicKey });
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ error: { code: 'code_expired' } });

    const unknown = await enrol({ code: 'AAAA-AAAA', publicKey: newKioskKey().publicKey });
    expect(unknown.statusCode).toBe(404);

    // A second kiosk in the same soum takes the next free code.
    now = START;
    const second = await enrol({ code: await code(), publicKey: newKioskKey().publicKey });
    expect(second.json<{ kioskCode: string }>().kioskCode).toBe('8302');
  });

  it('limits enrolment tries per client, so a code cannot be guessed', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await enrol({ code: 'AAAA-AAAA', publicKey: newKioskKey().publicKey })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('authenticates an enrolled kiosk by a signed challenge, and its submissions are accepted', async () => {
    now = new Date();
    const key = newKioskKey();
    expect((await enrol({ code: await code(), publicKey: key.publicKey })).statusCode).toBe(200);
    const answer = await tokenFor(key);
    expect(answer.statusCode).toBe(200);
    const { token } = answer.json<{ token: string }>();
    const trackingNo = makeTrackingNumber('8301', 1).text;
    const item = await makeSubmission(1, { kioskCode: '8301', trackingNo });
    const pushed = await postBatch(server.app, [item], token);
    expect(pushed.statusCode).toBe(200);

    // A signature by another key, or a token for a wrong key, gets nothing.
    const stranger = newKioskKey();
    const challenge = (
      await server.app.inject({ method: 'POST', url: '/api/v1/auth/challenge', payload: { publicKey: key.publicKey } })
    ).json<{ challenge: string }>().challenge;
    const forged = sign(null, Buffer.from(KIOSK_AUTH_SIGNING_PREFIX + challenge), stranger.privateKey).toString(
      'base64',
    );
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { publicKey: key.publicKey, challenge, signature: forged },
    });
    expect(refused.statusCode).toBe(401);
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect((await postBatch(server.app, [item], tampered)).statusCode).toBe(401);
    // The shared credential of the old way still works for old kiosks.
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/v1/status-changes?after=0', headers: authHeaders() }))
        .statusCode,
    ).toBe(200);
  });

  it('revocation refuses the kiosk; re-enrolling the same machine keeps its code and tracking sequence', async () => {
    now = new Date();
    const key = newKioskKey();
    await enrol({ code: await code(), publicKey: key.publicKey });
    const { token } = (await tokenFor(key)).json<{ token: string }>();
    for (const n of [1, 2, 3]) {
      const item = await makeSubmission(n, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', n).text });
      expect((await postBatch(server.app, [item], token)).statusCode).toBe(200);
    }
    await revokeKiosk(server.db, '8301', { actor: CLI_ACTOR, now });
    const refused = await tokenFor(key);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'kiosk_revoked' } });

    const again = await enrol({ code: await code('8301', 'chamber'), publicKey: key.publicKey });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ kioskCode: '8301', mode: 'chamber', sequenceFloor: 3 });
    const fresh = (await tokenFor(key)).json<{ token: string }>().token;
    const fourth = await makeSubmission(4, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', 4).text });
    expect((await postBatch(server.app, [fourth], fresh)).statusCode).toBe(200);
  });

  it('moves a kiosk set up the old way to enrolment: same kiosk code, its queued item still accepted, old credential retired', async () => {
    now = new Date();
    const queued = await makeSubmission(7);
    const key = newKioskKey();
    const wrong = await enrol({
      code: await code(),
      publicKey: key.publicKey,
      legacy: { kioskCode: DEMO_KIOSK_CODE, credential: 'x'.repeat(30) },
    });
    expect(wrong.statusCode).toBe(403);
    const moved = await enrol({
      code: await code(),
      publicKey: key.publicKey,
      legacy: { kioskCode: DEMO_KIOSK_CODE, credential: DEMO_CREDENTIAL },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<{ kioskCode: string }>().kioskCode).toBe(DEMO_KIOSK_CODE);
    const { token } = (await tokenFor(key)).json<{ token: string }>();
    const pushed = await postBatch(server.app, [queued], token);
    expect(pushed.statusCode).toBe(200);
    // Wait out the auth memory: the old credential is no longer this kiosk's.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await postBatch(server.app, [queued], DEMO_CREDENTIAL)).statusCode).toBe(401);
  });

  it('console: an administrator makes a code (with its QR), revokes and sets PINs as hashes; others may not', async () => {
    now = new Date();
    await addTestOperator(server.db, OPERATORS_BY_ROLE.admin);
    await addTestOperator(server.db, OPERATORS_BY_ROLE.auditor);
    const admin = await signInAs(server.app, OPERATORS_BY_ROLE.admin.login);
    const auditor = await signInAs(server.app, OPERATORS_BY_ROLE.auditor.login);
    const body = { aimag: '83', soum: '8301', place: 'Сүмбэр сум', mode: 'library' };
    const denied = await server.app.inject({
      method: 'POST',
      url: '/console/api/kiosks/enrolment-codes',
      headers: auditor.headers(true),
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const made = await server.app.inject({
      method: 'POST',
      url: '/console/api/kiosks/enrolment-codes',
      headers: admin.headers(true),
      payload: body,
    });
    expect(made.statusCode).toBe(201);
    const { code: shown, qrSvg } = made.json<{ code: string; qrSvg: string }>();
    expect(shown).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(qrSvg).toContain('<svg');
    const key = newKioskKey();
    expect((await enrol({ code: shown, publicKey: key.publicKey })).json()).toMatchObject({ mode: 'library' });

    const same = await server.app.inject({
      method: 'PUT',
      url: '/console/api/kiosks/8301/pins',
      headers: admin.headers(true),
      payload: { technicianPin: '246810', staff: [{ id: 'b1', name: 'Болд', pin: '246810' }] },
    });
    expect(same.statusCode).toBe(400);
    const set = await server.app.inject({
      method: 'PUT',
      url: '/console/api/kiosks/8301/pins',
      headers: admin.headers(true),
      payload: { technicianPin: '246810', staff: [{ id: 'b1', name: 'Болд', pin: '135791' }] },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ kioskCode: '8301', version: 1 });
    const answer = (await tokenFor(key)).json<{ pins: { version: number; technicianPinHash: string } }>();
    expect(answer.pins.version).toBe(1);
    expect(JSON.stringify(answer)).not.toContain('246810');
    expect(await verifyPassword('246810', answer.pins.technicianPinHash)).toBe(true);

    const revoked = await server.app.inject({
      method: 'POST',
      url: '/console/api/kiosks/8301/revoke',
      headers: admin.headers(true),
    });
    expect(revoked.statusCode).toBe(200);
    expect((await tokenFor(key)).statusCode).toBe(403);
    const audit = await server.db.selectFrom('audit_log').select(['action', 'details']).execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['kiosk.enrolment_code', 'kiosk.enrol', 'kiosk.pins', 'kiosk.revoke']),
    );
    expect(JSON.stringify(audit)).not.toContain(shown.replace('-', ''));
  });
});
