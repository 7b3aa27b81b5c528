import { Dexie, type EntityTable } from 'dexie';
import type { Category, Form, PetitionCategory, Place, Service } from '../../src-shared/schemas/content.js';
import type { Law, LawArticle } from '../../src-shared/schemas/law.js';
import type { LocalizedText } from '../../src-shared/schemas/localized-text.js';
import type { Submission, SubmissionAck } from '../../src-shared/schemas/submission.js';
import { migrations } from './migrations/index.js';

export type OutboxStatus = 'queued' | 'sending' | 'accepted' | 'quarantined';

/** One submission on its way to the server. Written with its tracking number in one transaction. */
export interface OutboxEntry {
  idempotencyKey: string;
  trackingNo: string;
  kind: Submission['kind'];
  title: LocalizedText;
  status: OutboxStatus;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  submission: Submission;
  ack?: SubmissionAck;
  lastError?: string;
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
