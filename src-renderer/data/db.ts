import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Category, Form, PetitionCategory, Place, Service } from '../../src-shared/schemas/content.js';
import type { Law, LawArticle, LawCommentCounts } from '../../src-shared/schemas/law.js';
import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import type { ReceivedContentChange, SealedAnswer } from '../../src-shared/protocol.js';
import type { PublicPetitionReport } from '../../src-shared/schemas/petition-report.js';
import type { Submission, SubmissionAck, SubmissionStatus } from '../../src-shared/schemas/submission.js';
import type { z } from 'zod';
import type { OpenDataset, openDataSchemas } from '../../src-shared/schemas/open-data.js';
import { migrations } from './migrations/index.js';

export type OutboxStatus = 'queued' | 'sending' | 'accepted' | 'quarantined';

/**
 * One submission on its way to the server, written with its tracking number in one transaction.
 * States: queued → sending → accepted (with the server's ack) | quarantined (a refusal that
 * retrying cannot fix, with its reason, for the technician). The submission is sealed when
 * queued and never changes; once accepted it is dropped, leaving the number, kind and status.
 */
export interface OutboxEntry {
  idempotencyKey: string;
  trackingNo: string;
  sequence: number;
  kind: Submission['kind'];
  title: LocalizedText;
  /** Which service or law (and article) it is about, kept after acceptance for "Check my receipt". */
  about?: SubmissionAbout;
  status: OutboxStatus;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  /** 1 once the host's journal holds a copy (a number, so IndexedDB can index it). */
  journaled: 0 | 1;
  submission?: Submission;
  ack?: SubmissionAck;
  lastError?: string;
}

/**
 * What a submission is about, in clear (nothing personal): the service, or the law and article
 * (null: the law as a whole). The receipt and "Check my receipt" name it.
 */
export interface SubmissionAbout {
  serviceId?: string;
  lawId?: string;
  articleNumber?: number | null;
  /** A hearing sign-up: the open-data hearing record's id. */
  hearingId?: string;
}

/** The about-part of a submission's public fields. */
export function submissionAbout(fields: Pick<Submission, 'kind'> & Record<string, unknown>): SubmissionAbout {
  switch (fields.kind) {
    case 'service_application':
    case 'service_feedback':
      return typeof fields.serviceId === 'string' ? { serviceId: fields.serviceId } : {};
    case 'law_comment':
      return typeof fields.lawId === 'string'
        ? {
            lawId: fields.lawId,
            articleNumber: typeof fields.articleNumber === 'number' ? fields.articleNumber : null,
          }
        : {};
    case 'petition':
      return {};
    case 'hearing_signup':
      return typeof fields.hearingId === 'string' ? { hearingId: fields.hearingId } : {};
  }
}

/** The last known status of one of this kiosk's submissions, from the server. */
export interface StatusEntry {
  trackingNo: string;
  kind: Submission['kind'];
  status: SubmissionStatus;
  dueDate?: string;
  updatedAt: string;
  seq: number;
  /** The answer, sealed under the receipt's answer key: readable only with the receipt's secret. */
  answer?: SealedAnswer;
}

/**
 * The serialized search index (migration 0007): `version` is the index definition's
 * (SEARCH_INDEX_VERSION), `cursor` and `deferred` the content it covers (the content cursor and
 * how many changes were kept aside when it was saved).
 */
export interface StoredSearchIndex {
  key: string;
  version: string;
  cursor: number;
  deferred: number;
  documents: number;
  savedAt: string;
  json: string;
}

/** A problem noticed for the health reports (migration 0008), kept until a report with it is acknowledged. */
export interface HealthEventEntry {
  id: string;
  /** When it happened (kiosk clock, ISO 8601). */
  at: string;
  kind: string;
  details: string;
}

/** One open-data record (migration 0009), as the server published it and the kiosk checked it. */
export interface OpenDataEntry<D extends OpenDataset = OpenDataset> {
  type: D;
  id: string;
  aimag: string;
  /** Null when the record belongs to the whole aimag (or the nation, aimag `00`). */
  soum: string | null;
  /** The server's sequence number of the change that brought it. */
  seq: number;
  data: z.infer<(typeof openDataSchemas)[D]>;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export type TsonkhDb = Dexie & {
  categories: EntityTable<Category, 'id'>;
  services: EntityTable<Service, 'id'>;
  forms: EntityTable<Form, 'id'>;
  outbox: EntityTable<OutboxEntry, 'idempotencyKey'>;
  meta: EntityTable<MetaEntry, 'key'>;
  petitionCategories: EntityTable<PetitionCategory, 'id'>;
  places: EntityTable<Place, 'id'>;
  laws: EntityTable<Law, 'id'>;
  lawArticles: EntityTable<LawArticle, 'id'>;
  statuses: EntityTable<StatusEntry, 'trackingNo'>;
  lawCommentCounts: EntityTable<LawCommentCounts, 'id'>;
  petitionReports: EntityTable<PublicPetitionReport, 'id'>;
  /** Changes of content types this build does not know yet (migration 0006). */
  deferredContent: Table<ReceivedContentChange, [string, string]>;
  /** The search index kept with the content (migration 0007). */
  searchIndex: EntityTable<StoredSearchIndex, 'key'>;
  /** Events for the next health report (migration 0008). */
  healthEvents: EntityTable<HealthEventEntry, 'id'>;
  /** The action plan's open data for this kiosk's aimag and the nation (migration 0009). */
  openData: Table<OpenDataEntry, [string, string]>;
};

/**
 * Strict durability: a transaction resolves only once IndexedDB has flushed it to disk,
 * so a receipt is never printed for a submission that a power cut could still lose.
 */
export function openDatabase(name = 'tsonkh'): TsonkhDb {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as TsonkhDb;
  for (const migrate of migrations) migrate(db);
  return db;
}
