import { createSubmissionJournal } from '../../../src-main/journal/submission-journal.js';
import { journalEntry } from './fixtures.js';

/**
 * Child process for the journal crash test (not a test file): appends entries one after another
 * and acknowledges some, reporting on stdout after each call has resolved, until it is killed.
 * Protocol, one line each: `ready`, `append <seq>`, `ack-start <seq>,<seq>,…`, `ack-done`.
 * Args: <journal dir> <first sequence> <compactAfterLines>.
 */
const [dir, firstArg, compactArg] = process.argv.slice(2);
if (dir === undefined || firstArg === undefined || compactArg === undefined) {
  console.error('usage: journal-crash-child.ts <dir> <first sequence> <compactAfterLines>');
  process.exit(2);
}
const journal = createSubmissionJournal({ dir, compactAfterLines: Number(compactArg) });
const report = (text: string) => new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));

await journal.pending();
await report('ready');
for (let seq = Number(firstArg); seq < Number(firstArg) + 100_000; seq++) {
  await journal.append([journalEntry(seq)]);
  await report(`append ${seq}`);
  if (seq % 10 === 0) {
    // Deliver all but the newest three: the file is always mostly acknowledged lines.
    const { entries } = await journal.pending();
    const keys = entries.slice(0, -3).map((e) => e.idempotencyKey);
    if (keys.length === 0) continue;
    await report(`ack-start ${entries.slice(0, -3).map((e) => e.sequence)}`);
    await journal.ack(keys);
    await report('ack-done');
  }
}
