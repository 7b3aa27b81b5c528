import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostServices } from '../../../src-main/bridge/host-services.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { createSubmissionJournal, type SubmissionJournal } from '../../../src-main/journal/submission-journal.js';
import { createLogger } from '../../../src-main/logger.js';
import type { ReceiptPrinter } from '../../../src-main/printer/printer.js';
import { createDiskWatch } from '../../../src-main/storage/disk-watch.js';
import { diagnosticsText } from '../../../src-main/usb/diagnostics.js';
import type { ServerTransport } from '../../../src-main/transport/server-transport.js';
import type { BridgeHandlers, BridgeMethod, JournalEntry } from '../../../src-shared/bridge-contract.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { KioskConfig } from '../../../src-shared/schemas/kiosk-config.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import type { DiagnosticsRendererPart } from '../../../src-shared/usb/diagnostics.js';
import {
  credentialSha256Hex,
  outboxExportSchema,
  outboxMac,
  outboxMacKey,
  outboxSigningText,
} from '../../../src-shared/usb/outbox-export.js';
import { seal } from '../../../src-renderer/platform/seal.js';
import { KIOSK_KEY_FILE, loadOrCreateKioskKey } from '../../../src-main/enrolment/kiosk-key.js';
import { createPinStore, PINS_FILE } from '../../../src-main/enrolment/kiosk-pins.js';
import { ENROLMENT_FILE } from '../../../src-main/enrolment/enrolment-store.js';
import { memoryLockStore } from '../../../src-main/security/technician-lock.js';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { validConfig } from './fixtures.js';

/** The demo kiosk's real submission key, so the envelopes are real ECIES envelopes. */
const SUBMISSION_PUBLIC_KEY =
  'BKU3jnARJXUXH3WkEkvnG9mQYtcjVcfg1FnTt0y63Qf/HKyLOV9WBN6fFIwAqMRLUK/cmbIRhY+CFSmInv6qzTk=';

/** Canaries: if any of these shows in a file that leaves the kiosk, something personal or secret leaked. */
const CITIZEN_NAME = 'Канарбаатар Шувуудай';
const CITIZEN_PHONE = '88776655';
const CITIZEN_REGISTER = 'ЙЦ99123187';
const PETITION_TEXT = 'Канарын гудамжны гэрэл асахгүй байна';
const CREDENTIAL = 'canary-credential-0421-do-not-leak-xyz';
const TECHNICIAN_PIN = '918273';
const STAFF_PIN = '564738';
const STAFF_NAME = 'Б. Канарсүрэн';
const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEICanaryCanaryCanaryCanaryCanaryCanary00\n-----END PRIVATE KEY-----';
const CANARIES = [
  CITIZEN_NAME,
  CITIZEN_PHONE,
  CITIZEN_REGISTER,
  PETITION_TEXT,
  CREDENTIAL,
  TECHNICIAN_PIN,
  STAFF_PIN,
  STAFF_NAME,
  'CanaryCanary',
  'BEGIN PRIVATE KEY',
];

/** An enrolled kiosk's secrets: a one-time enrolment code and a bearer token of the kiosk auth. */
const ENROLMENT_CODE = 'K7MX-4HRT';
const BEARER_TOKEN = 'kt1.eyJrIjo0MiwiZiI6ImNhbmFyeSJ9.Q2FuYXJ5VG9rZW5TaWduYXR1cmVDYW5hcnk';
/** Read back from the files planted in the host's private folder (`kiosk-key.pem`, `pins.json`). */
let planted: string[] = [];

function expectNoCanary(bytes: string): void {
  for (const canary of [...CANARIES, ENROLMENT_CODE, ENROLMENT_CODE.replace('-', ''), BEARER_TOKEN, ...planted])
    expect(bytes, canary).not.toContain(canary);
}

/**
 * Plants an enrolled kiosk's private files the way the host writes them: its real key pair, its
 * PINs hashed into `pins.json`, and `enrolment.json`. Returns what must never leave: every line
 * of the key's PEM body and each PIN hash (whole and its salt and key parts).
 */
async function plantEnrolledSecrets(stateDir: string): Promise<string[]> {
  loadOrCreateKioskKey(stateDir);
  await createPinStore({
    dir: stateDir,
    plain: { technicianPin: TECHNICIAN_PIN, staff: [{ id: 'CC-0421-09', name: STAFF_NAME, pin: STAFF_PIN }] },
    locks: memoryLockStore(),
    warnPlain: false,
    params: { logN: 10, r: 8, p: 1 },
  });
  await writeFile(
    path.join(stateDir, ENROLMENT_FILE),
    JSON.stringify({ kioskCode: '0421', enrolmentCode: ENROLMENT_CODE, token: BEARER_TOKEN }),
    { mode: 0o600 },
  );
  const pem = await readFile(path.join(stateDir, KIOSK_KEY_FILE), 'utf8');
  const keyLines = pem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
  const pins = await readFile(path.join(stateDir, PINS_FILE), 'utf8');
  const hashes = [...pins.matchAll(/scrypt\$[^"]+/g)].map((m) => m[0]);
  expect(hashes).toHaveLength(2);
  return [...keyLines, ...hashes, ...hashes.flatMap((h) => h.split('$').slice(4))];
}

async function petitionEntry(sequence: number): Promise<JournalEntry> {
  const trackingNo = makeTrackingNumber('0421', sequence).text;
  const idempotencyKey = crypto.randomUUID();
  const content = {
    subject: 'Гэрэл',
    text: PETITION_TEXT,
    contact: { name: CITIZEN_NAME, phone: CITIZEN_PHONE, registrationNumber: CITIZEN_REGISTER },
  };
  const submission = {
    idempotencyKey,
    trackingNo,
    kioskCode: '0421',
    createdAt: new Date().toISOString(),
    lang: 'mn',
    channel: 'kiosk',
    kind: 'petition',
    petitionCategory: 'complaint',
    formVersion: 2,
    sealed: await seal(content, { idempotencyKey, trackingNo }, SUBMISSION_PUBLIC_KEY),
  } as Submission;
  return {
    idempotencyKey,
    trackingNo,
    sequence,
    kind: 'petition',
    title: { mn: 'Өргөдөл' },
    createdAt: submission.createdAt,
    submission,
  };
}

const transport = {} as ServerTransport;
const printer = { status: async () => ({ state: 'ready' }) } as unknown as ReceiptPrinter;

async function call<M extends BridgeMethod>(handlers: BridgeHandlers, method: M, payload: unknown) {
  const reply = await dispatchBridgeCall(handlers, method, payload);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as Awaited<ReturnType<BridgeHandlers[M]>>;
}

describe('USB exports from the technician screen (host)', () => {
  let dir: string;
  let usb: string;
  let stick: string;
  let stateDir: string;
  let journal: SubmissionJournal;
  let config: KioskConfig;
  let handlers: BridgeHandlers;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-usb-'));
    usb = path.join(dir, 'media');
    stick = path.join(usb, 'technician', 'STICK');
    stateDir = path.join(dir, 'state');
    await mkdir(stick, { recursive: true });
    await mkdir(stateDir);
    // An enrolled kiosk's key, PIN hashes and enrolment where the host keeps them: nothing may copy them to a stick.
    planted = await plantEnrolledSecrets(stateDir);
    journal = createSubmissionJournal({ dir: stateDir });
    const base = validConfig(path.join(dir, 'receipts'));
    config = {
      ...base,
      server: { ...base.server, credential: CREDENTIAL },
      technicianPin: TECHNICIAN_PIN,
      staff: [{ id: 'CC-0421-09', name: STAFF_NAME, pin: STAFF_PIN }],
      importDirs: [usb],
    };
    handlers = createHostServices({ config, transport, printer, journal, mode: 'browser', stateDir });
  });
  afterEach(async () => {
    await journal.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the waiting outbox, sealed, with the kiosk’s MAC; nothing a citizen typed is readable', async () => {
    const entries = await Promise.all([1, 2, 3].map(petitionEntry));
    await journal.append(entries);
    await journal.ack([entries[0]!.idempotencyKey]);
    const { folders } = await call(handlers, 'usb.findFolders', {});
    const target = folders.find((f) => f.location === stick);
    expect(target).toBeDefined();
    const done = await call(handlers, 'outbox.exportToUsb', {
      folderId: target!.id,
      skip: [entries[2]!.idempotencyKey],
    });
    expect(done.items).toBe(1);
    expect(await readdir(stick)).toEqual([done.file]);
    const text = await readFile(path.join(stick, done.file), 'utf8');
    expectNoCanary(text);
    const file = outboxExportSchema.parse(JSON.parse(text));
    expect(file.items.map((i) => i.idempotencyKey)).toEqual([entries[1]!.idempotencyKey]);
    // The server checks it with the credential's SHA-256 only.
    expect(file.mac.value).toBe(outboxMac(file, outboxMacKey(credentialSha256Hex(CREDENTIAL))));
    expect(file.mac.value).not.toBe(outboxMac(file, outboxMacKey(credentialSha256Hex('another-credential'))));
  });

  it('an enrolled kiosk signs the outbox with its own key; no part of the private key reaches the file', async () => {
    const key = loadOrCreateKioskKey(stateDir);
    const pem = await readFile(path.join(stateDir, KIOSK_KEY_FILE), 'utf8');
    const privateKey = createPrivateKey(pem);
    const secretParts = [
      ...pem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----')),
      privateKey.export({ format: 'jwk' }).d!,
      Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url')
        .toString('base64')
        .replace(/=+$/, ''),
      Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex'),
    ];
    const enrolled = createHostServices({
      config,
      transport,
      printer,
      journal,
      mode: 'browser',
      stateDir,
      kioskKey: key,
    });
    const entries = await Promise.all([1, 2].map(petitionEntry));
    await journal.append(entries);
    const { folders } = await call(enrolled, 'usb.findFolders', {});
    const done = await call(enrolled, 'outbox.exportToUsb', {
      folderId: folders.find((f) => f.location === stick)!.id,
      skip: [],
    });
    expect(done.items).toBe(2);
    const text = await readFile(path.join(stick, done.file), 'utf8');
    expectNoCanary(text);
    for (const part of secretParts) expect(text, 'private key').not.toContain(part);
    const file = outboxExportSchema.parse(JSON.parse(text));
    expect(file.mac.alg).toBe('ed25519');
    // The kiosk's public key (what the server stored at enrolment) checks it.
    const publicKey = createPublicKey(privateKey);
    expect(verify(null, Buffer.from(outboxSigningText(file)), publicKey, Buffer.from(file.mac.value, 'base64'))).toBe(
      true,
    );
    expect(Buffer.from(key.publicKey, 'base64')).toEqual(
      Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'),
    );
  });

  it('refuses a folder it did not offer', async () => {
    const reply = await dispatchBridgeCall(handlers, 'outbox.exportToUsb', { folderId: 'made-up', skip: [] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('diagnostics: logs, health history, settings and versions, and none of the planted canaries', async () => {
    await journal.append([await petitionEntry(7)]);
    // A careless log line with a citizen's phone and registration number, and the credential.
    const log = createLogger('canary-test');
    log.level = 'info';
    log.info({ phone: CITIZEN_PHONE, credential: CREDENTIAL }, `looked up ${CITIZEN_REGISTER} for ${CITIZEN_PHONE}`);
    log.info(`config had ${TECHNICIAN_PIN} and ${PRIVATE_KEY}`);
    // …and careless lines with an enrolled kiosk's secrets: its key without the PEM lines, a PIN
    // hash, the enrolment code it was given and its bearer token.
    const keyBody = (await readFile(path.join(stateDir, KIOSK_KEY_FILE), 'utf8')).replace(/-----[A-Z ]+-----|\s+/g, '');
    const pinHash = /scrypt\$[^"]+/.exec(await readFile(path.join(stateDir, PINS_FILE), 'utf8'))![0];
    log.info({ pinHash, key: keyBody }, `enrolled with code ${ENROLMENT_CODE} (${ENROLMENT_CODE.replace('-', '')})`);
    log.info({ authorization: `Bearer ${BEARER_TOKEN}` }, `token ${BEARER_TOKEN} refused`);
    const kiosk: DiagnosticsRendererPart = {
      outbox: { queued: 1, sending: 0, quarantined: 0, accepted: 4, oldestWaitingAt: new Date().toISOString() },
      contentCursor: 25,
      statusCursor: 3,
      lastSyncAt: null,
      online: false,
      storage: { usage: 1024, quota: 1e9, persisted: true },
      healthEvents: [{ id: 'e1', at: new Date().toISOString(), kind: 'printer', details: 'paper_out' }],
      userAgent: 'Chromium',
    };
    const { folders } = await call(handlers, 'usb.findFolders', {});
    const done = await call(handlers, 'diagnostics.exportToUsb', {
      folderId: folders.find((f) => f.location === stick)!.id,
      kiosk,
    });
    const text = await readFile(path.join(stick, done.file), 'utf8');
    expectNoCanary(text);
    const bundle = JSON.parse(text) as Record<string, unknown> & { logs: string[] };
    expect(bundle).toMatchObject({
      format: 'tsonkh-diagnostics',
      versions: { node: process.versions.node },
      settings: { kioskCode: '0421', staffCount: 1, technicianPinSet: true, printer: { kind: 'capture' } },
      host: { journal: { pending: 1, maxSequence: 7 }, printer: { state: 'ready' } },
      kiosk: { outbox: { queued: 1 }, healthEvents: [{ kind: 'printer', details: 'paper_out' }] },
    });
    expect(bundle.logs.some((line) => line.includes('looked up [removed] for [removed]'))).toBe(true);
  });

  it('diagnostics text scrubs secrets even when a log line carries them', () => {
    const text = diagnosticsText({
      config,
      renderer: {
        outbox: { queued: 0, sending: 0, quarantined: 0, accepted: 0, oldestWaitingAt: null },
        contentCursor: 0,
        statusCursor: 0,
        lastSyncAt: null,
        online: null,
        storage: null,
        healthEvents: [],
        userAgent: '',
      },
      versions: {},
      uptimeS: 1,
      journal: { pending: 0, maxSequence: 0 },
      disk: { freeBytes: 1, totalBytes: 2, verdict: 'full' },
      printer: null,
      logs: [
        JSON.stringify({ msg: `pin ${TECHNICIAN_PIN} staff ${STAFF_PIN} ${STAFF_NAME} cred ${CREDENTIAL}` }),
        JSON.stringify({ msg: PRIVATE_KEY }),
        JSON.stringify({ msg: `phone ${CITIZEN_PHONE} reg ${CITIZEN_REGISTER}` }),
      ],
    });
    expectNoCanary(text);
  });
});

describe('the kiosk’s disk watch', () => {
  it('says full within the reserve, ok outside it, and full when the disk cannot be asked', async () => {
    let free = 1024 ** 3;
    const watch = createDiskWatch({
      dir: '/somewhere',
      statfs: async () => ({ bavail: free / 4096, bsize: 4096, blocks: (16 * 1024 ** 3) / 4096 }),
    });
    expect((await watch.state()).verdict).toBe('ok');
    free = 32 * 1024 * 1024;
    expect((await watch.state()).verdict).toBe('full');
    const broken = createDiskWatch({ dir: '/x', statfs: () => Promise.reject(new Error('EIO')) });
    expect((await broken.state()).verdict).toBe('full');
  });

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

  it.skipIf(!mountable)(
    'on a 2 MB tmpfs: a filled disk stops new submissions while the queued ones stay and are still acknowledged',
    async () => {
      const small = await mkdtemp(path.join(tmpdir(), 'tsonkh-small-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]);
      const journalDir = path.join(small, 'journal');
      const journal = createSubmissionJournal({ dir: journalDir });
      try {
        const handlers = createHostServices({
          config: validConfig(path.join(small, 'receipts')),
          transport,
          printer,
          journal,
          mode: 'browser',
          stateDir: journalDir,
          diskWatch: createDiskWatch({ dir: journalDir, limits: { minFreeBytes: 512 * 1024, minFreeRatio: 0 } }),
        });
        // Before the journal folder exists, its parent's disk is asked.
        expect(await call(handlers, 'storage.status', {})).toMatchObject({ verdict: 'ok', totalBytes: 2 * 1024 ** 2 });
        const queued = await Promise.all([1, 2].map(petitionEntry));
        await call(handlers, 'journal.append', { entries: queued });
        await writeFile(path.join(small, 'filler'), Buffer.alloc(1600 * 1024));
        expect(await call(handlers, 'storage.status', {})).toMatchObject({ verdict: 'full' });
        // What was queued is all still there and its delivery can still be recorded.
        expect((await call(handlers, 'journal.pending', {})).entries).toHaveLength(2);
        expect(await call(handlers, 'journal.ack', { keys: [queued[0]!.idempotencyKey] })).toEqual({ acked: 1 });
        expect((await call(handlers, 'journal.pending', {})).entries).toHaveLength(1);
        await rm(path.join(small, 'filler'));
        expect(await call(handlers, 'storage.status', {})).toMatchObject({ verdict: 'ok' });
      } finally {
        await journal.close();
        execFileSync('umount', [small]);
        await rm(small, { recursive: true, force: true });
      }
    },
  );
});
