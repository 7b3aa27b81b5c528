import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import { kioskConfigSchema, type KioskConfig } from '../../../src-shared/schemas/kiosk-config.js';
import { loadKioskConfig } from '../../../src-main/config/load-kiosk-config.js';
import { createKioskHandlers } from '../../../src-main/kiosk-host.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { CLI_ACTOR } from '../../../src-server/console/operators.js';
import { makeEnrolmentCode, revokeKiosk, setKioskPins } from '../../../src-server/kiosks/kiosk-enrolment.js';
import { hashKioskPins } from '../../../src-server/kiosks/kiosk-pins.js';
import { TEST_SCRYPT } from '../../../src-server/console/passwords.js';
import { importOutbox } from '../../../src-server/usb/import-outbox.js';
import { outboxExportSchema } from '../../../src-shared/usb/outbox-export.js';
import {
  createTestServer,
  DEMO_CREDENTIAL,
  DEMO_KIOSK_CODE,
  DEMO_SUBMISSION_KEY,
  makeSubmission,
  type TestServer,
} from '../server/helpers.js';
import { tempDir } from './fixtures.js';

let server: TestServer;
let url: string;
let dir: string;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  server = await createTestServer();
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const temp = await tempDir('enrolment');
  dir = temp.dir;
  closers.push(temp.remove, () => server.close());
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A fresh kiosk's config: no kiosk code, no credential, no keys: only what the machine itself needs. */
async function freshConfig(extra: Record<string, unknown> = {}): Promise<KioskConfig> {
  const file = path.join(dir, 'kiosk.json');
  await writeFile(file, JSON.stringify({ printer: { kind: 'capture', captureDir: './receipts' }, ...extra }));
  return loadKioskConfig(file, {});
}

const code = async (mode: 'citizen' | 'library' | 'chamber' = 'citizen') =>
  (
    await makeEnrolmentCode(
      server.db,
      { aimag: '83', soum: '8301', place: 'Сүмбэр сум', mode },
      { actor: CLI_ACTOR, now: new Date() },
    )
  ).code;

function host(config: KioskConfig, configPath?: string) {
  const handlers = createKioskHandlers(config, 'browser', {
    journalDir: path.join(dir, 'state'),
    ...(configPath ? { configPath } : {}),
  });
  closers.push(() => handlers.close());
  return handlers;
}

describe('enrolment on the kiosk host', () => {
  it('enrols a fresh kiosk: key file 0600, the key never in a bridge answer, key-signed requests accepted', async () => {
    const handlers = host(await freshConfig({ technicianPin: '482913' }));
    expect(await handlers['kiosk.info']({})).toMatchObject({ enrolment: 'unenrolled' });
    const answers: unknown[] = [];
    answers.push(await handlers['enrolment.enrol']({ serverUrl: url, code: 'AAAA-AAAA' }));
    expect(answers[0]).toEqual({ ok: false, reason: 'unknown_code' });
    const first = await code();
    answers.push(await handlers['enrolment.enrol']({ serverUrl: url, code: first }));
    expect(answers[1]).toEqual({ ok: true, kioskCode: '8301', sequenceFloor: 0 });
    answers.push(await handlers['enrolment.enrol']({ serverUrl: url, code: first }));
    expect(answers[2]).toEqual({ ok: false, reason: 'code_used' });

    const keyFile = path.join(dir, 'state', 'kiosk-key.pem');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'state', 'enrolment.json'))).mode & 0o777).toBe(0o600);
    const info = await handlers['kiosk.info']({});
    expect(info).toMatchObject({ kioskCode: '8301', enrolment: 'enrolled', place: { soum: '8301' } });
    answers.push(info, await handlers['enrolment.status']({}));

    const item = await makeSubmission(1, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', 1).text });
    const pushed = await handlers['submissions.push']({ items: [item] });
    expect(pushed.httpStatus).toBe(200);
    answers.push(pushed);

    // The private key: not in any answer, not in the enrolment record.
    const pem = await readFile(keyFile, 'utf8');
    const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(JSON.stringify(answers)).not.toContain(body);
    expect(JSON.stringify(answers)).not.toContain(body.slice(-44, -4));
    expect(await readFile(path.join(dir, 'state', 'enrolment.json'), 'utf8')).not.toContain(body.slice(-44, -4));
  });

  it('an enrolled kiosk (no credential) exports its outbox signed with its key; the server takes it once', async () => {
    const usb = path.join(dir, 'media', 'STICK');
    await mkdir(usb, { recursive: true });
    const handlers = host(await freshConfig({ importDirs: [path.dirname(usb)] }));
    expect(await handlers['enrolment.enrol']({ serverUrl: url, code: await code() })).toMatchObject({ ok: true });
    const item = await makeSubmission(1, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', 1).text });
    await handlers['journal.append']({
      entries: [
        {
          idempotencyKey: item.idempotencyKey,
          trackingNo: item.trackingNo,
          sequence: 1,
          kind: item.kind,
          title: { mn: 'Лавлагаа' },
          createdAt: item.createdAt,
          submission: item,
        },
      ],
    });
    const { folders } = await handlers['usb.findFolders']({});
    const folder = folders.find((f) => f.location === usb)!;
    const done = await handlers['outbox.exportToUsb']({ folderId: folder.id, skip: [] });
    expect(done.items).toBe(1);
    const text = await readFile(path.join(usb, done.file), 'utf8');
    expect(outboxExportSchema.parse(JSON.parse(text)).mac.alg).toBe('ed25519');
    const pem = await readFile(path.join(dir, 'state', 'kiosk-key.pem'), 'utf8');
    const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(text).not.toContain(body);
    expect(text).not.toContain(body.slice(-44, -4));
    expect(text).not.toContain('PRIVATE KEY');

    const importText = () => importOutbox(server.db, text, { privateKey: DEMO_SUBMISSION_KEY.privateKey });
    expect(await importText()).toMatchObject({ kioskCode: '8301', added: 1, alreadyHad: 0, refused: [] });
    expect(await importText()).toMatchObject({ added: 0, alreadyHad: 1, refused: [] });
  });

  it('revocation shows the kiosk out of service; re-enrolling the same machine keeps its code and numbering', async () => {
    const handlers = host(await freshConfig());
    await handlers['enrolment.enrol']({ serverUrl: url, code: await code() });
    for (const n of [1, 2]) {
      const item = await makeSubmission(n, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', n).text });
      expect((await handlers['submissions.push']({ items: [item] })).httpStatus).toBe(200);
    }
    await revokeKiosk(server.db, '8301', { actor: CLI_ACTOR, now: new Date() });
    // The token this process holds is still good for its minutes; a new one is refused.
    const fresh = host(await freshConfig());
    const third = await makeSubmission(3, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', 3).text });
    // Through the dispatcher, as the renderer sees it: the same `unauthorized` as ever.
    expect(await dispatchBridgeCall(fresh, 'submissions.push', { items: [third] })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await fresh['kiosk.info']({})).toMatchObject({ enrolment: 'revoked', kioskCode: '8301' });

    const again = await fresh['enrolment.enrol']({ serverUrl: url, code: await code('chamber') });
    expect(again).toEqual({ ok: true, kioskCode: '8301', sequenceFloor: 2 });
    expect(await fresh['kiosk.info']({})).toMatchObject({ enrolment: 'enrolled' });
    expect((await fresh['submissions.push']({ items: [third] })).httpStatus).toBe(200);
  });

  it('moves a kiosk set up the old way to enrolment without losing its queued item', async () => {
    const demo = kioskConfigSchema.parse(
      JSON.parse(await readFile(path.join(import.meta.dirname, '../../../kiosk-config/example.json'), 'utf8')),
    );
    const handlers = host({ ...demo, server: { ...demo.server, url } });
    expect(await handlers['kiosk.info']({})).toMatchObject({ enrolment: 'legacy', kioskCode: DEMO_KIOSK_CODE });
    const queued = await makeSubmission(9);
    await handlers['journal.append']({
      entries: [
        {
          idempotencyKey: queued.idempotencyKey,
          trackingNo: queued.trackingNo,
          sequence: 9,
          kind: queued.kind,
          title: { mn: 'Лавлагаа' },
          createdAt: queued.createdAt,
          submission: queued,
        },
      ],
    });
    const moved = await handlers['enrolment.enrol']({ serverUrl: url, code: await code() });
    expect(moved).toEqual({ ok: true, kioskCode: DEMO_KIOSK_CODE, sequenceFloor: 0 });
    const { entries } = await handlers['journal.pending']({});
    expect(entries.map((e) => e.trackingNo)).toEqual([queued.trackingNo]);
    expect((await handlers['submissions.push']({ items: entries.map((e) => e.submission) })).httpStatus).toBe(200);
    // The shared credential no longer opens anything once the kiosk has its key.
    const row = await server.db
      .selectFrom('kiosks')
      .select('credential_hash')
      .where('kiosk_code', '=', DEMO_KIOSK_CODE)
      .executeTakeFirstOrThrow();
    expect(row.credential_hash.startsWith('key:')).toBe(true);
    expect(JSON.stringify(await handlers['enrolment.status']({}))).not.toContain(DEMO_CREDENTIAL);
  });

  it('keeps PINs only as hashes: old plain PINs hashed on first start, changed on the kiosk and from the centre', async () => {
    const handlers = host(
      await freshConfig({ technicianPin: '482913', staff: [{ id: 'cc-1', name: 'Сарнай', pin: '735210' }] }),
      path.join(dir, 'kiosk.json'),
    );
    const pinsFile = path.join(dir, 'state', 'pins.json');
    expect(await handlers['technician.unlock']({ pin: '482913' })).toEqual({ ok: true });
    const stored = await readFile(pinsFile, 'utf8');
    expect(stored).not.toContain('482913');
    expect(stored).not.toContain('735210');
    expect(stored).toContain('scrypt$');
    expect((await stat(pinsFile)).mode & 0o777).toBe(0o600);
    // …and taken out of the config file, which still loads (staff without PINs).
    await expect.poll(async () => readFile(path.join(dir, 'kiosk.json'), 'utf8')).not.toContain('482913');
    const rewritten = await readFile(path.join(dir, 'kiosk.json'), 'utf8');
    expect(rewritten).not.toContain('735210');
    expect(rewritten).toContain('Сарнай');
    await loadKioskConfig(path.join(dir, 'kiosk.json'), {});
    expect(await handlers['assisted.unlock']({ pin: '735210' })).toMatchObject({ ok: true, staffId: 'cc-1' });

    // Must differ from each other.
    expect(await handlers['technician.changePin']({ who: 'technician', pin: '735210' })).toEqual({
      ok: false,
      reason: 'in_use',
    });
    expect(await handlers['technician.changePin']({ who: 'technician', pin: '111222' })).toEqual({ ok: true });
    expect(await handlers['technician.unlock']({ pin: '482913' })).toEqual({ ok: false });
    expect(await handlers['technician.unlock']({ pin: '111222' })).toEqual({ ok: true });

    // Wrong tries lock out, longer and longer (the doubling lock-out of technician-lock.ts).
    for (let i = 0; i < 4; i++) expect(await handlers['technician.unlock']({ pin: '000000' })).toEqual({ ok: false });
    expect(await handlers['technician.unlock']({ pin: '000000' })).toEqual({ ok: false, retryAfterSeconds: 300 });

    // From the centre: delivered with the next token, as hashes.
    await handlers['enrolment.enrol']({ serverUrl: url, code: await code('chamber') });
    await setKioskPins(
      server.db,
      '8301',
      await hashKioskPins({ staff: [{ id: 'cc-2', name: 'Болд', pin: '909090' }] }, TEST_SCRYPT),
      { actor: CLI_ACTOR, now: new Date() },
    );
    const later = host(await freshConfig());
    const item = await makeSubmission(1, { kioskCode: '8301', trackingNo: makeTrackingNumber('8301', 1).text });
    await later['submissions.push']({ items: [item] });
    await expect.poll(async () => (await later['assisted.unlock']({ pin: '909090' })).ok).toBe(true);
    expect(await readdir(path.join(dir, 'state'))).toContain('pins.json');
    expect(await readFile(pinsFile, 'utf8')).not.toContain('909090');
  });
});
