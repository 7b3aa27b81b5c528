import type { Database } from '../db/database.js';
import { auditRowHash, GENESIS_HASH } from './audit-log.js';

export type AuditVerifyResult =
  | { ok: true; count: number; head: { seq: number; hash: string } | null }
  | { ok: false; seq: number; problem: 'edited' | 'deleted' | 'inserted' | 'broken_link'; message: string };

const PAGE = 1000;

/**
 * Walks the audit chain from the first row and names the first row that is not as written:
 *
 * - a gap in `seq` → rows were deleted;
 * - a row whose own hash does not match its columns → it was edited;
 * - a row whose `prev_hash` skips its predecessor and links to the row before → the predecessor
 *   was inserted; any other broken link → the predecessor was rewritten with a new hash.
 *
 * What it cannot see on its own: rows cut off the end, or a chain rewritten from some row on by
 * someone who recomputed every hash. For those, keep the head it reports (seq and hash) outside
 * the database, e.g. in the daily operations log, and compare.
 */
export async function verifyAuditChain(db: Database): Promise<AuditVerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let prevPrevHash: string | null = null;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        const range = row.seq - 1 === expectedSeq ? `row ${expectedSeq}` : `rows ${expectedSeq} to ${row.seq - 1}`;
        return {
          ok: false,
          seq: expectedSeq,
          problem: 'deleted',
          message: `${range} deleted (the log jumps to ${row.seq})`,
        };
      }
      if (row.prev_hash !== prevHash) {
        const before = row.seq - 1;
        if (row.prev_hash === prevPrevHash) {
          return {
            ok: false,
            seq: before,
            problem: 'inserted',
            message: `row ${before} was inserted: row ${row.seq} links past it`,
          };
        }
        return {
          ok: false,
          seq: row.seq,
          problem: 'broken_link',
          message:
            `row ${row.seq} does not follow row ${before}: a row before it was deleted or replaced and the rest ` +
            'renumbered, or one of the two was rewritten',
        };
      }
      if (auditRowHash(row) !== row.hash) {
        return {
          ok: false,
          seq: row.seq,
          problem: 'edited',
          message: `row ${row.seq} was edited: its hash does not match its contents`,
        };
      }
      prevPrevHash = prevHash;
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < PAGE) break;
  }
  return { ok: true, count, head: count === 0 ? null : { seq: count, hash: prevHash } };
}
