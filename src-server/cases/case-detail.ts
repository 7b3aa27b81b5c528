import type { KeyObject } from 'node:crypto';
import type { CaseCitizen, CaseDetail, CaseTimelineEntry } from '../../src-shared/console/cases-api.js';
import { isoDateInMongolia } from '../../src-shared/format.js';
import { AIMAGS } from '../../src-shared/rules/aimag-codes.js';
import {
  sealedEnvelopeSchema,
  submissionKindSchema,
  submissionStatusSchema,
} from '../../src-shared/schemas/submission.js';
import type { Database } from '../db/database.js';
import { openSealed } from '../submissions/open-sealed.js';
import { allowedNextStatuses, wasExtended } from '../submissions/status.js';
import { isOverdue } from './case-query.js';

/** What decides whether an operator may see a case: its kiosk's aimag and its current agency. */
export interface CaseFacts {
  id: number;
  trackingNo: string;
  aimagCode: string | null;
  agencyId: string | null;
}

/** The facts of case `id`, or null when there is no such case. */
export async function readCaseFacts(db: Database, id: number): Promise<CaseFacts | null> {
  const row = await db
    .selectFrom('submissions as s')
    .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
    .select(['s.id', 's.tracking_no', 'k.aimag_code', 's.agency_id'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, trackingNo: row.tracking_no, aimagCode: row.aimag_code, agencyId: row.agency_id } : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

type Labels = Map<string, { mn: string; en?: string }>;

/** The labels of a form version's fields, by field id (Mongolian, and English when given). */
async function formLabels(db: Database, formId: string | null, version: number | null): Promise<Labels> {
  const labels: Labels = new Map();
  if (formId === null || version === null) return labels;
  const row = await db
    .selectFrom('form_versions')
    .select('data')
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst();
  const fields = asRecord(parseJson(row?.data ?? '{}')).fields;
  if (!Array.isArray(fields)) return labels;
  for (const field of fields) {
    const f = asRecord(field);
    const label = asRecord(f.label);
    const id = str(f.id);
    const mn = str(label.mn);
    if (id !== null && mn !== null) {
      const en = str(label.en);
      labels.set(id, en === null ? { mn } : { mn, en });
    }
  }
  return labels;
}

/**
 * What the citizen wrote, opened from the submission's sealed envelope in memory with the
 * server's submission key. Nothing opened is written anywhere: it lives in this answer only.
 */
function openCitizen(
  body: string,
  binding: { idempotencyKey: string; trackingNo: string },
  key: KeyObject | null,
  labels: Labels,
): CaseCitizen {
  if (key === null) return { opened: false, reason: 'this server was started without the submission key' };
  const envelope = sealedEnvelopeSchema.safeParse(asRecord(parseJson(body)).sealed);
  if (!envelope.success) return { opened: false, reason: 'the submission carries no sealed envelope' };
  const opened = openSealed(envelope.data, binding, key);
  if (!opened.ok) return { opened: false, reason: opened.reason };
  const content = asRecord(opened.content);
  const contact = asRecord(content.contact);
  const answersIn = asRecord(content.answers);
  const answers = Object.entries(answersIn).map(([fieldId, value]) => ({
    fieldId,
    label: labels.get(fieldId) ?? { mn: fieldId },
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
  // The answer key is the server's own (kept in receipt_answers), never shown as something the citizen wrote.
  const known = new Set(['subject', 'text', 'contact', 'answers', 'name', 'phone', 'answerKey']);
  const other: Record<string, string> = {};
  for (const [k, v] of Object.entries(content)) {
    if (!known.has(k) && (typeof v === 'string' || typeof v === 'number')) other[k] = String(v);
  }
  if (typeof content.contact === 'string') other.contact = content.contact;
  return {
    opened: true,
    subject: str(content.subject),
    text: str(content.text),
    name: str(contact.name) ?? str(content.name),
    phone: str(contact.phone) ?? str(content.phone),
    address: str(contact.address),
    answers,
    other,
  };
}

/**
 * The case page of submission `id`: its row, place, service and form answers with their labels,
 * what the citizen wrote (opened in memory), and the timeline of every status change and
 * operator action, with who and when. Null when there is no such case.
 */
export async function readCaseDetail(
  db: Database,
  id: number,
  { submissionKey, now = new Date() }: { submissionKey: KeyObject | null; now?: Date },
): Promise<CaseDetail | null> {
  const s = await db
    .selectFrom('submissions as s')
    .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
    .selectAll('s')
    .select(['k.kiosk_code', 'k.aimag_code', 'k.soum_code', 'k.name as kiosk_name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!s) return null;
  const today = isoDateInMongolia(now);
  const kind = submissionKindSchema.parse(s.kind);
  const status = submissionStatusSchema.parse(s.status);

  const [labels, service, place, changes, events, extended] = await Promise.all([
    formLabels(db, s.form_id, s.form_version === null ? null : Number(s.form_version)),
    s.service_id === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('content_current')
          .select('data')
          .where('type', '=', 'service')
          .where('entity_id', '=', s.service_id)
          .executeTakeFirst(),
    s.aimag_code === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('content_current')
          .select('data')
          .where('type', '=', 'place')
          .where('entity_id', '=', s.aimag_code)
          .executeTakeFirst(),
    db
      .selectFrom('status_changes')
      .select(['seq', 'status', 'due_date', 'note', 'at'])
      .where('submission_id', '=', id)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('case_events as e')
      .leftJoin('operators as o', 'o.id', 'e.actor_id')
      .select(['e.id', 'e.kind', 'e.agency_id', 'e.text', 'e.at', 'o.login'])
      .where('e.submission_id', '=', id)
      .orderBy('e.id')
      .execute(),
    wasExtended(db, id),
  ]);

  const soumName = (() => {
    const soums = asRecord(parseJson(place?.data ?? '{}')).soums;
    if (!Array.isArray(soums) || s.soum_code === null) return null;
    const soum = soums.map(asRecord).find((x) => x.id === s.soum_code);
    return soum ? str(asRecord(soum.name).mn) : null;
  })();

  const timeline: CaseTimelineEntry[] = [
    ...changes.map((c): CaseTimelineEntry => ({
      at: c.at,
      source: 'status',
      kind: submissionStatusSchema.parse(c.status),
      actor: null,
      agencyId: null,
      text: c.note,
      dueDate: c.due_date,
    })),
    ...events.map((e): CaseTimelineEntry => ({
      at: e.at,
      source: 'event',
      kind: e.kind,
      actor: e.login,
      agencyId: e.agency_id,
      text: e.text,
      dueDate: null,
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.source === b.source ? 0 : a.source === 'status' ? -1 : 1));

  const answered = events.filter((e) => e.kind === 'answered').at(-1);
  const serviceData = asRecord(parseJson(service?.data ?? '{}'));
  const serviceTitle = asRecord(serviceData.title);
  const kioskName = asRecord(parseJson(s.kiosk_name));

  return {
    row: {
      id: s.id,
      trackingNo: s.tracking_no,
      kind,
      status,
      channel: s.channel === 'assisted' || s.channel === 'library' ? s.channel : 'kiosk',
      petitionCategory: s.petition_category,
      serviceId: s.service_id,
      lawId: s.law_id,
      articleNumber: s.article_number === null ? null : Number(s.article_number),
      hearingId: s.hearing_id,
      kioskCode: s.kiosk_code,
      aimagCode: s.aimag_code,
      soumCode: s.soum_code,
      agencyId: s.agency_id,
      staffId: s.staff_id,
      createdAt: s.created_at,
      receivedAt: s.received_at,
      statusAt: s.status_at,
      dueDate: s.due_date,
      overdue: isOverdue(s.status, s.due_date, today),
    },
    lang: s.lang,
    place: {
      aimagCode: s.aimag_code,
      aimagName: s.aimag_code === null ? null : (AIMAGS[s.aimag_code] ?? null),
      soumCode: s.soum_code,
      soumName,
      kioskName: Object.fromEntries(
        Object.entries(kioskName).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ),
    },
    service:
      s.service_id === null
        ? null
        : {
            id: s.service_id,
            name: Object.keys(serviceTitle).length === 0 ? null : (serviceTitle as Record<string, string>),
          },
    form: s.form_id === null || s.form_version === null ? null : { id: s.form_id, version: Number(s.form_version) },
    initialDueDate: s.initial_due_date,
    clockDoubt: s.clock_doubt === 'ahead' || s.clock_doubt === 'before_kiosk' ? s.clock_doubt : null,
    stance: s.stance,
    rating: s.rating === null ? null : Number(s.rating),
    citizen: openCitizen(
      s.body,
      { idempotencyKey: s.idempotency_key, trackingNo: s.tracking_no },
      submissionKey,
      labels,
    ),
    answer: answered ? { text: answered.text ?? '', at: answered.at, actor: answered.login } : null,
    extended,
    allowedStatuses: allowedNextStatuses(status, kind, extended),
    timeline,
  };
}
