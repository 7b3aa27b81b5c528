import { spawn } from 'node:child_process';
import { appendFile, open, readFile, readdir, stat, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalEntrySchema } from '../../../src-shared/bridge-contract.js';
import { JournalError } from '../../../src-main/journal/journal-error.js';
import { dispatchBridgeCall } from '../../../src-main/bridge/dispatch.js';
import { createHostServices } from '../../../src-main/bridge/host-services.js';
import {
  DEFAULT_COMPACT_AFTER_LINES,
  JOURNAL_FILE,
  UNREADABLE_FILE,
  createSubmissionJournal,
  type SubmissionJournal,
  type SubmissionJournalOptions,
} from '../../../src-main/journal/submission-journal.js';
import type { ReceiptPrinter } from '../../../src-main/printer/printer.js';
import type { ServerTransport } from '../../../src-main/transport/server-transport.js';
import { journalEntry, journalKey, tempDir, validConfig } from './fixtures.js';

let dir: string;
let remove: () => Promise<void>;
const opened: SubmissionJournal[] = [];

beforeEach(async () => {
  ({ dir, remove } = await tempDir('journal'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((j) => j.close()));
  await remove();
});

function journal(options: Partial<SubmissionJournalOptions> = {}): SubmissionJournal {
  const j = createSubmissionJournal({ dir, ...options });
  opened.push(j);
  return j;
}

const file = () => path.join(dir, JOURNAL_FILE);
const fileLines = async () => (await readFile(file(), 'utf8')).split('\n').filter((l) => l !== '');
const sequences = (entries: { sequence: number }[]) => entries.map((e) => e.sequence);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function rejection(promise: Promise<unknown>): Promise<JournalError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JournalError);
  return error as JournalError;
}

describe('submission journal: durability', () => {
  it('starts empty and creates its folder', async () => {
    const j = createSubmissionJournal({ dir: path.join(dir, 'a', 'b') });
    opened.push(j);
    expect(await j.pending()).toEqual({ entries: [], maxSequence: 0 });
    expect(await readdir(path.join(dir, 'a', 'b'))).toEqual([JOURNAL_FILE]);
  });

  it('keeps appended entries for a new journal on the same folder (a restarted host)', async () => {
    const first = journal();
    expect(await first.append([journalEntry(1), journalEntry(2)])).toEqual({ appended: 2 });
    expect(await first.append([journalEntry(3)])).toEqual({ appended: 1 });

    const restarted = journal();
    const { entries, maxSequence } = await restarted.pending();
    expect(entries).toEqual([journalEntry(1), journalEntry(2), journalEntry(3)]);
    expect(maxSequence).toBe(3);
    for (const entry of entries) expect(journalEntrySchema.safeParse(entry).success).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('keeps its folder and file readable by the host user only', async () => {
    const folder = path.join(dir, 'private', 'journal');
    const j = createSubmissionJournal({ dir: folder });
    opened.push(j);
    await j.append([journalEntry(1)]);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(folder, JOURNAL_FILE))).mode & 0o777).toBe(0o600);
  });

  it('writes one JSON record per line', async () => {
    await journal().append([journalEntry(1)]);
    await journal().ack([journalKey(1)]);
    expect((await fileLines()).map((l) => JSON.parse(l))).toEqual([
      { t: 'entry', entry: journalEntry(1) },
      { t: 'ack', key: journalKey(1) },
    ]);
  });

  it('answers an append only after the file is fsynced', async () => {
    const events: string[] = [];
    const openFile = async (target: string, flags: string): Promise<FileHandle> => {
      const handle = await open(target, flags);
      if (target !== file()) return handle;
      return new Proxy(handle, {
        get(h, prop) {
          if (prop === 'sync')
            return async () => {
              await new Promise((r) => setTimeout(r, 20));
              await h.sync();
              events.push('fsync');
            };
          const value = Reflect.get(h, prop) as unknown;
          return typeof value === 'function' ? value.bind(h) : value;
        },
      });
    };
    const j = journal({ openFile });
    await j.pending();
    events.length = 0;
    await j.append([journalEntry(1)]).then(() => events.push('answered'));
    expect(events).toEqual(['fsync', 'answered']);
  });

  it('removes acknowledged entries, for good', async () => {
    const j = journal();
    await j.append([journalEntry(1), journalEntry(2), journalEntry(3)]);
    expect(await j.ack([journalKey(1), journalKey(3)])).toEqual({ acked: 2 });
    expect(sequences((await j.pending()).entries)).toEqual([2]);
    expect(sequences((await journal().pending()).entries)).toEqual([2]);
  });

  it('ignores acks for keys it does not hold, and acks that repeat', async () => {
    const j = journal();
    await j.append([journalEntry(1)]);
    expect(await j.ack([journalKey(99), journalKey(1), journalKey(1)])).toEqual({ acked: 1 });
    expect(await j.ack([journalKey(1)])).toEqual({ acked: 0 });
    expect(await fileLines()).toHaveLength(2);
  });

  it('keeps the highest sequence ever journaled after every entry is acknowledged and after a restart', async () => {
    const j = journal();
    await j.append([journalEntry(7), journalEntry(41), journalEntry(12)]);
    await j.ack([journalKey(7), journalKey(41), journalKey(12)]);
    expect(await j.pending()).toEqual({ entries: [], maxSequence: 41 });
    expect(await journal().pending()).toEqual({ entries: [], maxSequence: 41 });
  });

  it('holds a key once, however often it is appended', async () => {
    const j = journal();
    expect(await j.append([journalEntry(1), journalEntry(1)])).toEqual({ appended: 2 });
    await j.append([journalEntry(1)]);
    await Promise.all([j.append([journalEntry(2)]), j.append([journalEntry(2)])]);
    expect(sequences((await j.pending()).entries)).toEqual([1, 2]);
    expect(await fileLines()).toHaveLength(2);
    expect(sequences((await journal().pending()).entries)).toEqual([1, 2]);
  });

  it('keeps an inconsistent entry, and never lets maxSequence fall below the number it printed', async () => {
    const entry = { ...journalEntry(5), sequence: 2 };
    expect(await journal().append([journalEntry(1), entry])).toEqual({ appended: 2 });
    expect(await journal().pending()).toEqual({ entries: [journalEntry(1), entry], maxSequence: 5 });
  });

  it('never interleaves lines of concurrent appends (100 at once)', async () => {
    const j = journal();
    const results = await Promise.all(range(1, 100).map((n) => j.append([journalEntry(n)])));
    expect(results.every((r) => r.appended === 1)).toBe(true);
    const lines = await fileLines();
    expect(lines).toHaveLength(100);
    const seen = lines.map((l) => {
      const record = JSON.parse(l) as { t: string; entry: unknown };
      expect(record.t).toBe('entry');
      return journalEntrySchema.parse(record.entry).sequence;
    });
    expect(new Set(seen).size).toBe(100);
    const { entries, maxSequence } = await journal().pending();
    expect(entries).toHaveLength(100);
    expect(maxSequence).toBe(100);
  });
});

describe('submission journal: damaged files', () => {
  it('ignores a torn last line (power cut mid-write), cuts it off, and appends cleanly after it', async () => {
    await journal().append([journalEntry(1), journalEntry(2)]);
    const whole = (await stat(file())).size;
    const torn = JSON.stringify({ t: 'entry', entry: journalEntry(3) }).slice(0, 150);
    await appendFile(file(), torn);

    const j = journal();
    expect(sequences((await j.pending()).entries)).toEqual([1, 2]);
    expect((await stat(file())).size).toBe(whole);
    await j.append([journalEntry(4)]);
    expect(sequences((await journal().pending()).entries)).toEqual([1, 2, 4]);
    expect(await fileLines()).toHaveLength(3);
  });

  it('keeps a last line that is whole but for its newline', async () => {
    await journal().append([journalEntry(1)]);
    await appendFile(file(), JSON.stringify({ t: 'entry', entry: journalEntry(2) }));
    const j = journal();
    expect(sequences((await j.pending()).entries)).toEqual([1, 2]);
    await j.append([journalEntry(3)]);
    expect(sequences((await journal().pending()).entries)).toEqual([1, 2, 3]);
  });

  it('ignores a tail of zero bytes (a file extended but never written)', async () => {
    await journal().append([journalEntry(1)]);
    await appendFile(file(), Buffer.alloc(512));
    const j = journal();
    expect(sequences((await j.pending()).entries)).toEqual([1]);
    await j.append([journalEntry(2)]);
    expect(sequences((await journal().pending()).entries)).toEqual([1, 2]);
  });

  it('skips a corrupt line in the middle and keeps everything around it', async () => {
    const j = journal();
    await j.append([journalEntry(1)]);
    await appendFile(file(), '{"t":"entry","entry":{"idempotencyKey":"garbage\n');
    await appendFile(file(), '\u0000\u0000 not json at all\n');
    await appendFile(file(), `${JSON.stringify({ t: 'entry', entry: { ...journalEntry(5), sequence: 'x' } })}\n`);
    await j.close();
    const again = journal();
    await again.append([journalEntry(2)]);
    await again.ack([journalKey(1)]);
    expect(await journal().pending()).toEqual({ entries: [journalEntry(2)], maxSequence: 2 });
  });

  it('reports a full disk as internal, leaves no partial line, and works again once there is room', async () => {
    let full = false;
    const openFile = async (target: string, flags: string): Promise<FileHandle> => {
      const handle = await open(target, flags);
      return new Proxy(handle, {
        get(h, prop) {
          if (prop === 'write' && full)
            return async (data: Buffer, offset: number, length: number) => {
              await h.write(data, offset, Math.floor(length / 2), null);
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            };
          const value = Reflect.get(h, prop) as unknown;
          return typeof value === 'function' ? value.bind(h) : value;
        },
      });
    };
    const j = journal({ openFile });
    await j.append([journalEntry(1)]);
    full = true;
    const error = await rejection(j.append([journalEntry(2)]));
    expect(error).toMatchObject({ operation: 'append', problem: 'disk_full' });
    expect(error.message).toMatch(/journal: cannot append: the kiosk disk is full/);
    expect(await fileLines()).toHaveLength(1);
    expect(sequences((await j.pending()).entries)).toEqual([1]);

    full = false;
    await j.append([journalEntry(3)]);
    expect(await journal().pending()).toEqual({ entries: [journalEntry(1), journalEntry(3)], maxSequence: 3 });
  });

  it('reports a journal folder it cannot create as internal', async () => {
    await writeFile(path.join(dir, 'blocked'), 'a file where the folder should be');
    const j = createSubmissionJournal({ dir: path.join(dir, 'blocked', 'journal') });
    opened.push(j);
    expect((await rejection(j.append([journalEntry(1)]))).operation).toBe('append');
    expect((await rejection(j.pending())).operation).toBe('read');
  });
});

describe('submission journal: compaction', () => {
  it('rewrites a mostly acknowledged file to the pending entries and the highest sequence', async () => {
    const j = journal({ compactAfterLines: 20 });
    for (let n = 1; n <= 30; n += 10) await j.append(range(n, n + 9).map((s) => journalEntry(s)));
    const before = (await stat(file())).size;
    expect(await j.ack(range(1, 27).map(journalKey))).toEqual({ acked: 27 });

    const lines = await fileLines();
    expect(lines.map((l) => JSON.parse(l).t)).toEqual(['seq', 'entry', 'entry', 'entry']);
    expect(JSON.parse(lines[0]!)).toEqual({ t: 'seq', max: 30 });
    expect((await stat(file())).size).toBeLessThan(before / 5);
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
    expect(await j.pending()).toEqual({ entries: range(28, 30).map((s) => journalEntry(s)), maxSequence: 30 });

    // It goes on appending to the new file, and a restart sees the same.
    await j.append([journalEntry(31)]);
    await j.ack(range(28, 31).map(journalKey));
    expect(await journal({ compactAfterLines: 20 }).pending()).toEqual({ entries: [], maxSequence: 31 });
  });

  it('keeps maxSequence when the highest entry was acknowledged before compaction', async () => {
    const j = journal({ compactAfterLines: 4 });
    await j.append(range(1, 6).map((s) => journalEntry(s)));
    await j.ack(range(2, 6).map(journalKey));
    expect(await fileLines()).toHaveLength(2);
    expect(await journal().pending()).toEqual({ entries: [journalEntry(1)], maxSequence: 6 });
  });

  it('does not compact below the threshold, nor while most lines are pending', async () => {
    const small = journal({ compactAfterLines: 100 });
    await small.append(range(1, 10).map((s) => journalEntry(s)));
    await small.ack(range(1, 10).map(journalKey));
    expect(await fileLines()).toHaveLength(20);
    await small.close();

    const busyDir = path.join(dir, 'busy');
    const busy = journal({ dir: busyDir, compactAfterLines: 10 });
    await busy.append(range(11, 30).map((s) => journalEntry(s)));
    await busy.ack([journalKey(11)]);
    expect((await readFile(path.join(busyDir, JOURNAL_FILE), 'utf8')).split('\n')).toHaveLength(22);
  });

  it(`compacts by default once past ${DEFAULT_COMPACT_AFTER_LINES} lines, mostly acknowledged`, async () => {
    const j = journal();
    for (let n = 1; n <= 1200; n += 100) await j.append(range(n, n + 99).map((s) => journalEntry(s)));
    await j.ack(range(1, 1000).map(journalKey));
    expect((await fileLines()).length).toBe(201);
    expect(await journal().pending()).toMatchObject({ maxSequence: 1200 });
    expect(sequences((await journal().pending()).entries)).toEqual(range(1001, 1200));
  });

  it('compacts a large, mostly acknowledged file when it opens it, setting unreadable lines aside', async () => {
    const first = journal({ compactAfterLines: 1_000_000 });
    await first.append(range(1, 10).map((s) => journalEntry(s)));
    await appendFile(file(), 'not a record\n');
    await first.ack(range(1, 8).map(journalKey));
    await first.close();
    expect(await fileLines()).toHaveLength(19);

    const j = journal({ compactAfterLines: 10 });
    expect(await j.pending()).toEqual({ entries: [journalEntry(9), journalEntry(10)], maxSequence: 10 });
    expect(await fileLines()).toHaveLength(3);
    expect(await readFile(path.join(dir, UNREADABLE_FILE), 'utf8')).toBe('not a record\n');
  });
});

describe('submission journal: crash (SIGKILL at a random moment)', () => {
  const CHILD = path.join(import.meta.dirname, 'journal-crash-child.ts');

  /** Runs the child until it has worked for `ms`, then kills it; returns what it reported. */
  async function runAndKill(first: number, ms: number): Promise<string[]> {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(first), '25'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: { ...process.env, LOG_LEVEL: 'silent', VITEST: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const reports: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (text) => {
        reports.push(text);
        if (text === 'ready') resolve();
      });
    });
    await Promise.race([ready, exited]);
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    return reports;
  }

  it('keeps every append that had been answered, across several crashes', async () => {
    let next = 1;
    let totalAppended = 0;
    for (let round = 0; round < 4; round++) {
      const reports = await runAndKill(next, 50 + Math.floor(Math.random() * 400));
      expect(reports[0]).toBe('ready');
      const appended = reports.filter((r) => r.startsWith('append ')).map((r) => Number(r.slice(7)));
      const ackBatches: { seqs: number[]; done: boolean }[] = [];
      for (const r of reports) {
        if (r.startsWith('ack-start ')) ackBatches.push({ seqs: r.slice(10).split(',').map(Number), done: false });
        if (r === 'ack-done') ackBatches.at(-1)!.done = true;
      }
      expect(appended.length).toBeGreaterThan(0);
      totalAppended += appended.length;

      const j = journal({ compactAfterLines: 25 });
      const { entries, maxSequence } = await j.pending();
      await j.close();
      const pending = new Set(sequences(entries));
      const maybeAcked = new Set(ackBatches.flatMap((b) => b.seqs));
      for (const seq of appended) if (!maybeAcked.has(seq)) expect(pending.has(seq), `sequence ${seq}`).toBe(true);
      for (const batch of ackBatches.filter((b) => b.done))
        for (const seq of batch.seqs) expect(pending.has(seq), `acked sequence ${seq}`).toBe(false);
      expect(maxSequence).toBeGreaterThanOrEqual(Math.max(...appended));
      for (const entry of entries) expect(journalEntrySchema.safeParse(entry).success).toBe(true);
      next = maxSequence + 1;
    }
    expect(totalAppended).toBeGreaterThan(4);
  }, 60_000);
});

describe('journal bridge calls', () => {
  const transport = {} as ServerTransport;
  const printer = {} as ReceiptPrinter;

  it('append, pending and ack through the dispatcher', async () => {
    const handlers = createHostServices({
      config: validConfig(),
      transport,
      printer,
      journal: journal(),
      mode: 'browser',
    });
    expect(
      await dispatchBridgeCall(handlers, 'journal.append', { entries: [journalEntry(1), journalEntry(2)] }),
    ).toEqual({
      ok: true,
      value: { appended: 2 },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.pending', {})).toEqual({
      ok: true,
      value: { entries: [journalEntry(1), journalEntry(2)], maxSequence: 2 },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.ack', { keys: [journalKey(1)] })).toEqual({
      ok: true,
      value: { acked: 1 },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.pending', {})).toMatchObject({
      ok: true,
      value: { entries: [journalEntry(2)], maxSequence: 2 },
    });
  });

  it('refuses an entry outside the contract before it reaches the journal', async () => {
    const handlers = createHostServices({
      config: validConfig(),
      transport,
      printer,
      journal: journal(),
      mode: 'browser',
    });
    const bad = { ...journalEntry(1), submission: { ...journalEntry(1).submission, sealed: { alg: 'none' } } };
    expect(await dispatchBridgeCall(handlers, 'journal.append', { entries: [bad] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatchBridgeCall(handlers, 'journal.pending', {})).toEqual({
      ok: true,
      value: { entries: [], maxSequence: 0 },
    });
  });
});
