import type { Submission } from '../../src-shared/schemas/submission.js';
import { formSchema, type Form } from '../../src-shared/schemas/content.js';
import { validateAnswers } from '../../src-shared/rules/field-validation.js';
import type { Database } from '../db/database.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';

export interface Rejection {
  code: 'kiosk_mismatch' | 'unknown_form' | 'unknown_service' | 'invalid_answers';
  message: string;
}

/** Form versions never change once published, so a cache for one batch is always right. */
export type FormCache = Map<string, Form | null>;

/**
 * Why a new submission cannot be stored, or null when it can. These are checks a correct
 * kiosk never fails; a rejection means a bug or tampering, and the kiosk keeps the item.
 * (That the tracking number carries the item's kiosk code is already checked by `submissionSchema`.)
 */
export async function checkNewSubmission(
  db: Database,
  kiosk: AuthenticatedKiosk,
  item: Submission,
  forms: FormCache,
  now: Date,
): Promise<Rejection | null> {
  if (item.kioskCode !== kiosk.kioskCode) {
    return { code: 'kiosk_mismatch', message: `kioskCode "${item.kioskCode}" is not this kiosk's code` };
  }
  const form = await loadFormVersion(db, forms, item.formId, item.formVersion);
  if (!form) {
    return { code: 'unknown_form', message: `form "${item.formId}" version ${item.formVersion} was never published` };
  }
  if (!(await serviceWasPublished(db, item.serviceId))) {
    return { code: 'unknown_service', message: `service "${item.serviceId}" was never published` };
  }
  const invalid = answerProblems(form, item, now);
  return invalid ? { code: 'invalid_answers', message: invalid } : null;
}

async function loadFormVersion(db: Database, forms: FormCache, formId: string, version: number): Promise<Form | null> {
  const key = `${formId}@${version}`;
  const cached = forms.get(key);
  if (cached !== undefined) return cached;
  const row = await db
    .selectFrom('form_versions')
    .select('data')
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst();
  const form = row ? formSchema.parse(JSON.parse(row.data)) : null;
  forms.set(key, form);
  return form;
}

/**
 * A kiosk that was offline may submit for a service withdrawn since; the citizen's
 * application must still be taken, so "ever published" counts, not "published now".
 */
async function serviceWasPublished(db: Database, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('content_changes')
    .select('seq')
    .where('type', '=', 'service')
    .where('entity_id', '=', serviceId)
    .where('op', '=', 'put')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Validates with the kiosk's own rules. "Today" is when the citizen submitted (clamped to
 * the server's clock), so a submission that waited offline for days is not refused for it.
 */
function answerProblems(form: Form, item: Submission, now: Date): string | null {
  const createdAt = new Date(item.createdAt);
  const today = createdAt.getTime() < now.getTime() ? createdAt : now;
  const result = validateAnswers(form, item.answers, today);
  const known = new Set(form.fields.map((f) => f.id));
  const unknown = Object.keys(item.answers).filter((id) => !known.has(id));
  if (result.ok && unknown.length === 0) return null;
  const parts = Object.entries(result.errors).map(([id, error]) => `${id} (${error.code})`);
  if (unknown.length > 0) parts.push(`unknown fields: ${unknown.join(', ')}`);
  return `invalid answers: ${parts.join(', ')}`;
}
