import { placeSchema, type Place } from '../../src-shared/schemas/content.js';
import { lawArticleSchema, lawSchema, type Law, type StanceCounts } from '../../src-shared/schemas/law.js';
import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import type { Database } from '../db/database.js';
import { STANCES, type Stance } from '../../src-shared/schemas/submission.js';
import { zeroCounts } from './comment-counts.js';

/** One citizen's comment as the drafting body receives it. */
/** The forms an export is written in: CSV for a spreadsheet, JSON with codes instead of labels. */
export const EXPORT_FORMATS = ['csv', 'json'] as const;

/** How many comments an export holds (each has a stance, so the stance totals add up to it). */
export function commentCount(data: LawCommentExport): number {
  return data.total.for + data.total.against + data.total.neutral;
}

export interface ExportedComment {
  trackingNo: string;
  lawVersion: number;
  /** null: on the law as a whole. */
  articleNumber: number | null;
  stance: Stance;
  /** kiosk: the citizen alone; assisted: Citizens' Chamber staff helped; library: a library kiosk. */
  channel: string;
  kioskCode: string;
  /** Where the kiosk stands; null when the kiosk was registered without a place. */
  aimag: { code: string; name: string | null } | null;
  soum: { code: string; name: string | null } | null;
  /** When the citizen wrote it (the kiosk's clock, as sent). */
  createdAt: string;
  /** When the server received it. */
  receivedAt: string;
  lang: string;
  /** null only for a comment whose text could not be recovered (see `backfillLawComments`). */
  text: string | null;
  /** Only when the citizen gave them. */
  name: string | null;
  contact: string | null;
}

/** The comments on one article (or on the whole law), with their counts. */
export interface CommentGroup {
  /** null: comments on the law as a whole. */
  articleNumber: number | null;
  /** The article's title (current text, or the last text of a removed article); null for the whole law. */
  articleTitle: LocalizedText | null;
  counts: StanceCounts;
  comments: ExportedComment[];
}

/** Everything the drafting body gets for one law (`npm run export-comments`, the operator route). */
export interface LawCommentExport {
  law: { id: string; version: number; title: LocalizedText; commentWindow: Law['commentWindow'] };
  exportedAt: string;
  total: StanceCounts;
  /** The whole law first, then articles by number; each group's comments in the order received. */
  groups: CommentGroup[];
}

/**
 * Reads every comment on a law (all versions) with where and how it came, grouped by article.
 * The law is found even if withdrawn since (its last published text). Null when the law was
 * never published. `aimagCode` keeps only comments from that aimag's kiosks (an aimag
 * operator's view); counts and totals are then that aimag's.
 */
export async function exportLawComments(
  db: Database,
  lawId: string,
  now: Date = new Date(),
  options: { aimagCode?: string | null } = {},
): Promise<LawCommentExport | null> {
  const law = await lastPublishedLaw(db, lawId);
  if (!law) return null;
  const rows = await db
    .selectFrom('submissions as s')
    .innerJoin('kiosks as k', 'k.id', 's.kiosk_id')
    .leftJoin('law_comments as c', 'c.submission_id', 's.id')
    .select([
      's.tracking_no',
      's.law_version',
      's.article_number',
      's.stance',
      's.channel',
      's.lang',
      's.created_at',
      's.received_at',
      'k.kiosk_code',
      'k.aimag_code',
      'k.soum_code',
      'c.text',
      'c.name',
      'c.contact',
    ])
    .where('s.kind', '=', 'law_comment')
    .where('s.law_id', '=', lawId)
    .$if(options.aimagCode != null, (q) => q.where('k.aimag_code', '=', options.aimagCode ?? ''))
    .orderBy('s.id')
    .execute();
  const places = await placeNames(db);
  const titles = await articleTitles(db, law);
  const groups = new Map<number | null, CommentGroup>();
  const total = zeroCounts();
  for (const r of rows) {
    const stance = STANCES.find((s) => s === r.stance);
    if (!stance || r.law_version === null) continue;
    const comment: ExportedComment = {
      trackingNo: r.tracking_no,
      lawVersion: r.law_version,
      articleNumber: r.article_number,
      stance,
      channel: r.channel,
      kioskCode: r.kiosk_code,
      aimag: r.aimag_code === null ? null : { code: r.aimag_code, name: places.get(r.aimag_code) ?? null },
      soum: r.soum_code === null ? null : { code: r.soum_code, name: places.get(r.soum_code) ?? null },
      createdAt: r.created_at,
      receivedAt: r.received_at,
      lang: r.lang,
      text: r.text,
      name: r.name,
      contact: r.contact,
    };
    let group = groups.get(r.article_number);
    if (!group) {
      const title = r.article_number === null ? null : (titles.get(r.article_number) ?? null);
      group = { articleNumber: r.article_number, articleTitle: title, counts: zeroCounts(), comments: [] };
      groups.set(r.article_number, group);
    }
    group.comments.push(comment);
    group.counts[stance]++;
    total[stance]++;
  }
  const order = (n: number | null) => n ?? 0;
  return {
    law: { id: law.id, version: law.version, title: law.title, commentWindow: law.commentWindow },
    exportedAt: now.toISOString(),
    total,
    groups: [...groups.values()].sort((a, b) => order(a.articleNumber) - order(b.articleNumber)),
  };
}

async function lastPublishedLaw(db: Database, lawId: string): Promise<Law | null> {
  const row = await db
    .selectFrom('content_changes')
    .select('data')
    .where('type', '=', 'law')
    .where('entity_id', '=', lawId)
    .where('op', '=', 'put')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.data ? lawSchema.parse(JSON.parse(row.data)) : null;
}

/** Aimag (2-digit) and soum (4-digit) codes → Mongolian names, from the published places. */
async function placeNames(db: Database): Promise<Map<string, string>> {
  const rows = await db.selectFrom('content_current').select('data').where('type', '=', 'place').execute();
  const names = new Map<string, string>();
  for (const row of rows) {
    const parsed = placeSchema.safeParse(JSON.parse(row.data));
    if (!parsed.success) continue;
    const place: Place = parsed.data;
    names.set(place.id, place.name.mn);
    for (const soum of place.soums) names.set(soum.id, soum.name.mn);
  }
  return names;
}

/** Article number → title: the current articles, then removed ones (their last text). */
async function articleTitles(db: Database, law: Law): Promise<Map<number, LocalizedText>> {
  const titles = new Map<number, LocalizedText>();
  const byVersion = [...law.removedArticles].sort((a, b) => a.version - b.version);
  for (const removed of byVersion) titles.set(removed.number, removed.title);
  const rows = await db
    .selectFrom('content_current')
    .select('data')
    .where('type', '=', 'law-article')
    .where('entity_id', 'like', `${law.id}.%`)
    .execute();
  for (const row of rows) {
    const parsed = lawArticleSchema.safeParse(JSON.parse(row.data));
    if (parsed.success && parsed.data.lawId === law.id) titles.set(parsed.data.number, parsed.data.title);
  }
  return titles;
}
