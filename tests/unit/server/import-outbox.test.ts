import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxExportSchema } from '../../../src-shared/usb/outbox-export.js';
import { signedKioskReturnSchema } from '../../../src-shared/usb/kiosk-return.js';
import { bundleManifestSchema, exportContentBundle, verifyContentBundle } from '../../../src-server/content/bundle.js';
import { changeStatus } from '../../../src-server/submissions/status.js';
import { createDiskGuard } from '../../../src-server/ops/disk-guard.js';
import { importOutbox, OutboxImportError } from '../../../src-server/usb/import-outbox.js';
import { verifyKioskReturn } from '../../../src-server/usb/kiosk-return.js';
import { writeOutboxExport } from '../../../src-main/usb/outbox-export.js';
import { loadOrCreateKioskKey, type KioskKey } from '../../../src-main/enrolment/kiosk-key.js';
import { CLI_ACTOR } from '../../../src-server/console/operators.js';
import { makeEnrolmentCode } from '../../../src-server/kiosks/kiosk-enrolment.js';
import {
  countRows,
  createTestServer,
  DEMO_CREDENTIAL,
  DEMO_KEY,
  DEMO_KIOSK_CODE,
  DEMO_PUBLIC_KEY,
  DEMO_SUBMISSION_KEY,
  makePetition,
  postBatch,
  type TestServer,
} from './helpers.js';
import { collectLogLines, spawnEntry, waitForExit, PROCESS_SUITE } from './process.js';

/** Writes the demo kiosk's outbox file as the technician screen does, and returns its text and path. */
async function exportFile(
  dir: string,
  items: Awaited<ReturnType<typeof makePetition>>[],
  credential = DEMO_CREDENTIAL,
) {
  const { file } = await writeOutboxExport({ dir, kioskCode: DEMO_KIOSK_CODE, credential, items });
  const full = path.join(dir, file);
  return { full, text: await readFile(full, 'utf8') };
}

describe('USB outbox import (npm run import-outbox)', PROCESS_SUITE, () => {
  let server: TestServer;
  let usb: string;
  beforeEach(async () => {
    server = await createTestServer();
    usb = path.join(server.dir, 'usb');
    await mkdir(usb);
  });
  afterEach(async () => {
    await server.close();
  });

  const importText = (text: string) => importOutbox(server.db, text, { privateKey: DEMO_SUBMISSION_KEY.privateKey });

  it('takes a file exactly once: a second import changes nothing and says so', async () => {
    const items = await Promise.all([1, 2, 3].map((n) => makePetition(n)));
    const { text } = await exportFile(usb, items);
    // Nothing a citizen typed is readable in the file.
    for (const canary of ['Батболд', 'Сарнай', '99112233', 'гудамжны гэрэл']) expect(text).not.toContain(canary);
    expect(outboxExportSchema.parse(JSON.parse(text)).mac.alg).toBe('hmac-sha256');

    const first = await importText(text);
    expect(first).toMatchObject({ kioskCode: DEMO_KIOSK_CODE, added: 3, alreadyHad: 0, refused: [] });
    expect(await countRows(server.db, 'submissions')).toBe(3);
    expect(await countRows(server.db, 'status_changes')).toBe(3);

    const again = await importText(text);
    expect(again).toMatchObject({ added: 0, alreadyHad: 3, refused: [] });
    expect(await countRows(server.db, 'submissions')).toBe(3);
    expect(await countRows(server.db, 'status_changes')).toBe(3);
  });

  it('counts what a network push already delivered as already had, and refuses a bad item with its reason', async () => {
    const pushed = await makePetition(1);
    expect((await postBatch(server.app, [pushed])).statusCode).toBe(200);
    const fresh = await makePetition(2);
    // Same tracking number as the pushed one, another submission: the server refuses it, as a push would.
    const clash = await makePetition(1);
    const { text } = await exportFile(usb, [pushed, fresh, clash]);
    const outcome = await importText(text);
    expect(outcome.added).toBe(1);
    expect(outcome.alreadyHad).toBe(1);
    expect(outcome.refused).toEqual([
      { trackingNo: clash.trackingNo, code: expect.any(String), message: expect.any(String) },
    ]);
    expect(await countRows(server.db, 'submissions')).toBe(2);
  });

  it('refuses a changed file, another kiosk’s credential and an item of another kiosk, storing nothing', async () => {
    const items = [await makePetition(1)];
    const { text } = await exportFile(usb, items);
    const changed = text.replace(items[0]!.createdAt, '2020-01-01T00:00:00.000Z');
    await expect(importText(changed)).rejects.toThrow(OutboxImportError);
    const other = await exportFile(await mkdtemp(path.join(server.dir, 'o')), items, 'not-the-credential-of-0421');
    await expect(importText(other.text)).rejects.toThrow(/MAC does not match/);
    await expect(importText('{"format":"something else"}')).rejects.toThrow(/not an outbox export/);
    expect(await countRows(server.db, 'submissions')).toBe(0);
  });

  /** Moves the demo kiosk to enrolment with the host's own key code (`kiosk-key.pem`): same kiosk code. */
  async function enrolDemoKiosk(): Promise<KioskKey> {
    const key = loadOrCreateKioskKey(await mkdtemp(path.join(server.dir, 'host')));
    const { code } = await makeEnrolmentCode(
      server.db,
      { aimag: '83', soum: '8301', place: 'Сүмбэр сум', mode: 'citizen' },
      { actor: CLI_ACTOR, now: new Date() },
    );
    const enrolled = await server.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code, publicKey: key.publicKey, legacy: { kioskCode: DEMO_KIOSK_CODE, credential: DEMO_CREDENTIAL } },
    });
    expect(enrolled.statusCode).toBe(200);
    return key;
  }

  it('an enrolled kiosk’s export, signed with its own key, is taken exactly once; a changed or foreign one is refused', async () => {
    const key = await enrolDemoKiosk();
    const items = await Promise.all([1, 2].map((n) => makePetition(n)));
    const { file } = await writeOutboxExport({ dir: usb, kioskCode: DEMO_KIOSK_CODE, key, items });
    const text = await readFile(path.join(usb, file), 'utf8');
    expect(outboxExportSchema.parse(JSON.parse(text)).mac.alg).toBe('ed25519');

    // Changed on the way (one item's time, or the signature itself): refused, nothing stored.
    await expect(importText(text.replace(items[0]!.createdAt, '2020-01-01T00:00:00.000Z'))).rejects.toThrow(
      /signature does not match/,
    );
    const parsed = JSON.parse(text) as { mac: { value: string } };
    const flipped = Buffer.from(parsed.mac.value, 'base64');
    flipped[0]! ^= 1;
    await expect(
      importText(JSON.stringify({ ...parsed, mac: { alg: 'ed25519', value: flipped.toString('base64') } })),
    ).rejects.toThrow(/signature does not match/);
    // Signed by another machine's key in this kiosk's name: refused.
    const stranger = loadOrCreateKioskKey(await mkdtemp(path.join(server.dir, 'stranger')));
    const foreignDir = await mkdtemp(path.join(server.dir, 'f'));
    const foreign = await writeOutboxExport({ dir: foreignDir, kioskCode: DEMO_KIOSK_CODE, key: stranger, items });
    await expect(importText(await readFile(path.join(foreignDir, foreign.file), 'utf8'))).rejects.toThrow(
      /signature does not match/,
    );
    expect(await countRows(server.db, 'submissions')).toBe(0);

    expect(await importText(text)).toMatchObject({ kioskCode: DEMO_KIOSK_CODE, added: 2, alreadyHad: 0, refused: [] });
    expect(await importText(text)).toMatchObject({ added: 0, alreadyHad: 2, refused: [] });
    expect(await countRows(server.db, 'submissions')).toBe(2);
  });

  it('refuses a signed export in the name of a kiosk that was never enrolled with a key', async () => {
    const key = loadOrCreateKioskKey(await mkdtemp(path.join(server.dir, 'host')));
    const { file } = await writeOutboxExport({
      dir: usb,
      kioskCode: DEMO_KIOSK_CODE,
      key,
      items: [await makePetition(1)],
    });
    await expect(importText(await readFile(path.join(usb, file), 'utf8'))).rejects.toThrow(/not enrolled with a key/);
    expect(await countRows(server.db, 'submissions')).toBe(0);
  });

  it('the command line imports once, then says nothing changed', async () => {
    const { full } = await exportFile(usb, await Promise.all([1, 2].map((n) => makePetition(n))));
    const run = async () => {
      const child = await spawnEntry('src-server/cli/import-outbox.ts', [full], {
        TSONKH_DATA_DIR: server.dir,
        DATABASE_URL: server.url,
        TSONKH_DEMO: '1',
      });
      const lines = collectLogLines(child);
      const { code } = await waitForExit(child);
      return { code, out: lines.map((l) => String(l.msg ?? JSON.stringify(l))).join('\n') };
    };
    const first = await run();
    expect(first.code).toBe(0);
    expect(first.out).toContain('2 new, 0 already had, 0 refused');
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.out).toContain('0 new, 2 already had, 0 refused');
    expect(second.out).toContain('Nothing changed');
    expect(await countRows(server.db, 'submissions')).toBe(2);
  });

  it('sends the kiosk’s acks and statuses back on the next content bundle, signed', async () => {
    const items = await Promise.all([1, 2].map((n) => makePetition(n)));
    await importText((await exportFile(usb, items)).text);
    await changeStatus(server.db, items[0]!.trackingNo, 'answered', { answer: 'Засвар хийгдлээ.' });
    const out = path.join(server.dir, 'bundle');
    const manifest = await exportContentBundle(server.db, DEMO_KEY, out, { kiosks: [DEMO_KIOSK_CODE] });
    expect(bundleManifestSchema.parse(manifest).kioskReturns).toEqual([
      expect.objectContaining({ kioskCode: DEMO_KIOSK_CODE, file: `kiosks/${DEMO_KIOSK_CODE}.json`, acks: 2 }),
    ]);
    expect((await verifyContentBundle(out, DEMO_PUBLIC_KEY)).problems).toEqual([]);
    const signed = signedKioskReturnSchema.parse(
      JSON.parse(await readFile(path.join(out, 'kiosks', `${DEMO_KIOSK_CODE}.json`), 'utf8')),
    );
    expect(signed.body.acks.map((a) => a.idempotencyKey).sort()).toEqual(items.map((i) => i.idempotencyKey).sort());
    expect(signed.body.statusChanges.map((c) => c.status)).toEqual(['received', 'received', 'answered']);
    // Answers travel sealed under the receipt's key (these test petitions have none): never in clear.
    expect(JSON.stringify(signed)).not.toContain('Засвар');
    expect(verifyKioskReturn(signed, DEMO_PUBLIC_KEY)).toBe(true);
    const forged = { ...signed, body: { ...signed.body, acks: [] } };
    expect(verifyKioskReturn(forged, DEMO_PUBLIC_KEY)).toBe(false);
    // A changed file is caught by the bundle check too.
    await writeFile(path.join(out, 'kiosks', `${DEMO_KIOSK_CODE}.json`), JSON.stringify(forged));
    expect((await verifyContentBundle(out, DEMO_PUBLIC_KEY)).problems.join('\n')).toMatch(/SHA-256|signature/);
  });
});

describe('a nearly full data disk', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses pushes with 507 disk_nearly_full, stores nothing, loses nothing acknowledged, and takes them once there is room', async () => {
    let free = 10 * 1024 * 1024 * 1024;
    let now = 0;
    const guard = createDiskGuard({
      dir: '/',
      statfs: async () => ({ bavail: free / 4096, bsize: 4096, blocks: (100 * 1024 * 1024 * 1024) / 4096 }),
      now: () => (now += 10_000),
    });
    server = await createTestServer({ diskGuard: guard });
    const first = await makePetition(1);
    expect((await postBatch(server.app, [first])).statusCode).toBe(200);
    free = 100 * 1024 * 1024;
    const second = await makePetition(2);
    const refused = await postBatch(server.app, [second]);
    expect(refused.statusCode).toBe(507);
    expect(refused.json()).toEqual({
      error: { code: 'disk_nearly_full', message: expect.stringMatching(/nearly full/) },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The acknowledged one is still acknowledged the same way.
    const replay = await postBatch(server.app, [first]);
    expect(replay.statusCode).toBe(507);
    expect(await countRows(server.db, 'submissions')).toBe(1);
    free = 10 * 1024 * 1024 * 1024;
    expect((await postBatch(server.app, [first, second])).statusCode).toBe(200);
    expect(await countRows(server.db, 'submissions')).toBe(2);
  });

  /** A real small filesystem: a 2 MB tmpfs (needs root; skipped, and said so, where mounting is not allowed). */
  const mountable = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    try {
      const probe = execFileSync('mktemp', ['-d']).toString().trim();
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', probe]);
      execFileSync('umount', [probe]);
      execFileSync('rmdir', [probe]);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!mountable)('on a 2 MB tmpfs: filling it turns the guard to full, emptying it back to ok', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsonkh-small-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    try {
      let now = 0;
      const guard = createDiskGuard({
        dir,
        limits: { minFreeBytes: 512 * 1024, minFreeRatio: 0 },
        now: () => (now += 10_000),
      });
      expect((await guard.look()).verdict).toBe('ok');
      await writeFile(path.join(dir, 'filler'), Buffer.alloc(1700 * 1024));
      const full = await guard.look();
      expect(full.verdict).toBe('full');
      expect(full.totalBytes).toBe(2 * 1024 * 1024);
      await rm(path.join(dir, 'filler'));
      expect((await guard.look()).verdict).toBe('ok');
    } finally {
      execFileSync('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
