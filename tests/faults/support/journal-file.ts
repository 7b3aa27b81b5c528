import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Replays the host's journal file read-only (the host keeps it open): entries not yet acked,
 * and the highest sequence it records. Torn or unreadable lines are counted, not trusted.
 */
export function journalPending(journalDir: string): {
  pending: { idempotencyKey: string; trackingNo: string; sequence: number }[];
  maxSequence: number;
  unreadable: number;
} {
  let text: string;
  try {
    text = readFileSync(path.join(journalDir, 'submissions.jsonl'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { pending: [], maxSequence: 0, unreadable: 0 };
    throw e;
  }
  const pending = new Map<string, { idempotencyKey: string; trackingNo: string; sequence: number }>();
  let maxSequence = 0;
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let rec: {
      t?: string;
      key?: string;
      max?: number;
      entry?: { idempotencyKey: string; trackingNo: string; sequence: number };
    };
    try {
      rec = JSON.parse(line);
    } catch {
      unreadable += 1;
      continue;
    }
    if (rec.t === 'entry' && rec.entry) {
      const { idempotencyKey, trackingNo, sequence } = rec.entry;
      if (!pending.has(idempotencyKey)) pending.set(idempotencyKey, { idempotencyKey, trackingNo, sequence });
      maxSequence = Math.max(maxSequence, sequence);
    } else if (rec.t === 'ack' && rec.key) {
      pending.delete(rec.key);
    } else if (rec.t === 'seq' && typeof rec.max === 'number') {
      maxSequence = Math.max(maxSequence, rec.max);
    }
  }
  return { pending: [...pending.values()], maxSequence, unreadable };
}
