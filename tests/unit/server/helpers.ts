import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { makeTrackingNumber } from '../../../src-shared/rules/tracking-number.js';
import type { Submission } from '../../../src-shared/schemas/submission.js';
import { buildServer } from '../../../src-server/app.js';
import { DEMO_CONTENT_KEY } from '../../../src-server/config.js';
import { seedDemo } from '../../../src-server/content/demo-seed.js';
import { contentKeyFromPem, type ContentSigningKey } from '../../../src-server/content/signing.js';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';

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
export const FIXTURE_CHANGE_COUNT = 24;

/** The committed demo signing key; its public half is pinned in kiosk-config/example.json. */
export const DEMO_KEY: ContentSigningKey = contentKeyFromPem(readFileSync(DEMO_CONTENT_KEY));
export const DEMO_PUBLIC_KEY = (JSON.parse(readFileSync(DEMO_KIOSK_CONFIG, 'utf8')) as { contentPublicKey: string })
  .contentPublicKey;

export const silentLogger = () => pino({ level: 'silent' });

export interface TestDatabase {
  db: Database;
  dir: string;
  cleanup: () => Promise<void>;
}

/** A migrated SQLite database in a fresh temp dir. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-server-'));
  const db = createDatabase({ kind: 'sqlite', path: path.join(dir, 'tsonkh.sqlite') });
  await migrateToLatest(db);
  return {
    db,
    dir,
    cleanup: async () => {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
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
  options: { seed?: boolean; contentDir?: string; key?: ContentSigningKey } = {},
): Promise<TestServer> {
  const database = await openTestDatabase();
  if (options.seed !== false) {
    await seedDemo(database.db, {
      kioskConfigPath: DEMO_KIOSK_CONFIG,
      contentDir: options.contentDir ?? FIXTURE_CONTENT_DIR,
    });
  }
  const app = buildServer({ db: database.db, logger: silentLogger(), contentKey: options.key ?? DEMO_KEY });
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

/** A valid residence-address application from the demo kiosk, with tracking sequence `n`. */
export function makeSubmission(n: number, overrides: Partial<Submission> = {}): Submission {
  return {
    idempotencyKey: randomUUID(),
    trackingNo: makeTrackingNumber(DEMO_KIOSK_CODE, n).text,
    kind: 'service_application',
    kioskCode: DEMO_KIOSK_CODE,
    createdAt: new Date().toISOString(),
    lang: 'mn',
    channel: 'kiosk',
    serviceId: 'residence-address-reference',
    formId: 'residence-address-request',
    formVersion: 1,
    answers: validResidenceAnswers(),
    ...overrides,
  };
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

export async function countRows(db: Database, table: 'submissions' | 'content_changes'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
