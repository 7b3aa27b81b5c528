import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BridgeErrorCode, BridgeMethod } from '../../../src-shared/bridge-contract.js';
import type { PrinterProblem } from '../../../src-shared/schemas/printer-problem.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { ContentBundleError, type ContentBundleProblem } from '../../../src-main/content/content-bundle-error.js';
import { createBundleReader } from '../../../src-main/content/content-bundles.js';
import { createKeyAuth } from '../../../src-main/enrolment/key-auth.js';
import { KioskAuthError, type KioskAuthFailure } from '../../../src-main/enrolment/kiosk-auth-error.js';
import { loadOrCreateKioskKey } from '../../../src-main/enrolment/kiosk-key.js';
import { UpdateError, type UpdateProblem } from '../../../src-main/update/update-error.js';
import { UsbError, type UsbProblem } from '../../../src-main/usb/usb-error.js';
import { createUsbFolders } from '../../../src-main/usb/usb-folders.js';
import { writeOutboxExport } from '../../../src-main/usb/outbox-export.js';
import { JournalError, type JournalProblem } from '../../../src-main/journal/journal-error.js';
import { createSubmissionJournal } from '../../../src-main/journal/submission-journal.js';
import { PrinterError } from '../../../src-main/printer/printer-error.js';
import { TransportError, type TransportFailure } from '../../../src-main/transport/transport-error.js';
import { createServerTransport } from '../../../src-main/transport/server-transport.js';
import { CREDENTIAL, fakeHandlers, journalEntry, receiptJob } from './fixtures.js';

/** Runs `method` with a handler that throws `error`, through the one dispatcher both bridges use. */
async function replyFor(method: BridgeMethod, payload: unknown, error: unknown) {
  const handlers = fakeHandlers({
    [method]: async () => {
      throw error;
    },
  });
  return dispatchBridgeCall(handlers, method, payload);
}

// Written out in full: these are the codes the renderer already words, and they must not move.
const transportCodes = {
  offline: 'offline',
  timeout: 'timeout',
  credential_refused: 'unauthorized',
  request_refused: 'invalid_request',
  bad_request: 'invalid_request',
  bad_answer: 'server_error',
} satisfies Record<TransportFailure, BridgeErrorCode>;

const kioskAuthCodes = {
  offline: 'offline',
  timeout: 'timeout',
  refused: 'unauthorized',
  revoked: 'unauthorized',
  bad_answer: 'server_error',
} satisfies Record<KioskAuthFailure, BridgeErrorCode>;

const usbCodes = {
  unknown_folder: 'invalid_request',
  folder_gone: 'invalid_request',
  write_failed: 'internal',
} satisfies Record<UsbProblem, BridgeErrorCode>;

const updateCodes = {
  no_release_key: 'invalid_request',
  wrong_key: 'invalid_request',
  bad_signature: 'invalid_request',
  bad_manifest: 'invalid_request',
  older_version: 'invalid_request',
  not_found: 'invalid_request',
  hash_mismatch: 'server_error',
  download_failed: 'offline',
  install_failed: 'internal',
} satisfies Record<UpdateProblem, BridgeErrorCode>;

const printerProblems: PrinterProblem[] = ['paper_out', 'cover_open', 'offline', 'disconnected', 'timeout', 'unknown'];
const journalProblems: JournalProblem[] = ['disk_full', 'read_only', 'permission', 'io'];
const bundleProblems: ContentBundleProblem[] = ['unknown_bundle', 'page_unreadable', 'page_damaged'];

describe('host errors become the bridge codes the renderer knows', () => {
  it.each(Object.entries(transportCodes))('a transport failure %s is %s', async (failure, code) => {
    const reply = await replyFor(
      'content.changes',
      { after: 0, limit: 10 },
      new TransportError(failure as TransportFailure, 'x: why'),
    );
    expect(reply).toEqual({ ok: false, error: { code, message: 'x: why' } });
  });

  it.each(printerProblems)('a printer failure %s is printer_error with that reason', async (reason) => {
    const reply = await replyFor('printer.printReceipt', receiptJob(), new PrinterError(reason, 'the printer says no'));
    expect(reply).toEqual({ ok: false, error: { code: 'printer_error', message: 'the printer says no', reason } });
  });

  it.each(journalProblems)('a journal failure (%s) is internal, with its message for the log', async (problem) => {
    const reply = await replyFor('journal.pending', {}, new JournalError('read', problem, 'journal: cannot read: …'));
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'journal: cannot read: …' } });
  });

  it.each(bundleProblems)('a content bundle problem %s is invalid_request', async (problem) => {
    const reply = await replyFor(
      'content.bundlePage',
      { bundleId: 'b', after: 0 },
      new ContentBundleError(problem, 'bundle page: p.json'),
    );
    expect(reply).toEqual({ ok: false, error: { code: 'invalid_request', message: 'bundle page: p.json' } });
  });

  it.each(Object.entries(kioskAuthCodes))('a kiosk-auth failure %s is %s', async (failure, code) => {
    const reply = await replyFor(
      'content.changes',
      { after: 0, limit: 10 },
      new KioskAuthError(failure as KioskAuthFailure, 'kiosk token: why'),
    );
    expect(reply).toEqual({ ok: false, error: { code, message: 'kiosk token: why' } });
  });

  it.each(Object.entries(usbCodes))('a USB problem %s is %s, with its message', async (problem, code) => {
    const reply = await replyFor(
      'outbox.exportToUsb',
      { folderId: 'f', skip: [] },
      new UsbError(problem as UsbProblem, 'usb: what to do'),
    );
    expect(reply).toEqual({ ok: false, error: { code, message: 'usb: what to do' } });
  });

  it.each(Object.entries(updateCodes))('an update problem %s is %s, with its message', async (problem, code) => {
    const reply = await replyFor('usb.findFolders', {}, new UpdateError(problem as UpdateProblem, 'release: why'));
    expect(reply).toEqual({ ok: false, error: { code, message: 'release: why' } });
  });

  it('anything else is internal, without its message', async () => {
    const reply = await replyFor('printer.status', {}, new Error(`secret ${CREDENTIAL}`));
    expect(reply).toEqual({
      ok: false,
      error: { code: 'internal', message: 'printer.status: internal error in the kiosk host' },
    });
  });
});

describe('the real services fail in their own terms, and the renderer gets the same codes as before', () => {
  it('transport: a server that cannot be reached is offline', async () => {
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    const transport = createServerTransport({ url: 'http://127.0.0.1:9', credential: CREDENTIAL, timeoutMs: 2000 });
    const handlers = fakeHandlers({ 'content.changes': ({ after, limit }) => transport.contentChanges(after, limit) });
    expect(await dispatchBridgeCall(handlers, 'content.changes', { after: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
  });

  it('content bundles: a bundle the last search did not find is invalid_request', async () => {
    const bundles = createBundleReader([]);
    const handlers = fakeHandlers({ 'content.bundlePage': ({ bundleId, after }) => bundles.page(bundleId, after) });
    expect(await dispatchBridgeCall(handlers, 'content.bundlePage', { bundleId: 'gone', after: 0 })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'unknown bundle: look for bundles again' },
    });
  });

  it('usb: a folder the last search did not offer, or that is gone, is invalid_request', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'host-errors-'));
    try {
      const folders = createUsbFolders([dir]);
      const handlers = fakeHandlers({
        'outbox.exportToUsb': async ({ folderId }) => {
          await folders.resolve(folderId);
          return { file: 'x', items: 0, bytes: 0 };
        },
      });
      expect(await dispatchBridgeCall(handlers, 'outbox.exportToUsb', { folderId: 'made-up', skip: [] })).toEqual({
        ok: false,
        error: { code: 'invalid_request', message: 'unknown folder: look for USB sticks again' },
      });
      const [found] = await folders.find();
      await rm(dir, { recursive: true, force: true });
      expect(await dispatchBridgeCall(handlers, 'outbox.exportToUsb', { folderId: found!.id, skip: [] })).toEqual({
        ok: false,
        error: { code: 'invalid_request', message: 'the USB stick is gone: look for USB sticks again' },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('usb: an outbox that cannot be written is internal, and says why', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'host-errors-'));
    try {
      await writeFile(path.join(dir, 'a-file'), '');
      const handlers = fakeHandlers({
        'outbox.exportToUsb': () =>
          writeOutboxExport({ dir: path.join(dir, 'a-file'), kioskCode: '0421', credential: CREDENTIAL, items: [] }),
      });
      const reply = await dispatchBridgeCall(handlers, 'outbox.exportToUsb', { folderId: 'f', skip: [] });
      expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/^cannot write the outbox to the USB stick: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('kiosk auth: a server that cannot be reached is offline; a refused challenge is unauthorized', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'host-errors-'));
    try {
      const key = loadOrCreateKioskKey(dir);
      const unreachable = createKeyAuth({ serverUrl: 'http://127.0.0.1:9', key, timeoutMs: 2000 });
      const refusing = createKeyAuth({
        serverUrl: 'http://server.invalid',
        key,
        timeoutMs: 2000,
        fetchImpl: async (url) =>
          String(url).endsWith('/auth/challenge')
            ? Response.json({ challenge: 'kc1.abc.def' })
            : Response.json({ error: { code: 'unauthorized', message: 'no' } }, { status: 401 }),
      });
      for (const [auth, code] of [
        [unreachable, 'offline'],
        [refusing, 'unauthorized'],
      ] as const) {
        const handlers = fakeHandlers({
          'server.health': async () => {
            await auth.authorization();
            return { online: true } as never;
          },
        });
        expect(await dispatchBridgeCall(handlers, 'server.health', {})).toMatchObject({ ok: false, error: { code } });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('journal: a folder that cannot be made is internal, and says the browser still holds the entry', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'host-errors-'));
    try {
      await writeFile(path.join(dir, 'a-file'), '');
      const journal = createSubmissionJournal({ dir: path.join(dir, 'a-file', 'journal') });
      const handlers = fakeHandlers({ 'journal.append': ({ entries }) => journal.append(entries) });
      const reply = await dispatchBridgeCall(handlers, 'journal.append', { entries: [journalEntry(1)] });
      expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
      if (!reply.ok)
        expect(reply.error.message).toMatch(/^journal: cannot append: .*the browser's copy still holds it/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
