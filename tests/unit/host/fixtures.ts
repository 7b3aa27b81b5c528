import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BridgeHandlers, JournalEntry, ReceiptJob } from '../../../src-shared/bridge-contract.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { KioskConfig, KioskConfigInput } from '../../../src-shared/schemas/kiosk-config.js';
import { SEAL_ALG, type SealedEnvelope, type Submission } from '../../../src-shared/schemas/submission.js';

/** Shared inputs for the kiosk host tests. */

export const CREDENTIAL = 'test-kiosk-credential-0421-abcdefgh';
/** A well-formed P-256 public key (65 bytes, base64); the host only passes it on. */
export const SUBMISSION_PUBLIC_KEY = `B${'A'.repeat(86)}=`;

export function validConfigInput(): KioskConfigInput {
  return {
    kioskCode: '0421',
    name: { mn: 'Өлгий сумын ТҮЦ машин', kk: 'Өлгий сұмының ТҮЦ машинасы', en: 'Public Service Machine, Ölgii' },
    place: {
      aimag: '83',
      soum: '8301',
      location: { mn: 'Өлгий сум, Иргэдийн танхим', kk: 'Өлгий сұмы, Азаматтар залы', en: "Citizens' Chamber, Ölgii" },
    },
    server: { url: 'http://127.0.0.1:8080', credential: CREDENTIAL, timeoutMs: 5000 },
    /** A well-formed Ed25519 public key (32 bytes, base64); not the public demo key. */
    contentPublicKey: 'yZ2Mrk3eB1N3XcE0TqUGmIvRkKH8vWl2eOJfdn2Rc0A=',
    submissionPublicKey: SUBMISSION_PUBLIC_KEY,
    printer: { kind: 'capture', captureDir: './receipts', width: 48 },
    languages: ['mn', 'kk', 'en'],
    defaultLanguage: 'mn',
  };
}

export function validConfig(captureDir = '/tmp/tsonkh-receipts'): KioskConfig {
  const input = validConfigInput();
  return {
    ...input,
    server: { ...input.server, timeoutMs: 5000 },
    printer: { kind: 'capture', captureDir, width: 48, fail: false },
    languages: ['mn', 'kk', 'en'],
    defaultLanguage: 'mn',
    sync: { intervalSeconds: 30 },
    importDirs: [],
    testHooks: false,
    publicSite: 'https://tsonkh.gov.mn',
    presentation: 'kiosk',
    idle: { timeoutSeconds: 90, warningSeconds: 30, maxExtensions: 10 },
    staff: [],
  } as KioskConfig;
}

export const TRACKING_NO = makeTrackingNumber('0421', 123).text;
export const MN_TITLE = 'Иргэний үнэмлэх нөхөн олгох';

export function receiptJob(overrides: Partial<ReceiptJob> = {}): ReceiptJob {
  return {
    trackingNo: TRACKING_NO,
    kind: 'service_application',
    title: { mn: MN_TITLE, kk: 'Жеке куәлікті қалпына келтіру', en: 'Replacement identity card' },
    lang: 'mn',
    createdAt: '2026-11-26T06:05:00.000Z',
    ...overrides,
  };
}

/** A well-formed sealed envelope: the host never opens one, so fixture bytes are enough. */
export function sealed(overrides: Partial<SealedEnvelope> = {}): SealedEnvelope {
  return {
    alg: SEAL_ALG,
    epk: `B${'E'.repeat(86)}=`,
    iv: 'AAECAwQFBgcICQoL',
    ct: Buffer.from('sealed answers and the GCM tag').toString('base64'),
    ...overrides,
  };
}

export function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    idempotencyKey: '0b6f6d36-2f5b-4c55-9d0e-6f1d3f0a8a11',
    trackingNo: TRACKING_NO,
    kind: 'service_application',
    kioskCode: '0421',
    createdAt: '2026-11-26T06:05:00.000Z',
    lang: 'mn',
    channel: 'kiosk',
    serviceId: 'id-card-replacement',
    formId: 'id-card-replacement-form',
    formVersion: 1,
    sealed: sealed(),
    ...overrides,
  } as Submission;
}

/** The idempotency key of journal entry `n` (a valid v4 UUID, different for every n). */
export function journalKey(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A journal entry that passes `journalEntrySchema`: submission number `sequence` of kiosk 0421. */
export function journalEntry(sequence: number, key = journalKey(sequence)): JournalEntry {
  const trackingNo = makeTrackingNumber('0421', sequence).text;
  return {
    idempotencyKey: key,
    trackingNo,
    sequence,
    kind: 'service_application',
    title: { mn: MN_TITLE, en: 'Replacement identity card' },
    createdAt: '2026-11-26T06:05:00.000Z',
    submission: submission({ idempotencyKey: key, trackingNo }),
  };
}

/** Handlers that answer from fixtures, for tests of the bridge plumbing rather than the services. */
export function fakeHandlers(overrides: Partial<BridgeHandlers> = {}): BridgeHandlers {
  const config = validConfig();
  return {
    'kiosk.info': async () => ({
      kioskCode: config.kioskCode,
      name: config.name,
      place: config.place,
      languages: config.languages,
      defaultLanguage: config.defaultLanguage,
      syncIntervalSeconds: 30,
      contentPublicKey: config.contentPublicKey,
      submissionPublicKey: config.submissionPublicKey,
      testHooks: false,
      mode: 'browser',
      idle: { timeoutSeconds: 90, warningSeconds: 30, maxExtensions: 10 },
      publicSite: 'https://tsonkh.gov.mn',
      presentation: 'kiosk',
      assistedMode: false,
    }),
    'server.health': async () => ({ online: true, checkedAt: new Date().toISOString() }),
    'content.changes': async ({ after }) => ({ signed: emptySignedPage(after), bytes: 0 }),
    'openData.changes': async ({ after }) => ({ signed: emptySignedPage(after), bytes: 0 }),
    'content.findBundles': async () => ({ bundles: [] }),
    'content.bundlePage': async () => ({ signed: null, bytes: 0 }),
    'content.bundleKioskReturn': async () => ({ signed: null }),
    'storage.status': async () => ({ freeBytes: 1e10, totalBytes: 1e11, verdict: 'ok' }),
    'usb.findFolders': async () => ({ folders: [] }),
    'outbox.exportToUsb': async () => ({ file: 'tsonkh-outbox.json', items: 0, bytes: 0 }),
    'diagnostics.exportToUsb': async () => ({ file: 'tsonkh-diagnostics.json', bytes: 0 }),
    'update.installFromUsb': async () => ({
      ok: true,
      version: '1.0.0',
      fetchedFiles: 0,
      reusedFiles: 0,
      installed: false,
    }),
    'assisted.unlock': async () => ({ ok: false }),
    'technician.unlock': async () => ({ ok: false }),
    'technician.changePin': async () => ({ ok: false, reason: 'invalid' }),
    'enrolment.status': async () => ({ state: 'legacy', kioskCode: config.kioskCode }),
    'enrolment.enrol': async () => ({ ok: false, reason: 'offline' }),
    'status.changes': async ({ after }) => ({ changes: [], next: after, more: false }),
    'status.track': async () => ({ found: false }),
    'journal.append': async ({ entries }) => ({ appended: entries.length }),
    'journal.ack': async () => ({ acked: 0 }),
    'journal.pending': async () => ({ entries: [], maxSequence: 0 }),
    'submissions.push': async () => ({ httpStatus: 200, results: [] }),
    'health.report': async (draft) => ({ receivedAt: draft.kioskTime, driftMs: 0, eventsStored: 0 }),
    'health.outOfService': async () => ({ alerted: false }),
    'printer.printReceipt': async () => ({ jobId: 'job-1', bytes: 10 }),
    'printer.status': async () => ({ state: 'ready' }),
    'printer.testPage': async () => ({ jobId: 'test-page', bytes: 10 }),
    'printer.reprintLast': async () => ({ reprinted: false }),
    'printer.printText': async () => ({ jobId: 'law', bytes: 10 }),
    'printer.printAnswer': async () => ({ jobId: 'answer', bytes: 10 }),
    'printer.configure': async (change) => ({ width: change.width ?? 48, text: change.text ?? 'raster' }),
    ...overrides,
  };
}

/** A fresh temporary folder and its removal. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `tsonkh-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An empty page with a well-formed (not verifiable) signature: the host does not verify, the renderer does. */
export function emptySignedPage(after: number) {
  return {
    page: { after, changes: [], next: after, more: false },
    signature: 'A'.repeat(86) + '==',
    keyId: '0123456789abcdef',
  };
}
