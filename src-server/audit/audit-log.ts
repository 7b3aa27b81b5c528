import { auditedTransaction, lockAuditChain } from '../db/audit-chain-lock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { AuditLogRow, DatabaseSchema } from '../db/schema.js';
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';

/** What the audit log records about one action (an operator's, or a sign-in attempt). */
export interface AuditEvent {
  /** A dotted name: `session.sign_in`, `access.denied`, `operator.add`, `laws.comments.export`… */
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  /** Who acted; null when nobody is signed in (a failed sign-in) or for the command line. */
  actor: { id: number | null; login: string } | null;
  /** What was acted on: a login, a law id, a route. */
  target?: string | null;
  ip?: string | null;
  /** Anything else worth keeping. Never a password, token or citizen's personal data. */
  details?: Record<string, unknown>;
}

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns a row's hash covers: all of them but the hash itself, as stored. */
export type HashedAuditFields = Omit<AuditLogRow, 'hash'>;

/**
 * SHA-256 of the canonical JSON of every column but `hash`, `prev_hash` included: change any
 * value, drop a row or slip one in, and this or the next row's link no longer matches.
 */
export function auditRowHash(row: HashedAuditFields): string {
  return sha256Hex(
    canonicalJson({
      seq: row.seq,
      at: row.at,
      actor_id: row.actor_id,
      actor_login: row.actor_login,
      action: row.action,
      outcome: row.outcome,
      target: row.target,
      ip: row.ip,
      details: row.details,
      prev_hash: row.prev_hash,
    }),
  );
}

/**
 * Appends one row to the audit log. Call it inside the transaction of the action it records, so
 * the action and its record commit together or not at all (`recordAudit` opens one when the
 * action has none of its own).
 */
export async function appendAudit(trx: Kysely<DatabaseSchema>, event: AuditEvent, at: Date): Promise<AuditLogRow> {
  await lockAuditChain(trx as unknown as Kysely<unknown>);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fields: HashedAuditFields = {
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    actor_id: event.actor?.id ?? null,
    actor_login: event.actor?.login ?? null,
    action: event.action,
    outcome: event.outcome,
    target: event.target ?? null,
    ip: event.ip ?? null,
    details: canonicalJson(event.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditLogRow = { ...fields, hash: auditRowHash(fields) };
  await trx.insertInto('audit_log').values(row).execute();
  return row;
}

/** Records an event in a transaction of its own (for events that change nothing else). */
export function recordAudit(db: Database, event: AuditEvent, at: Date): Promise<AuditLogRow> {
  return auditedTransaction(db, (trx) => appendAudit(trx, event, at));
}
