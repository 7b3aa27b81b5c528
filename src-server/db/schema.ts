import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Table types for Kysely. Kept portable between SQLite and PostgreSQL: timestamps are ISO-8601
 * text, JSON is text, booleans are avoided, ids are 32-bit integers.
 */
export interface KiosksTable {
  id: Generated<number>;
  kiosk_code: string;
  /** sha256 hex of the kiosk's bearer credential; the credential itself is never stored. */
  credential_hash: string;
  /** LocalizedText as JSON. */
  name: string;
  created_at: string;
}

export interface ContentChangesTable {
  /** The global content sequence number: kiosks page through changes by it. */
  seq: Generated<number>;
  type: string;
  entity_id: string;
  op: 'put' | 'delete';
  /** The entity as canonical JSON for `put`; null for `delete`. */
  data: string | null;
  created_at: string;
}

export interface ContentCurrentTable {
  type: string;
  entity_id: string;
  data: string;
  seq: number;
}

export interface FormVersionsTable {
  form_id: string;
  version: number;
  data: string;
}

export interface SubmissionsTable {
  /** Also the ack's serverId. */
  id: Generated<number>;
  idempotency_key: string;
  body_hash: string;
  kiosk_id: number;
  tracking_no: string;
  kind: string;
  service_id: string;
  form_id: string;
  form_version: number;
  body: string;
  status: string;
  received_at: string;
}

export interface DatabaseSchema {
  kiosks: KiosksTable;
  content_changes: ContentChangesTable;
  content_current: ContentCurrentTable;
  form_versions: FormVersionsTable;
  submissions: SubmissionsTable;
}

export type KioskRow = Selectable<KiosksTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type NewSubmission = Insertable<SubmissionsTable>;
