import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import {
  FEEDBACK_FORM,
  feedbackAnswers,
  HEARING_SIGNUP_FORMS,
  hearingSignupAnswers,
  kindForm,
  LAW_COMMENT_FORMS,
  lawCommentAnswers,
  PETITION_FORMS,
  petitionAnswers,
} from '../../src-shared/forms/kind-forms.js';
import { validateAnswers } from '../../src-shared/rules/field-validation.js';
import { formSchema, petitionCategorySchema, type Form } from '../../src-shared/schemas/content.js';
import { lawSchema, type Law } from '../../src-shared/schemas/law.js';
import { sealedContentSchemas, type Submission } from '../../src-shared/schemas/submission.js';
import type { Database } from '../db/database.js';
import type { NewSubmission } from '../db/schema.js';
import type { AuthenticatedKiosk } from '../kiosks/kiosk-registry.js';
import { formatZodIssues } from '../../src-shared/zod-issues.js';
import { commentWindowProblem } from '../../src-shared/rules/comment-window.js';
import { defaultPetitionDueDays } from './due-dates.js';
import { openSealed, type OpenSealedResult } from './open-sealed.js';

export type RejectionCode =
  | 'kiosk_mismatch'
  | 'unsealable'
  | 'invalid_sealed_content'
  | 'unknown_form'
  | 'unknown_service'
  | 'invalid_answers'
  | 'unknown_petition_category'
  | 'unknown_law'
  | 'unknown_law_version'
  | 'unknown_article'
  | 'comment_window_not_open'
  | 'comment_window_closed'
  | 'tracking_no_taken'
  | 'channel_not_allowed'
  | 'unknown_staff'
  | 'unknown_hearing';

/** Why a submission is refused. Messages name fields and dates, never what the citizen wrote. */
export interface Rejection {
  code: RejectionCode;
  message: string;
}

/** The non-personal columns each kind fills; the rest stay null. */
export type KindColumns = Pick<
  NewSubmission,
  | 'service_id'
  | 'form_id'
  | 'form_version'
  | 'petition_category'
  | 'law_id'
  | 'law_version'
  | 'article_number'
  | 'stance'
  | 'rating'
  | 'clock_doubt'
  | 'hearing_id'
>;

/** What a citizen wrote on a draft law, opened from the envelope: kept for the drafting body. */
export interface OpenedLawComment {
  text: string;
  /** Only when the citizen gave them. */
  name: string | null;
  contact: string | null;
}

/**
 * A new submission that may be stored: its kind's columns, for petitions the days until an
 * answer is due, and for law comments what the citizen wrote.
 */
export interface CheckedSubmission {
  columns: KindColumns;
  dueDays: number | null;
  comment: OpenedLawComment | null;
  /** The receipt's answer key K from inside the envelope (hex), or null for a receipt without a secret. */
  answerKey: string | null;
}

export type CheckResult = { ok: true; value: CheckedSubmission } | { ok: false; rejection: Rejection };

/**
 * What the checks read of the published content, kept per database handle (one per server
 * process) across batches: form versions never change once published, and an entity once
 * published stays "ever published". What can change (a petition category's due days, a law's
 * text and window) is kept only while the content log's newest sequence number is the one it
 * was read at; each batch reads that number once.
 */
interface ContentLookups {
  forms: Map<string, Form | null>;
  everPublished: Set<string>;
  /** Valid while the content log's newest seq is `atSeq`. */
  atSeq: number | null;
  latest: Map<string, unknown>;
  laws: Map<string, Law | null>;
}

/** Distinct entries kept at most per map: far above any real catalogue, a bound against a flood of made-up ids. */
const LOOKUP_LIMIT = 10_000;
const lookups = new WeakMap<Database, ContentLookups>();

function lookupsFor(db: Database): ContentLookups {
  let kept = lookups.get(db);
  if (!kept) {
    kept = { forms: new Map(), everPublished: new Set(), atSeq: null, latest: new Map(), laws: new Map() };
    lookups.set(db, kept);
  }
  return kept;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= LOOKUP_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

/** What one batch's checks need: the database, the key that opens envelopes, and the lookups. */
export interface CheckContext {
  db: Database;
  privateKey: KeyObject;
  lookups: ContentLookups;
  /** Whether this batch has checked the lookups against the content log's newest seq yet. */
  fresh: boolean;
}

/**
 * `latestContentSeq`: the content log's newest sequence number when the caller has just read it
 * (with its own query, saving a round trip); otherwise the first check that needs it reads it.
 */
export function newCheckContext(db: Database, privateKey: KeyObject, latestContentSeq?: number): CheckContext {
  const ctx: CheckContext = { db, privateKey, lookups: lookupsFor(db), fresh: false };
  if (latestContentSeq !== undefined) movedOnTo(ctx, latestContentSeq);
  return ctx;
}

/** The lookups that may change with content, emptied if the content log moved on (once per batch). */
async function changeable(ctx: CheckContext): Promise<ContentLookups> {
  if (ctx.fresh) return ctx.lookups;
  const row = await ctx.db
    .selectFrom('content_changes')
    .select((eb) => eb.fn.max('seq').as('latest'))
    .executeTakeFirst();
  movedOnTo(ctx, row?.latest == null ? 0 : Number(row.latest));
  return ctx.lookups;
}

function movedOnTo(ctx: CheckContext, latest: number): void {
  const kept = ctx.lookups;
  if (kept.atSeq !== latest) {
    kept.latest.clear();
    kept.laws.clear();
    kept.atSeq = latest;
  }
  ctx.fresh = true;
}

const NO_COLUMNS: KindColumns = {
  service_id: null,
  form_id: null,
  form_version: null,
  petition_category: null,
  law_id: null,
  law_version: null,
  article_number: null,
  stance: null,
  rating: null,
  clock_doubt: null,
  hearing_id: null,
};

const reject = (code: RejectionCode, message: string): CheckResult => ({ ok: false, rejection: { code, message } });
const accept = (
  columns: Partial<KindColumns>,
  dueDays: number | null = null,
  comment: OpenedLawComment | null = null,
): CheckResult => ({
  ok: true,
  value: { columns: { ...NO_COLUMNS, ...columns }, dueDays, comment, answerKey: null },
});

/**
 * Whether a new submission can be stored. The envelope is opened and its content validated with
 * the kind's schema, then the kind's own rules apply. Only ever returns: a rejection is a
 * per-item answer (the kiosk quarantines the item), never a server error.
 * (That the tracking number carries the item's kiosk code is already checked by `submissionSchema`.)
 */
export async function checkNewSubmission(
  ctx: CheckContext,
  kiosk: AuthenticatedKiosk,
  item: Submission,
  receivedAt: Date,
  /** The envelope already opened (by `EnvelopeOpener`, maybe on another thread); else opened here. */
  alreadyOpened?: OpenSealedResult,
): Promise<CheckResult> {
  if (item.kioskCode !== kiosk.kioskCode) {
    return reject('kiosk_mismatch', `kioskCode "${item.kioskCode}" is not this kiosk's code`);
  }
  const claim = channelProblem(kiosk, item);
  if (claim) return claim;
  const opened = alreadyOpened ?? openSealed(item.sealed, item, ctx.privateKey);
  if (!opened.ok) return reject('unsealable', opened.reason);
  const doubt = clockDoubt(item.createdAt, kiosk.registeredAt, receivedAt);
  const checked = await checkContent(ctx, item, opened.content, receivedAt);
  if (!checked.ok) return checked;
  // Every kind's schema has the same optional `answerKey`, validated by the kind's check above.
  const answerKey = (opened.content as { answerKey?: unknown }).answerKey;
  return {
    ok: true,
    value: {
      ...checked.value,
      columns: { ...checked.value.columns, clock_doubt: doubt },
      answerKey: typeof answerKey === 'string' ? answerKey : null,
    },
  };
}

/**
 * Whether the item's `channel` and `staffId` fit what the server knows of the kiosk: a library
 * kiosk sends `library` and nothing else; a citizen kiosk `kiosk` or `assisted`, and `assisted`
 * only with a staff id registered for it. A kiosk registered before the server kept these (null)
 * is not checked.
 */
function channelProblem(kiosk: AuthenticatedKiosk, item: Submission): CheckResult | null {
  const { presentation, staffIds } = kiosk;
  if (presentation === 'library' && item.channel !== 'library') {
    return reject('channel_not_allowed', `channel "${item.channel}" from a kiosk registered as a library kiosk`);
  }
  if (presentation === 'kiosk' && item.channel === 'library') {
    return reject('channel_not_allowed', 'channel "library" from a kiosk not registered as a library kiosk');
  }
  if (item.channel === 'assisted' && staffIds && !staffIds.includes(item.staffId ?? '')) {
    return reject('unknown_staff', 'staffId is not among the staff registered for this kiosk');
  }
  return null;
}

/** Clock slack allowed on either side of what the server knows. */
const CLOCK_SLACK_MS = 24 * 3600_000;

/**
 * Whether the kiosk's `createdAt` can be right: not after the server received it, and not before
 * the kiosk was registered (each with a day's slack). An offline kiosk may be weeks behind and
 * that is fine; a dead clock battery (year 2000) or a clock set ahead is not believed. Such an
 * item is still accepted, flagged, so that nothing a citizen sent is stranded. (A law comment
 * dated ahead is refused by its window rule, as before.)
 */
export function clockDoubt(
  createdAt: string,
  registeredAt: string | undefined,
  receivedAt: Date,
): 'ahead' | 'before_kiosk' | null {
  const created = Date.parse(createdAt);
  if (created > receivedAt.getTime() + CLOCK_SLACK_MS) return 'ahead';
  if (registeredAt !== undefined && created < Date.parse(registeredAt) - CLOCK_SLACK_MS) return 'before_kiosk';
  return null;
}

async function checkContent(
  ctx: CheckContext,
  item: Submission,
  content: unknown,
  receivedAt: Date,
): Promise<CheckResult> {
  switch (item.kind) {
    case 'service_application': {
      const form = await loadFormVersion(ctx, item.formId, item.formVersion);
      if (!form) return reject('unknown_form', `form "${item.formId}" version ${item.formVersion} was never published`);
      if (!(await wasPublished(ctx, 'service', item.serviceId))) {
        return reject('unknown_service', `service "${item.serviceId}" was never published`);
      }
      const checked = checkSealedAnswers(item, content, form, receivedAt);
      if (!checked.ok) return checked;
      return accept({ service_id: item.serviceId, form_id: item.formId, form_version: item.formVersion });
    }
    case 'petition': {
      const checked = checkSealedAnswers(item, content, null, receivedAt);
      if (!checked.ok) return checked;
      const category = await latestPublished(ctx, 'petition-category', item.petitionCategory);
      if (category === undefined) {
        return reject('unknown_petition_category', `petition category "${item.petitionCategory}" was never published`);
      }
      const parsed = petitionCategorySchema.safeParse(category);
      const dueDays = parsed.success ? parsed.data.dueDays : defaultPetitionDueDays(item.petitionCategory);
      return accept({ petition_category: item.petitionCategory }, dueDays);
    }
    case 'law_comment': {
      const checked = checkSealedAnswers(item, content, null, receivedAt);
      if (!checked.ok) return checked;
      const law = await currentLaw(ctx, item.lawId);
      if (!law) return reject('unknown_law', `law "${item.lawId}" is not published`);
      if (item.lawVersion > law.version) {
        return reject(
          'unknown_law_version',
          `law "${item.lawId}" is at version ${law.version}; version ${item.lawVersion} was never published`,
        );
      }
      if (item.articleNumber !== null && !(await articleExists(ctx, law, item.articleNumber))) {
        return reject('unknown_article', `law "${item.lawId}" has no article ${item.articleNumber}`);
      }
      const late = commentWindowProblem(law.commentWindow, new Date(item.createdAt), receivedAt);
      if (late) return reject(late.code, `law "${item.lawId}": ${late.message}`);
      const { text = '', name, contact } = checked.values;
      return accept(
        {
          law_id: item.lawId,
          law_version: item.lawVersion,
          article_number: item.articleNumber,
          stance: item.stance,
        },
        null,
        { text, name: name || null, contact: contact || null },
      );
    }
    case 'service_feedback': {
      let form: Form | null = null;
      if (item.formId !== undefined && item.formVersion !== undefined) {
        form = await loadFormVersion(ctx, item.formId, item.formVersion);
        if (!form)
          return reject('unknown_form', `form "${item.formId}" version ${item.formVersion} was never published`);
      }
      if (!(await wasPublished(ctx, 'service', item.serviceId))) {
        return reject('unknown_service', `service "${item.serviceId}" was never published`);
      }
      const checked = checkSealedAnswers(item, content, form, receivedAt);
      if (!checked.ok) return checked;
      return accept({
        service_id: item.serviceId,
        rating: item.rating,
        form_id: item.formId ?? null,
        form_version: item.formVersion ?? null,
      });
    }
    case 'hearing_signup': {
      const checked = checkSealedAnswers(item, content, null, receivedAt);
      if (!checked.ok) return checked;
      // Ever published counts, as for services: a kiosk offline for days may deliver a sign-up for
      // a hearing the latest import has since changed or removed; the organiser still sees it.
      if (!(await hearingWasPublished(ctx, item.hearingId))) {
        return reject('unknown_hearing', `hearing "${item.hearingId}" was never published`);
      }
      return accept({ hearing_id: item.hearingId, form_version: item.formVersion });
    }
  }
}

/** Whether the open data ever carried hearing `id` (a removed record stays as a tombstone). */
async function hearingWasPublished(ctx: CheckContext, id: string): Promise<boolean> {
  const key = `open-data:hearing/${id}`;
  if (ctx.lookups.everPublished.has(key)) return true;
  const row = await ctx.db
    .selectFrom('open_data_records')
    .select('seq')
    .where('dataset', '=', 'hearing')
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return false;
  if (ctx.lookups.everPublished.size >= LOOKUP_LIMIT) ctx.lookups.everPublished.clear();
  ctx.lookups.everPublished.add(key);
  return true;
}

/** The answers of an opened envelope, normalised as the form's rules give them (trimmed, phones as 8 digits). */
export type SealedAnswersResult = { ok: true; values: Record<string, string> } | { ok: false; rejection: Rejection };

/**
 * Checks what the citizen wrote with the kiosk's own rule: the envelope's shape, then its answers
 * by the kind's form — the published form of a service application (or of a rating given with
 * one), the petition form of the version the kiosk filled in, the draft-law comment form, the
 * plain rating form — through `validateAnswers`, the function the kiosk runs field by field.
 * Pure: `form` is the published form the item names (null when it names none).
 */
export function checkSealedAnswers(
  item: Submission,
  content: unknown,
  form: Form | null,
  receivedAt: Date,
): SealedAnswersResult {
  const createdAt = new Date(item.createdAt);
  const fail = (code: RejectionCode, message: string): SealedAnswersResult => ({
    ok: false,
    rejection: { code, message },
  });
  const opened = <T extends z.ZodType>(schema: T): z.infer<T> | string => {
    const parsed = schema.safeParse(content);
    return parsed.success ? parsed.data : formatZodIssues(parsed.error);
  };
  let answers: Record<string, string>;
  let used: Form | undefined;
  switch (item.kind) {
    case 'service_application': {
      const sealed = opened(sealedContentSchemas.service_application);
      if (typeof sealed === 'string')
        return fail('invalid_sealed_content', `the sealed content is not a valid ${item.kind}: ${sealed}`);
      answers = sealed.answers;
      used = form ?? undefined;
      break;
    }
    case 'petition': {
      const sealed = opened(sealedContentSchemas.petition);
      if (typeof sealed === 'string')
        return fail('invalid_sealed_content', `the sealed content is not a valid ${item.kind}: ${sealed}`);
      answers = petitionAnswers(item.petitionCategory, sealed);
      used = kindForm(PETITION_FORMS, item.formVersion);
      if (!used) return fail('unknown_form', `the petition form has no version ${item.formVersion}`);
      break;
    }
    case 'law_comment': {
      const sealed = opened(sealedContentSchemas.law_comment);
      if (typeof sealed === 'string')
        return fail('invalid_sealed_content', `the sealed content is not a valid ${item.kind}: ${sealed}`);
      answers = lawCommentAnswers(item.stance, sealed);
      used = kindForm(LAW_COMMENT_FORMS, undefined);
      break;
    }
    case 'service_feedback': {
      const sealed = opened(sealedContentSchemas.service_feedback);
      if (typeof sealed === 'string')
        return fail('invalid_sealed_content', `the sealed content is not a valid ${item.kind}: ${sealed}`);
      if (form) {
        if (form.kind !== 'service_feedback') {
          return fail('unknown_form', `form "${form.id}" version ${form.version} is not a feedback form`);
        }
        if (sealed.text !== undefined || sealed.answers === undefined) {
          return fail('invalid_sealed_content', 'a rating given with a form carries its answers, not a text');
        }
        if (sealed.answers.rating !== String(item.rating)) {
          return fail('invalid_answers', 'invalid answers: rating (differs from the rating sent)');
        }
        answers = sealed.answers;
        used = form;
      } else {
        if (sealed.answers !== undefined) {
          return fail('invalid_sealed_content', 'answers come only with a feedback form (formId)');
        }
        answers = feedbackAnswers(item.rating, sealed);
        used = FEEDBACK_FORM;
      }
      break;
    }
    case 'hearing_signup': {
      const sealed = opened(sealedContentSchemas.hearing_signup);
      if (typeof sealed === 'string')
        return fail('invalid_sealed_content', `the sealed content is not a valid ${item.kind}: ${sealed}`);
      answers = hearingSignupAnswers(sealed);
      used = kindForm(HEARING_SIGNUP_FORMS, item.formVersion);
      if (!used) return fail('unknown_form', `the hearing sign-up form has no version ${item.formVersion}`);
      break;
    }
  }
  if (!used) return fail('unknown_form', 'no form to check the answers with');
  const invalid = answerProblems(used, answers, createdAt, receivedAt);
  if (typeof invalid === 'string') return fail('invalid_answers', invalid);
  return { ok: true, values: invalid.values };
}

async function loadFormVersion(ctx: CheckContext, formId: string, version: number): Promise<Form | null> {
  const key = `${formId}@${version}`;
  const cached = ctx.lookups.forms.get(key);
  if (cached !== undefined) return cached;
  const row = await ctx.db
    .selectFrom('form_versions')
    .select('data')
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst();
  const form = row ? formSchema.parse(JSON.parse(row.data)) : null;
  // Not kept when missing: the version may be published a moment later.
  return form ? remember(ctx.lookups.forms, key, form) : null;
}

/**
 * A kiosk that was offline may submit for a service withdrawn since; the citizen's
 * application must still be taken, so "ever published" counts, not "published now".
 */
async function wasPublished(ctx: CheckContext, type: string, id: string): Promise<boolean> {
  const key = `${type}/${id}`;
  if (ctx.lookups.everPublished.has(key)) return true;
  const row = await ctx.db
    .selectFrom('content_changes')
    .select('seq')
    .where('type', '=', type)
    .where('entity_id', '=', id)
    .where('op', '=', 'put')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return false;
  if (ctx.lookups.everPublished.size >= LOOKUP_LIMIT) ctx.lookups.everPublished.clear();
  ctx.lookups.everPublished.add(key);
  return true;
}

/** The last published version of an entity, even if withdrawn since; undefined if never published. */
async function latestPublished(ctx: CheckContext, type: string, id: string): Promise<unknown> {
  const kept = await changeable(ctx);
  const key = `${type}/${id}`;
  if (kept.latest.has(key)) return kept.latest.get(key);
  const row = await ctx.db
    .selectFrom('content_changes')
    .select('data')
    .where('type', '=', type)
    .where('entity_id', '=', id)
    .where('op', '=', 'put')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return remember(kept.latest, key, row?.data == null ? undefined : (JSON.parse(row.data) as unknown));
}

/** The law as published now: comments are judged against its current window. */
async function currentLaw(ctx: CheckContext, lawId: string): Promise<Law | null> {
  const kept = await changeable(ctx);
  const cached = kept.laws.get(lawId);
  if (cached !== undefined) return cached;
  const row = await ctx.db
    .selectFrom('content_current')
    .select('data')
    .where('type', '=', 'law')
    .where('entity_id', '=', lawId)
    .executeTakeFirst();
  return remember(kept.laws, lawId, row ? lawSchema.parse(JSON.parse(row.data)) : null);
}

/** In the current text, or published in an earlier version the citizen may have read. */
async function articleExists(ctx: CheckContext, law: Law, articleNumber: number): Promise<boolean> {
  if (law.chapters.some((c) => c.articles.includes(articleNumber))) return true;
  return wasPublished(ctx, 'law-article', `${law.id}.${articleNumber}`);
}

/**
 * Validates with the kiosk's own rules. "Today" is when the citizen submitted (clamped to
 * the server's clock), so a submission that waited offline for days is not refused for it.
 * Messages name fields and error codes only, never the values.
 */
function answerProblems(
  form: Form,
  answers: Record<string, string>,
  createdAt: Date,
  now: Date,
): string | { values: Record<string, string> } {
  const today = createdAt.getTime() < now.getTime() ? createdAt : now;
  const result = validateAnswers(form, answers, today);
  const known = new Set(form.fields.map((f) => f.id));
  const unknown = Object.keys(answers).filter((id) => !known.has(id));
  if (result.ok && unknown.length === 0) return { values: result.values };
  const parts = Object.entries(result.errors).map(([id, error]) => `${id} (${error.code})`);
  if (unknown.length > 0) parts.push(`unknown fields: ${unknown.join(', ')}`);
  return `invalid answers: ${parts.join(', ')}`;
}
