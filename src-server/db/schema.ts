import type { Generated, Insertable, Selectable } from 'kysely';
import type { CASE_EVENT_KINDS } from '../../src-shared/console/cases-api.js';

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
  /** The kiosk's aimag (2-digit national statistics code), from its provisioning file; null if never told. */
  aimag_code: string | null;
  /** The kiosk's soum (4-digit code). */
  soum_code: string | null;
  /** When the kiosk last made any authenticated request (migration 0006); null: never since. */
  last_contact_at: string | null;
  /** When the kiosk last sent a batch of submissions. */
  last_push_at: string | null;
  /** The content sequence the kiosk last asked for changes after (its content cursor). */
  content_cursor: number | null;
  /** 'kiosk' or 'library', from its provisioning file (migration 0013); null: registered before, unknown. */
  presentation: 'kiosk' | 'library' | null;
  /** JSON array of the staff ids that may open assisted mode on it; null: registered before, unknown. */
  staff_ids: string | null;
  /** The kiosk's own Ed25519 public key, base64 (migration 0011); null: set up the old way. */
  public_key: string | null;
  /** When the centre revoked it; null: in service. */
  revoked_at: string | null;
  /** 'citizen', 'library' or 'chamber' when enrolled; null: set up the old way. */
  mode: string | null;
  /** Technician and staff PINs set from the centre, as scrypt hashes (JSON `KioskPins`); never plain. */
  pins: string | null;
  /** Bumped at each PIN change from the centre, so the kiosk applies it once. */
  pins_version: Generated<number>;
}

/** A one-time enrolment code (migration 0011), kept only as its SHA-256. */
export interface EnrolmentCodesTable {
  code_hash: string;
  aimag_code: string;
  soum_code: string;
  /** The place's name as the administrator typed it. */
  place: string;
  mode: string;
  created_at: string;
  /** The operator's login, or `cli`. */
  created_by: string;
  expires_at: string;
  used_at: string | null;
  used_by_kiosk_id: number | null;
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

/**
 * One submission of any kind. Personal data never reaches a column: `body` is the item exactly as
 * the kiosk sent it, with the citizen's data still sealed to the server's key; the other columns
 * say only what kind of thing it is, where it came from and where it stands.
 */
export interface SubmissionsTable {
  /** Also the ack's serverId. */
  id: Generated<number>;
  idempotency_key: string;
  body_hash: string;
  kiosk_id: number;
  tracking_no: string;
  kind: string;
  /** kiosk | assisted | library. */
  channel: string;
  /** The Citizens' Chamber staff member who helped (assisted channel only). */
  staff_id: string | null;
  lang: string;
  /** When the citizen submitted, by the kiosk's clock (ISO 8601 as sent). */
  created_at: string;
  /** service_application and service_feedback. */
  service_id: string | null;
  /** service_application. */
  form_id: string | null;
  form_version: number | null;
  /** petition. */
  petition_category: string | null;
  /** law_comment. */
  law_id: string | null;
  law_version: number | null;
  /** null: on the law as a whole. */
  article_number: number | null;
  stance: string | null;
  /** service_feedback, 1–5. */
  rating: number | null;
  /** The item as sent (canonical JSON); its `sealed` envelope stays sealed. */
  body: string;
  /** The current status (SUBMISSION_STATUSES); `status_changes` holds the history. */
  status: string;
  /** When the current status was set. */
  status_at: string;
  /** The current due date in Mongolia (YYYY-MM-DD); petitions only. */
  due_date: string | null;
  /** The due date given at receipt, as the ack carries it (an extension does not change the ack). */
  initial_due_date: string | null;
  received_at: string;
  /** The agency the case is currently forwarded to (AGENCIES id); null: not forwarded (migration 0006). */
  agency_id: string | null;
  /** Why `created_at` cannot be right: 'ahead' | 'before_kiosk'; null when plausible (migration 0010). */
  clock_doubt: string | null;
  /** hearing_signup: the open-data hearing record's id (migration 0017). */
  hearing_id: string | null;
}

/**
 * What a citizen wrote in a comment on a draft law, opened at acceptance for the drafting body:
 * one row per `law_comment` submission. Name and contact only when the citizen gave them.
 */
export interface LawCommentsTable {
  submission_id: number;
  text: string;
  name: string | null;
  contact: string | null;
}

export interface StatusChangesTable {
  /** The global status sequence: kiosks page through their submissions' changes by it. */
  seq: Generated<number>;
  submission_id: number;
  /** The submission's kiosk, so a kiosk's changes are found by one index. */
  kiosk_id: number;
  status: string;
  /** The due date from this change on (YYYY-MM-DD), or null. */
  due_date: string | null;
  /** An operator's note; never sent to kiosks or shown by the public tracker. */
  note: string | null;
  at: string;
}

/** An operator console account (migration 0004). Disabled, never deleted, so audit rows keep their meaning. */
export interface OperatorsTable {
  id: Generated<number>;
  /** Unique, lower-case. */
  login: string;
  /** OPERATOR_ROLES in src-shared/console/console-api.ts. */
  role: string;
  /** aimag_operator only: the aimag's 2-digit code. */
  aimag_code: string | null;
  /** agency_handler only. */
  agency_id: string | null;
  /** `scrypt$…` (see console/passwords.ts); never logged, never sent. */
  password_hash: string;
  created_at: string;
  password_changed_at: string;
  disabled_at: string | null;
}

/** A signed-in session. The token lives only in the operator's cookie; this row keeps its SHA-256. */
export interface OperatorSessionsTable {
  id: Generated<number>;
  token_hash: string;
  operator_id: number;
  created_at: string;
  /** Idle expiry counts from here; refreshed at most once a minute. */
  last_seen_at: string;
  /** Absolute expiry. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Wrong passwords by `login:<login>` or `ip:<address>`, shared by every server process. */
export interface SignInFailuresTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** One audit row; `hash` = SHA-256 over the canonical JSON of the row with `prev_hash` (console/audit-log.ts). */
export interface AuditLogTable {
  /** Given by the writer: the previous row's seq + 1 (1 for the first). */
  seq: number;
  at: string;
  actor_id: number | null;
  actor_login: string | null;
  action: string;
  /** ok | denied | failed. */
  outcome: string;
  target: string | null;
  ip: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** A receipt's answer key (from the sealed envelope) and, once answered, the answer sealed under it. */
export interface ReceiptAnswersTable {
  submission_id: number;
  /** K, 64 hex digits: scrypt of the receipt's secret (src-shared/answers/receipt-secret.ts). */
  answer_key: string;
  /** base64 nonce and ciphertext+tag of the answer (AES-256-GCM under K); null until answered. */
  iv: string | null;
  ct: string | null;
  answered_at: string | null;
}

/**
 * One petition as the 11-11 report counts it (migration 0009), kept by `report/report-facts.ts`
 * from the status-change log. Days are Mongolian (YYYY-MM-DD); flags are 0/1.
 */
export interface ReportPetitionsTable {
  submission_id: number;
  kiosk_id: number;
  received_day: string;
  /** '' when none. */
  category: string;
  /** '' when not forwarded. */
  agency: string;
  channel: string;
  closed: number;
  on_time: number;
  due_date: string | null;
  /** Decided only: whole days from the receipt day to the decision day. */
  days_to_close: number | null;
}

/** How far a derived table has followed `status_changes` and `submissions` (null: never built). */
export interface ReportRefreshTable {
  name: string;
  seq: number | null;
  /** The highest submission id seen. */
  submission_id: number | null;
}

/** Wrong receipt secrets per tracking number on the public answer look-up, shared by every process. */
export interface AnswerTriesTable {
  tracking_no: string;
  tries: number;
  window_start: string;
}

/** The kinds of operator action on a case (migration 0006). */
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/**
 * One operator action on a case, with who and when. `text` is the reason (extended), the answer
 * (answered: the server's own copy), the responsible party (returned) or the note (note; never
 * sent to kiosks). `agency_id`: forwarded — to which agency.
 */
export interface CaseEventsTable {
  id: Generated<number>;
  submission_id: number;
  kind: CaseEventKind;
  actor_id: number | null;
  agency_id: string | null;
  text: string | null;
  at: string;
}

/**
 * A content folder checked and previewed in the console, waiting to be published exactly as
 * previewed (migration 0007). Kept for `PREVIEW_LIFETIME_MINUTES`.
 */
export interface PublicationPreviewsTable {
  /** Random, unguessable (base64url). */
  id: string;
  created_at: string;
  expires_at: string;
  operator_id: number;
  /** upload | republish. */
  source_kind: string;
  /** The uploaded zip's name, when given. */
  source_name: string | null;
  /** The publication a republish puts back. */
  republish_of: number | null;
  /** SHA-256 of the canonical JSON of `entities`. */
  content_hash: string;
  /** SHA-256 of the planned changes against the content published at preview time. */
  changes_hash: string;
  /** JSON array of `{ type, id, data }`: the folder's entities. */
  entities: string;
  /** 1: an article keeps its published version while its text stays (uploads); 0: put back exactly (republish). */
  keep_article_versions: number;
}

/** One publication of content from the console (migration 0007): who, when, why, what, and the whole content after it. */
export interface PublicationsTable {
  id: Generated<number>;
  published_at: string;
  /** Null for `npm run publish` (operator_login `cli`). */
  operator_id: number | null;
  operator_login: string;
  note: string;
  content_hash: string;
  source_kind: string;
  source_name: string | null;
  republish_of: number | null;
  added: number;
  changed: number;
  withdrawn: number;
  unchanged: number;
  first_seq: number | null;
  last_seq: number | null;
  /** JSON array of `{ kind, type, id, label }`. */
  changes: string;
  /** JSON array of `{ type, id, data }`: every folder entity as published, for "publish again as it was". */
  snapshot: string;
}

/** The latest health report of a kiosk (migration 0014; src-server/kiosks/kiosk-health.ts). */
/** One remote settings version (migration 0012): never changed once written. */
export interface KioskSettingsTable {
  /** The version number kiosks see. */
  id: Generated<number>;
  /** `fleet`, `aimag:<2 digits>` or `kiosk:<4 digits>`. */
  scope: string;
  /** KioskSettings as JSON. */
  settings: string;
  created_at: string;
  /** The operator's login, or `cli:<user>`. */
  created_by: string;
  /** The version whose settings a rollback brought back; null for a new setting. */
  rollback_of: number | null;
}

export interface KioskHealthTable {
  kiosk_id: number;
  /** When the server received it (server clock). */
  received_at: string;
  /** The kiosk's clock when it made the report. */
  kiosk_time: string;
  /** Kiosk clock minus server clock, in milliseconds. */
  drift_ms: number;
  app_version: string;
  content_cursor: number;
  /** 1: the kiosk says its content may be stale. */
  content_stale: number;
  settings_version: number | null;
  uptime_s: number;
  outbox_depth: number;
  /** Seconds the oldest queued item has waited; null: empty queue. */
  outbox_oldest_s: number | null;
  quarantined: number;
  used_bytes: number | null;
  free_bytes: number | null;
  /** 1 / 0 / null (not known). */
  persisted: number | null;
  /** A PrinterState (src-shared/schemas/health-report.ts). */
  printer: string;
  /** 1: the last content, status or push sync failed. */
  sync_failed: number;
  /** The report as JSON, without its events. */
  report: string;
  /** The kiosk's last update report (src-shared/schemas/release.ts): its state and version (migration 0018). */
  update_state: string | null;
  update_version: string | null;
}

/** A published kiosk release (migration 0018; src-server/releases/release-store.ts). */
export interface ReleasesTable {
  version: string;
  /** The manifest's canonical JSON text, exactly as signed. */
  manifest: string;
  /** Base64 Ed25519 signature over the manifest's UTF-8 bytes, by the release key. */
  signature: string;
  key_id: string;
  total_bytes: number;
  file_count: number;
  /** `pilot` (pilot kiosks only) or `all` (promoted). */
  channel: string;
  published_at: string;
  /** `cli:<user>`. */
  published_by: string;
  promoted_at: string | null;
}

/** A kiosk of the release pilot group (migration 0018). */
export interface ReleasePilotsTable {
  kiosk_code: string;
  added_at: string;
}

/** One kiosk's reports of one UTC hour, rolled up (migration 0014). */
export interface KioskHealthHourlyTable {
  kiosk_id: number;
  /** `YYYY-MM-DDTHH` (UTC). */
  hour: string;
  reports: number;
  max_outbox_depth: number;
  worst_printer: string;
  /** The largest drift either way (absolute milliseconds). */
  max_drift_ms: number;
  min_free_bytes: number | null;
}

/** A problem a kiosk noticed, with its own time (migration 0014). */
export interface KioskEventsTable {
  id: Generated<number>;
  kiosk_id: number;
  /** The kiosk's id for it: stored once however often it is resent. */
  event_id: string;
  /** When it happened, by the kiosk's clock. */
  at: string;
  kind: string;
  details: string;
  received_at: string;
  /** When a report showed the cause gone; null: still open. */
  closed_at: string | null;
}

/** One import of an open dataset that published (migration 0016; src-server/open-data/open-data-store.ts). */
export interface OpenDataImportsTable {
  id: Generated<number>;
  dataset: string;
  imported_at: string;
  /** JSON array of `{ name, sha256 }`. */
  files: string;
  source_url: string;
  taken_on: string;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  /** The validation report as JSON (problems, left out, dropped fields). */
  report: string;
}

/** The current version of an open-data record (migration 0016). */
export interface OpenDataRecordsTable {
  dataset: string;
  id: string;
  aimag: string;
  soum: string | null;
  /** SHA-256 (hex) of the record's canonical JSON. */
  hash: string;
  /** The record as JSON; null: removed by a later import (a tombstone kiosks delete by). */
  data: string | null;
  /** The number of the record's latest change; kiosks page an aimag by it. */
  seq: number;
  import_id: number;
}

export interface DatabaseSchema {
  kiosks: KiosksTable;
  enrolment_codes: EnrolmentCodesTable;
  content_changes: ContentChangesTable;
  content_current: ContentCurrentTable;
  form_versions: FormVersionsTable;
  submissions: SubmissionsTable;
  status_changes: StatusChangesTable;
  law_comments: LawCommentsTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  sign_in_failures: SignInFailuresTable;
  audit_log: AuditLogTable;
  case_events: CaseEventsTable;
  publication_previews: PublicationPreviewsTable;
  publications: PublicationsTable;
  receipt_answers: ReceiptAnswersTable;
  answer_tries: AnswerTriesTable;
  report_petitions: ReportPetitionsTable;
  report_refresh: ReportRefreshTable;
  kiosk_health: KioskHealthTable;
  kiosk_health_hourly: KioskHealthHourlyTable;
  kiosk_events: KioskEventsTable;
  kiosk_settings: KioskSettingsTable;
  open_data_imports: OpenDataImportsTable;
  open_data_records: OpenDataRecordsTable;
  releases: ReleasesTable;
  release_pilots: ReleasePilotsTable;
}

export type SubmissionRow = Selectable<SubmissionsTable>;
export type NewSubmission = Insertable<SubmissionsTable>;
export type OperatorRow = Selectable<OperatorsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
