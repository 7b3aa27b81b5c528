import type { EnvelopeOpener } from '../../../src-server/submissions/envelope-opener.js';
import type { OnAnswered } from '../../../src-server/cases/case-actions.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { submissionBatchResponseSchema, type ItemResult } from '../../../src-shared/protocol.js';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { SealedContent, Submission, SubmissionKind } from '../../../src-shared/schemas/submission.js';
import { seal } from '../../../src-renderer/platform/seal.js';
import { buildServer } from '../../../src-server/app.js';
import {
  type DatabaseTarget,
  DEMO_CONTENT_KEY,
  DEMO_SUBMISSION_KEY as DEMO_SUBMISSION_KEY_FILE,
  type FaultOptions,
} from '../../../src-server/config.js';
import { seedDemo } from '../../../src-server/content/demo-seed.js';
import { TEST_SCRYPT } from '../../../src-server/console/passwords.js';
import type { SessionLimits } from '../../../src-server/console/sessions.js';
import { contentKeyFromPem, type ContentSigningKey } from '../../../src-server/content/signing.js';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';
import type { ServerLifecycle } from '../../../src-server/ops/lifecycle.js';
import type { ServerMetrics } from '../../../src-server/ops/metrics.js';
import { submissionKeyFromPem, type SubmissionKey } from '../../../src-server/submissions/submission-key.js';
import { createFreshDatabase } from '../../support/test-database.js';
import type { PublicLimits } from '../../../src-server/http/public-limits.js';
import type { DiskGuard } from '../../../src-server/ops/disk-guard.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_KIOSK_CONFIG = path.join(REPO_ROOT, 'kiosk-config', 'example.json');
export const DEMO_KIOSK_CODE = '0421';
export const DEMO_CREDENTIAL = 'demo-kiosk-0421-credential-change-me';
/**
 * The content tests publish: a copy of the original demo catalogue plus petition categories,
 * places and one small law, so server tests do not move when the demo content is rewritten.
 */
export const FIXTURE_CONTENT_DIR = fileURLToPath(new URL('./fixtures/content/', import.meta.url));
/** 3 categories, 2 forms, 6 services, 5 petition categories, 3 places, 1 law with 4 articles. */
export const FIXTURE_CHANGE_COUNT = 25;

/** The committed demo signing key; its public half is pinned in kiosk-config/example.json. */
export const DEMO_KEY: ContentSigningKey = contentKeyFromPem(readFileSync(DEMO_CONTENT_KEY));
const demoKioskConfig = JSON.parse(readFileSync(DEMO_KIOSK_CONFIG, 'utf8')) as {
  contentPublicKey: string;
  submissionPublicKey: string;
};
export const DEMO_PUBLIC_KEY = demoKioskConfig.contentPublicKey;
/** The committed demo submission-encryption key; kiosks seal to `submissionPublicKey` in kiosk-config/example.json. */
export const DEMO_SUBMISSION_KEY: SubmissionKey = submissionKeyFromPem(readFileSync(DEMO_SUBMISSION_KEY_FILE));
export const DEMO_SUBMISSION_PUBLIC_KEY = demoKioskConfig.submissionPublicKey;

export const silentLogger = () => pino({ level: 'silent' });

/** A logger that keeps every line it writes, parsed, for tests that read the logs. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

export interface TestDatabase {
  db: Database;
  /** A fresh temp folder of the test's own (on SQLite it also holds the database file). */
  dir: string;
  /** The database as DATABASE_URL, for server and CLI child processes. */
  url: string;
  target: DatabaseTarget;
  cleanup: () => Promise<void>;
}

/**
 * A migrated, empty database of the dialect under test (tests/support/test-database.ts): SQLite
 * in a fresh temp dir, or a fresh PostgreSQL database under `npm run test:pg`.
 */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const fresh = await createFreshDatabase();
  const db = createDatabase(fresh.target);
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    db,
    dir: fresh.dir,
    url: fresh.url,
    target: fresh.target,
    cleanup: async () => {
      await db.destroy();
      await fresh.drop();
    },
  };
}

export interface TestServer extends TestDatabase {
  app: FastifyInstance;
  close: () => Promise<void>;
}

/**
 * A server over a fresh database, seeded with the fixture content (or `contentDir`) and the demo
 * kiosk unless told not to, signing with the demo key.
 */
export async function createTestServer(
  options: {
    seed?: boolean;
    contentDir?: string;
    key?: ContentSigningKey;
    submissionKey?: SubmissionKey;
    /** The server's clock. */
    now?: () => Date;
    faults?: FaultOptions;
    /** Enables `GET /metrics` with this bearer token. */
    metricsToken?: string;
    lifecycle?: ServerLifecycle;
    metrics?: ServerMetrics;
    /** Silent unless given (tests that read log lines pass their own). */
    logger?: Logger;
    /** The console's session lifetimes (defaults otherwise). */
    sessionLimits?: SessionLimits;
    trustProxy?: boolean | string;
    /** The built console app to serve under /console/ (the repository's dist/console by default). */
    consoleAppDir?: string;
    /** More console options (e.g. the case answer hook `onAnswered`). */
    consoleOptions?: { onAnswered?: OnAnswered };
    /** Request and idle timeouts (the server's defaults otherwise). */
    timeouts?: { requestMs: number; idleMs: number };
    /** Limits on callers without a credential (the server's defaults otherwise). */
    publicLimits?: PublicLimits;
    /** Opens the pushes' envelopes (worker threads); the request's thread by default. */
    envelopeOpener?: EnvelopeOpener;
    /** Watches the data disk (pushes refused with 507 while nearly full); none by default. */
    diskGuard?: DiskGuard;
    /** The release blob store (none by default: no release file is served). */
    releaseBlobDir?: string;
  } = {},
): Promise<TestServer> {
  const database = await openTestDatabase();
  if (options.seed !== false) {
    await seedDemo(database.db, {
      kioskConfigPath: DEMO_KIOSK_CONFIG,
      contentDir: options.contentDir ?? FIXTURE_CONTENT_DIR,
    });
  }
  const app = buildServer({
    db: database.db,
    logger: options.logger ?? silentLogger(),
    contentKey: options.key ?? DEMO_KEY,
    submissionKey: options.submissionKey ?? DEMO_SUBMISSION_KEY,
    now: options.now,
    faults: options.faults,
    metricsToken: options.metricsToken,
    lifecycle: options.lifecycle,
    metrics: options.metrics,
    // Cheap password hashes: the same code path, a thousandth of the work.
    console: { passwordParams: TEST_SCRYPT, sessionLimits: options.sessionLimits, ...options.consoleOptions },
    trustProxy: options.trustProxy,
    consoleAppDir: options.consoleAppDir,
    timeouts: options.timeouts,
    publicLimits: options.publicLimits,
    envelopeOpener: options.envelopeOpener,
    diskGuard: options.diskGuard,
    releaseBlobDir: options.releaseBlobDir,
  });
  await app.ready();
  return {
    ...database,
    app,
    close: async () => {
      await app.close();
      await database.cleanup();
    },
  };
}

export function authHeaders(credential: string = DEMO_CREDENTIAL): Record<string, string> {
  return { authorization: `Bearer ${credential}` };
}

export const validResidenceAnswers = (): Record<string, string> => ({
  lastName: 'Батболд',
  firstName: 'Сарнай',
  registrationNumber: 'УБ90031512',
  birthDate: '1990-03-15',
  phone: '99112233',
  purpose: 'work',
  address: 'Баян-Өлгий аймаг, Өлгий сум, 3-р баг',
  copies: '1',
});

/** A submission of one kind without its envelope: what the kiosk knows before it seals. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type UnsealedSubmission = DistributiveOmit<Submission, 'sealed'>;
type OfKind<K extends SubmissionKind> = Omit<Extract<Submission, { kind: K }>, 'sealed'>;
type Overrides<K extends SubmissionKind> = Partial<Omit<OfKind<K>, 'kind'>>;

/** Seals `content` into `item` exactly as a kiosk does (src-renderer/platform/seal.ts), to the demo key by default. */
export async function sealSubmission(
  item: UnsealedSubmission,
  content: unknown,
  publicKey: string = DEMO_SUBMISSION_PUBLIC_KEY,
): Promise<Submission> {
  const sealed = await seal(content, { idempotencyKey: item.idempotencyKey, trackingNo: item.trackingNo }, publicKey);
  return { ...item, sealed } as Submission;
}

/** The fields every kind shares, for tracking sequence `n` of the demo kiosk. */
export function commonFields(n: number) {
  return {
    idempotencyKey: randomUUID(),
    trackingNo: makeTrackingNumber(DEMO_KIOSK_CODE, n).text,
    kioskCode: DEMO_KIOSK_CODE,
    createdAt: new Date().toISOString(),
    lang: 'mn' as const,
    channel: 'kiosk' as const,
  };
}

/** A valid, sealed residence-address application from the demo kiosk, with tracking sequence `n`. */
export async function makeSubmission(
  n: number,
  overrides: Overrides<'service_application'> & { answers?: Record<string, string> } = {},
): Promise<Submission> {
  const { answers = validResidenceAnswers(), ...fields } = overrides;
  const item: OfKind<'service_application'> = {
    ...commonFields(n),
    kind: 'service_application',
    serviceId: 'residence-address-reference',
    formId: 'residence-address-request',
    formVersion: 1,
    ...fields,
  };
  return sealSubmission(item, { answers });
}

/** A valid, sealed complaint (30 days to answer) from the demo kiosk. */
export async function makePetition(
  n: number,
  overrides: Overrides<'petition'> & { content?: SealedContent<'petition'> } = {},
): Promise<Submission> {
  const {
    content = {
      subject: 'Гудамжны гэрэл',
      text: 'Манай гудамжны гэрэл гурван сар асахгүй байна.',
      contact: { name: 'Батболд Сарнай', phone: '99112233' },
    },
    ...fields
  } = overrides;
  return sealSubmission({ ...commonFields(n), kind: 'petition', petitionCategory: 'complaint', ...fields }, content);
}

/** A valid, sealed comment on article 3 of the fixture law `test-law` (version 2). */
export async function makeLawComment(
  n: number,
  overrides: Overrides<'law_comment'> & { content?: SealedContent<'law_comment'> } = {},
): Promise<Submission> {
  const { content = { text: '30 хоног хэт урт байна.', name: 'Сарнай' }, ...fields } = overrides;
  return sealSubmission(
    {
      ...commonFields(n),
      kind: 'law_comment',
      lawId: 'test-law',
      lawVersion: 2,
      articleNumber: 3,
      stance: 'against',
      ...fields,
    },
    content,
  );
}

/** A valid, sealed rating of a fixture service. */
export async function makeFeedback(
  n: number,
  overrides: Overrides<'service_feedback'> & { content?: SealedContent<'service_feedback'> } = {},
): Promise<Submission> {
  const { content = { text: 'Хурдан үйлчилсэн, баярлалаа.' }, ...fields } = overrides;
  return sealSubmission(
    { ...commonFields(n), kind: 'service_feedback', serviceId: 'residence-address-reference', rating: 5, ...fields },
    content,
  );
}

export function results(res: { json: () => unknown }): ItemResult[] {
  return submissionBatchResponseSchema.parse(res.json()).results;
}

export function errorOf(result: ItemResult | undefined): { code: string; message: string } {
  if (!result || result.result === 'accepted') throw new Error(`expected a failed item, got ${JSON.stringify(result)}`);
  return result.error;
}

/** POSTs a batch through `app.inject`. */
export function postBatch(app: FastifyInstance, items: unknown[], credential: string = DEMO_CREDENTIAL) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/submissions/batch',
    headers: authHeaders(credential),
    payload: { items },
  });
}

export async function countRows(
  db: Database,
  table: 'submissions' | 'content_changes' | 'status_changes',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Sets what the server knows of the demo kiosk's use (its `presentation` and the staff ids that may
 * assist on it), as registering it from a provisioning file with those settings would. The demo
 * kiosk is registered from kiosk-config/example.json: a citizen kiosk with staff `CC-0421-01`.
 */
export async function setDemoKioskUse(
  db: Database,
  use: { presentation: 'kiosk' | 'library'; staffIds: readonly string[] },
): Promise<void> {
  await db
    .updateTable('kiosks')
    .set({ presentation: use.presentation, staff_ids: JSON.stringify([...use.staffIds]) })
    .where('kiosk_code', '=', DEMO_KIOSK_CODE)
    .execute();
}
