import { addDays, mongoliaDayStart } from '../../src-shared/format.js';
import type { AuditEntry, AuditQuery } from '../../src-shared/console/console-api.js';
import type { Database } from '../db/database.js';
import type { AuditLogRow } from '../db/schema.js';
import { csvDocument, mongoliaDateTime } from '../util/csv.js';

/**
 * A date (`2026-12-03`) means that whole day in Mongolia, as an operator thinks of it; a time
 * with an offset means that instant. Returns the UTC ISO bound the `at` column compares with.
 */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return mongoliaDayStart(end ? addDays(value, 1) : value);
  }
  return new Date(value).toISOString();
}

/** Newest first, at most `limit` rows (older than `before`, for paging), filtered by time range (`to` exclusive for times, inclusive for days), actor and action. */
export async function queryAudit(db: Database, query: Omit<AuditQuery, 'format'>): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (query.from !== undefined) q = q.where('at', '>=', bound(query.from, false));
  if (query.to !== undefined) q = q.where('at', '<', bound(query.to, true));
  if (query.actor !== undefined) q = q.where('actor_login', '=', query.actor.toLowerCase());
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  if (query.before !== undefined) q = q.where('seq', '<', query.before);
  const rows = await q.orderBy('seq', 'desc').limit(query.limit).execute();
  return rows.map(toEntry);
}

function toEntry(row: AuditLogRow): AuditEntry {
  const details = JSON.parse(row.details) as unknown;
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorLogin: row.actor_login,
    action: row.action,
    outcome: row.outcome === 'ok' || row.outcome === 'denied' ? row.outcome : 'failed',
    target: row.target,
    ip: row.ip,
    details: details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : {},
    hash: row.hash,
  };
}

export const AUDIT_CSV_HEADER = [
  'seq',
  'time (Ulaanbaatar)',
  'time (UTC)',
  'actor',
  'action',
  'outcome',
  'target',
  'ip',
  'details',
  'hash',
] as const;

/**
 * The audit rows as CSV: UTF-8 with BOM, RFC 4180, and a formula guard on everything a person
 * outside could have typed (a login tried at sign-in, a target from a URL, details).
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvDocument(
    AUDIT_CSV_HEADER,
    entries.map((e) => [
      e.seq,
      mongoliaDateTime(e.at),
      e.at,
      { untrusted: e.actorLogin },
      e.action,
      e.outcome,
      { untrusted: e.target },
      { untrusted: e.ip },
      { untrusted: JSON.stringify(e.details) },
      e.hash,
    ]),
  );
}
