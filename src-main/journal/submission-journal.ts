import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { journalEntrySchema, type JournalEntry } from '../../src-shared/bridge-contract.js';
import { parseTrackingNumber } from '../../src-shared/rules/tracking-number.js';
import { JournalError, type JournalOperation, type JournalProblem } from './journal-error.js';
import { createLogger } from '../logger.js';
import { createSerialQueue } from '../serial-queue.js';

const log = createLogger('journal');

/** The journal file inside the journal folder. */
export const JOURNAL_FILE = 'submissions.jsonl';
/** Lines that could not be read are moved here at compaction, for a technician, instead of being dropped. */
export const UNREADABLE_FILE = 'submissions.unreadable.jsonl';
/** Compaction only starts once the file has more lines than this. */
export const DEFAULT_COMPACT_AFTER_LINES = 1000;

/** One line of the journal file. */
const journalRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('entry'), entry: journalEntrySchema }),
  z.object({ t: z.literal('ack'), key: z.uuid() }),
  z.object({ t: z.literal('seq'), max: z.int().min(0) }),
]);
type JournalRecord = z.infer<typeof journalRecordSchema>;

export interface SubmissionJournal {
  /**
   * Makes the entries durable: resolves only after their lines are written and fsynced. An
   * entry whose idempotency key is already pending is not written again. `appended` counts the
   * entries of this call that are now in the journal (all of them, when it resolves).
   */
  append(entries: readonly JournalEntry[]): Promise<{ appended: number }>;
  /** Marks pending entries as delivered (durably); keys that are not pending are ignored. */
  ack(keys: readonly string[]): Promise<{ acked: number }>;
  /** Entries not yet acknowledged, in append order, and the highest tracking sequence ever journaled. */
  pending(): Promise<{ entries: JournalEntry[]; maxSequence: number }>;
  /** Closes the file; the journal reopens it (replaying it) if used again. */
  close(): Promise<void>;
}

export interface SubmissionJournalOptions {
  /** Folder holding `submissions.jsonl`; created when missing. */
  dir: string;
  /** Compact when the file has more lines than this and at most half of them are pending entries. */
  compactAfterLines?: number;
  /** For fault-injection tests only: how files are opened. */
  openFile?: (file: string, flags: string) => Promise<FileHandle>;
}

interface State {
  handle: FileHandle;
  /** Bytes of the journal file: every write starts here, and a failed write is cut back to it. */
  size: number;
  /** Pending entries by idempotency key; Map order is append order. */
  pending: Map<string, JournalEntry>;
  maxSequence: number;
  /** Complete lines in the file (any kind, readable or not). */
  lines: number;
  /** Lines that could not be read, kept until compaction moves them to UNREADABLE_FILE. */
  unreadable: string[];
}

const NEWLINE = 0x0a;

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function line(record: JournalRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function parseRecord(text: string): JournalRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = journalRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * What the contract's schema does not check: the parts of an entry that must agree. A
 * disagreement is a renderer bug; the entry is journaled all the same (a durable copy is worth
 * more than a clean one) and the bug is logged.
 */
function entryProblem(entry: JournalEntry): string | null {
  const tracking = parseTrackingNumber(entry.trackingNo);
  if (!tracking.ok || tracking.value.sequence !== entry.sequence)
    return `sequence ${entry.sequence} is not the one in tracking number ${entry.trackingNo}`;
  const { submission } = entry;
  if (submission.idempotencyKey !== entry.idempotencyKey) return 'idempotencyKey differs from the submission';
  if (submission.trackingNo !== entry.trackingNo) return 'trackingNo differs from the submission';
  if (submission.kind !== entry.kind) return 'kind differs from the submission';
  return null;
}

/**
 * The tracking sequence an entry uses up: its `sequence`, or the one printed in its tracking
 * number if that is higher, so a number a citizen holds is never handed out again.
 */
function sequenceUsed(entry: JournalEntry): number {
  const tracking = parseTrackingNumber(entry.trackingNo);
  return Math.max(entry.sequence, tracking.ok ? tracking.value.sequence : 0);
}

/** Writes all of `data` at the end of the file (the handle is opened for appending). */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    offset += bytesWritten;
  }
}

/**
 * fsync of a folder, so a file created or renamed in it survives a power cut. Windows cannot
 * open a folder as a file; there, NTFS journals the metadata itself and this is skipped.
 */
async function syncDir(
  dir: string,
  openFile: (file: string, flags: string) => Promise<FileHandle> = (file, flags) => open(file, flags, 0o600),
): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await openFile(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errnoCode(error);
    if (process.platform === 'win32' && (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES')) return;
    if (code === 'EINVAL') return; // some filesystems cannot fsync a folder; nothing more can be done
    throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function journalFailure(operation: JournalOperation, error: unknown): JournalError {
  const code = errnoCode(error);
  const problem: JournalProblem =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'disk_full'
      : code === 'EROFS'
        ? 'read_only'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission'
          : 'io';
  const detail = {
    disk_full: 'the kiosk disk is full',
    read_only: 'the kiosk disk is read-only',
    permission: 'permission denied on the journal folder',
    io: code ?? (error as Error).message,
  }[problem];
  const consequence =
    operation === 'append' ? "; the submission is not in the host journal (the browser's copy still holds it)" : '';
  return new JournalError(operation, problem, `journal: cannot ${operation}: ${detail}${consequence}`, {
    cause: error,
  });
}

/**
 * The host's append-only second copy of the submission queue, so that every submission a
 * citizen holds a receipt for is delivered even when the browser's storage was cleared,
 * corrupted or full. One JSON record per line in `<dir>/submissions.jsonl`:
 * `{"t":"entry","entry":…}`, `{"t":"ack","key":…}` and, after compaction, `{"t":"seq","max":N}`.
 *
 * - An append or ack resolves only after its lines are written and the file is fsynced (and the
 *   folder too when the file was created): when `journal.append` answers, the entry is on disk.
 * - Every operation runs in one queue, so concurrent calls never interleave lines and a read
 *   never sees half an operation.
 * - Replay ignores a torn last line (a power cut in the middle of a write: the write had not
 *   been answered) and cuts it off so the next line starts clean; an unreadable line in the
 *   middle is skipped, logged, and kept aside in `submissions.unreadable.jsonl` at compaction.
 * - A failed write is cut back, and the file is replayed before the next operation.
 * - When delivered records are most of a large file, it is rewritten to a temp file holding the
 *   highest sequence and the pending entries, fsynced and renamed over the old one in one step:
 *   the file stays small and `maxSequence` (which keeps a wiped kiosk from reusing a tracking
 *   number) is never lost.
 */
export function createSubmissionJournal(options: SubmissionJournalOptions): SubmissionJournal {
  const dir = path.resolve(options.dir);
  const file = path.join(dir, JOURNAL_FILE);
  const compactAfterLines = options.compactAfterLines ?? DEFAULT_COMPACT_AFTER_LINES;
  const openFile = options.openFile ?? ((f: string, flags: string) => open(f, flags, 0o600));

  let state: State | null = null;
  /** Runs a task after every earlier operation has finished, whatever their outcome. */
  const serial = createSerialQueue();

  async function readExisting(): Promise<Buffer | null> {
    try {
      return await readFile(file);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
  }

  async function load(): Promise<State> {
    // Folders made here must survive a power cut too: sync each new folder's parent.
    // Only the host's user may read what citizens wrote: the folder and its files are private.
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    for (let made = dir; created !== undefined; made = path.dirname(made)) {
      await syncDir(path.dirname(made), openFile);
      if (made === path.resolve(created) || path.dirname(made) === made) break;
    }

    const content = await readExisting();
    const handle = await openFile(file, 'a');
    try {
      // Always, not only on creation: an earlier process may have died before syncing the folder.
      await syncDir(dir, openFile);
      const loaded: State = {
        handle,
        size: content?.length ?? 0,
        pending: new Map(),
        maxSequence: 0,
        lines: 0,
        unreadable: [],
      };
      if (content === null || content.length === 0) return loaded;

      const end = content.lastIndexOf(NEWLINE) + 1;
      const lines = content.subarray(0, end).toString('utf8').split('\n');
      lines.pop(); // the empty string after the last newline
      const tail = content.subarray(end);
      let tailRecord: JournalRecord | null = null;
      if (tail.length > 0) {
        tailRecord = parseRecord(tail.toString('utf8'));
        if (tailRecord === null) {
          // A write cut off by a crash: it had not been answered, so nothing promised is lost.
          log.warn({ file, bytes: tail.length }, 'journal: torn last line ignored and cut off');
          await handle.truncate(end);
          await handle.sync();
          loaded.size = end;
        } else {
          // Whole but for its newline: keep it, and end the line so the next one starts clean.
          await writeAll(handle, Buffer.from('\n'));
          await handle.sync();
          loaded.size = content.length + 1;
        }
      }

      const apply = (record: JournalRecord) => {
        if (record.t === 'entry') {
          if (!loaded.pending.has(record.entry.idempotencyKey))
            loaded.pending.set(record.entry.idempotencyKey, record.entry);
          loaded.maxSequence = Math.max(loaded.maxSequence, sequenceUsed(record.entry));
        } else if (record.t === 'ack') {
          loaded.pending.delete(record.key);
        } else {
          loaded.maxSequence = Math.max(loaded.maxSequence, record.max);
        }
      };
      lines.forEach((text, index) => {
        loaded.lines += 1;
        if (text.trim() === '') return;
        const record = parseRecord(text);
        if (record === null) {
          log.error({ file, line: index + 1, bytes: Buffer.byteLength(text) }, 'journal: unreadable line skipped');
          loaded.unreadable.push(text);
          return;
        }
        apply(record);
      });
      if (tailRecord !== null) {
        loaded.lines += 1;
        apply(tailRecord);
      }
      log.info(
        { file, pending: loaded.pending.size, maxSequence: loaded.maxSequence, lines: loaded.lines },
        'journal replayed',
      );
      return loaded;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  async function current(what: JournalOperation): Promise<State> {
    if (state !== null) return state;
    try {
      state = await load();
      await compactIfWorthIt(state);
    } catch (error) {
      log.error({ err: error, file }, 'journal: cannot open');
      if (state !== null) await state.handle.close().catch(() => undefined);
      state = null;
      throw journalFailure(what, error);
    }
    if (state === null) throw journalFailure(what, new Error('journal not open'));
    return state;
  }

  /** Appends `data` durably, or leaves the file as it was and forgets the open state. */
  async function writeDurably(s: State, data: Buffer, what: 'append' | 'ack'): Promise<void> {
    try {
      await writeAll(s.handle, data);
      await s.handle.sync();
      s.size += data.length;
    } catch (error) {
      log.error({ err: error, file, what }, 'journal: write failed');
      // Cut back whatever part of the lines reached the file, and start over from the file
      // next time: after a failed fsync the page cache cannot be trusted.
      await s.handle.truncate(s.size).catch(() => undefined);
      await s.handle.close().catch(() => undefined);
      state = null;
      throw journalFailure(what, error);
    }
  }

  async function compactIfWorthIt(s: State): Promise<void> {
    if (s.lines <= compactAfterLines || s.pending.size * 2 > s.lines) return;
    const temp = `${file}.tmp`;
    const records: JournalRecord[] = [
      { t: 'seq', max: s.maxSequence },
      ...[...s.pending.values()].map((entry): JournalRecord => ({ t: 'entry', entry })),
    ];
    try {
      if (s.unreadable.length > 0) {
        await writeFileDurably(
          path.join(dir, UNREADABLE_FILE),
          'a',
          Buffer.from(s.unreadable.map((text) => `${text}\n`).join(''), 'utf8'),
        );
      }
      await writeFileDurably(temp, 'w', Buffer.from(records.map(line).join(''), 'utf8'));
    } catch (error) {
      // The old file is whole and holds every promise made: compact another time.
      log.warn({ err: error, file }, 'journal: compaction failed; the journal stays as it is');
      await rm(temp, { force: true }).catch(() => undefined);
      return;
    }
    state = null;
    await s.handle.close().catch(() => undefined);
    try {
      await rename(temp, file);
      await syncDir(dir, openFile);
    } catch (error) {
      log.warn({ err: error, file }, 'journal: compaction rename failed; the journal stays as it is');
      await rm(temp, { force: true }).catch(() => undefined);
    }
    // Reopen whichever file now has the name, replaying it.
    state = await load();
    log.info({ file, linesBefore: s.lines, linesAfter: state.lines, pending: state.pending.size }, 'journal compacted');
  }

  async function writeFileDurably(target: string, flags: 'a' | 'w', data: Buffer): Promise<void> {
    const handle = await openFile(target, flags);
    try {
      await writeAll(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    append(entries) {
      return serial(async () => {
        for (const entry of entries) {
          const problem = entryProblem(entry);
          if (problem !== null)
            log.error({ key: entry.idempotencyKey, problem }, 'journal: inconsistent entry journaled');
        }
        const s = await current('append');
        const fresh = new Map<string, JournalEntry>();
        for (const entry of entries) {
          const known = s.pending.get(entry.idempotencyKey) ?? fresh.get(entry.idempotencyKey);
          if (known === undefined) fresh.set(entry.idempotencyKey, entry);
          else if (JSON.stringify(known) !== JSON.stringify(entry))
            log.warn({ key: entry.idempotencyKey }, 'journal: same key appended with another body; the first is kept');
        }
        if (fresh.size > 0) {
          const data = Buffer.from([...fresh.values()].map((entry) => line({ t: 'entry', entry })).join(''), 'utf8');
          await writeDurably(s, data, 'append');
          for (const entry of fresh.values()) {
            s.pending.set(entry.idempotencyKey, entry);
            s.maxSequence = Math.max(s.maxSequence, sequenceUsed(entry));
          }
          s.lines += fresh.size;
        }
        return { appended: entries.length };
      });
    },

    ack(keys) {
      return serial(async () => {
        const s = await current('ack');
        const acked = [...new Set(keys)].filter((key) => s.pending.has(key));
        if (acked.length === 0) return { acked: 0 };
        await writeDurably(s, Buffer.from(acked.map((key) => line({ t: 'ack', key })).join(''), 'utf8'), 'ack');
        for (const key of acked) s.pending.delete(key);
        s.lines += acked.length;
        try {
          await compactIfWorthIt(s);
        } catch (error) {
          // The acks are durable; a journal that cannot be reopened is reported by the next call.
          log.error({ err: error, file }, 'journal: cannot reopen after compaction');
          state = null;
        }
        return { acked: acked.length };
      });
    },

    pending() {
      return serial(async () => {
        const s = await current('read');
        return { entries: [...s.pending.values()], maxSequence: s.maxSequence };
      });
    },

    close() {
      return serial(async () => {
        const s = state;
        state = null;
        await s?.handle.close();
      });
    },
  };
}
