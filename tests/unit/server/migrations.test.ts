import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src-server/db/database.js';
import { onPostgres } from '../../support/test-database.js';
import { migrateTo, migrateToLatest } from '../../../src-server/db/migrate.js';
import { registerKiosk } from '../../../src-server/kiosks/kiosk-registry.js';
import { refreshReportFacts } from '../../../src-server/report/report-facts.js';
import { openTestDatabase, type TestDatabase } from './helpers.js';

// Each test gets its own empty database of the dialect under test, migrated as far as it says.
let test: TestDatabase;
let db: Database;
beforeEach(async () => {
  test = await openTestDatabase({ migrate: false });
  db = test.db;
});
afterEach(async () => {
  await test.cleanup();
});

describe('migration 0002: sealed submissions and status history', () => {
  it('keeps rows from before (same ids), fills the new columns and gives each a received change', async () => {
    await migrateTo(db, '0001-initial');
    const kiosk = await registerKiosk(db, { kioskCode: '0421', name: { mn: 'Тест' }, credential: 'c-0421' });
    // A row as 0001 stored it: the old clear body.
    const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    // On SQLite an id past 1, so the rebuild is seen to keep ids and continue after them. (On
    // PostgreSQL the table is altered in place; an explicit id would not move its identity.)
    const { id } = await old
      .insertInto('submissions')
      .values({
        ...(!onPostgres && { id: 7 }),
        idempotency_key: '0b3f1c1e-8f51-4b8e-9e0a-0d6b0b7c2b11',
        body_hash: 'h',
        kiosk_id: kiosk.id,
        tracking_no: '0421-000001-7',
        kind: 'service_application',
        service_id: 'residence-address-reference',
        form_id: 'residence-address-request',
        form_version: 1,
        body: JSON.stringify({ channel: 'assisted', lang: 'kk', createdAt: '2026-11-20T03:00:00.000Z' }),
        status: 'received',
        received_at: '2026-11-20T03:05:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await migrateToLatest(db);
    const row = await db.selectFrom('submissions').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      id,
      channel: 'assisted',
      lang: 'kk',
      created_at: '2026-11-20T03:00:00.000Z',
      service_id: 'residence-address-reference',
      petition_category: null,
      status: 'received',
      status_at: '2026-11-20T03:05:00.000Z',
      due_date: null,
    });
    const changes = await db.selectFrom('status_changes').selectAll().execute();
    expect(changes).toEqual([
      {
        seq: 1,
        submission_id: id,
        kiosk_id: kiosk.id,
        status: 'received',
        due_date: null,
        note: null,
        at: '2026-11-20T03:05:00.000Z',
      },
    ]);
    // New rows continue after the old ids, and the service columns may now be empty.
    const inserted = await db
      .insertInto('submissions')
      .values({
        ...row,
        id: undefined,
        idempotency_key: '1b3f1c1e-8f51-4b8e-9e0a-0d6b0b7c2b11',
        tracking_no: '0421-000002-5',
        kind: 'petition',
        service_id: null,
        form_id: null,
        form_version: null,
        petition_category: 'complaint',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBe(Number(id) + 1);
  });
});

/** Names of the tables or indexes the database holds (SQLite's catalogue, or PostgreSQL's public schema). */
async function schemaNames(db: Database, type: 'table' | 'index'): Promise<string[]> {
  if (onPostgres) {
    const catalogue = db as unknown as Kysely<{
      'information_schema.tables': { table_name: string; table_schema: string };
      pg_indexes: { indexname: string; schemaname: string };
    }>;
    const rows =
      type === 'table'
        ? await catalogue
            .selectFrom('information_schema.tables')
            .select('table_name as name')
            .where('table_schema', '=', 'public')
            .execute()
        : await catalogue
            .selectFrom('pg_indexes')
            .select('indexname as name')
            .where('schemaname', '=', 'public')
            .execute();
    return rows.map((r) => r.name);
  }
  const master = db as unknown as Kysely<{ sqlite_master: { name: string; type: string } }>;
  const rows = await master.selectFrom('sqlite_master').select('name').where('type', '=', type).execute();
  return rows.map((r) => r.name);
}

describe('migration 0003: law comments and the kiosk’s place', () => {
  it('adds the comments table, the counting index and the place columns; a re-registration fills the place', async () => {
    await migrateTo(db, '0002-sealed-submissions-and-status');
    await registerKiosk(db, { kioskCode: '0421', name: { mn: 'Тест' }, credential: 'c-0421' });
    await migrateToLatest(db);
    expect(await db.selectFrom('kiosks').select(['aimag_code', 'soum_code']).execute()).toEqual([
      { aimag_code: null, soum_code: null },
    ]);
    expect(await db.selectFrom('law_comments').selectAll().execute()).toEqual([]);
    expect(await schemaNames(db, 'index')).toContain('submissions_law_comment');

    await registerKiosk(db, {
      kioskCode: '0421',
      name: { mn: 'Тест' },
      credential: 'c-0421',
      place: { aimag: '83', soum: '8301' },
    });
    // Re-registering without a place (an older provisioning tool) keeps the one it has.
    await registerKiosk(db, { kioskCode: '0421', name: { mn: 'Тест' }, credential: 'c-0421' });
    expect(await db.selectFrom('kiosks').select(['aimag_code', 'soum_code']).execute()).toEqual([
      { aimag_code: '83', soum_code: '8301' },
    ]);
  });

  it('can be undone and applied again', async () => {
    await migrateToLatest(db);
    await migrateTo(db, '0002-sealed-submissions-and-status');
    expect(await schemaNames(db, 'table')).not.toContain('law_comments');
    await migrateToLatest(db);
    expect(await db.selectFrom('law_comments').selectAll().execute()).toEqual([]);
  });
});

describe('migration 0006: cases', () => {
  it('adds the case events, the agency column, the kiosk contact columns and the case-table indexes; undone and applied again', async () => {
    await migrateTo(db, '0004-operators-sessions-audit');
    await registerKiosk(db, { kioskCode: '0421', name: { mn: 'Тест' }, credential: 'c-0421' });
    await migrateToLatest(db);
    expect(
      await db.selectFrom('kiosks').select(['last_contact_at', 'last_push_at', 'content_cursor']).execute(),
    ).toEqual([{ last_contact_at: null, last_push_at: null, content_cursor: null }]);
    expect(await db.selectFrom('case_events').selectAll().execute()).toEqual([]);
    const indexes = await schemaNames(db, 'index');
    for (const name of ['submissions_agency', 'case_events_submission', 'submissions_kind_received']) {
      expect(indexes).toContain(name);
    }
    await migrateTo(db, '0004-operators-sessions-audit');
    expect(await schemaNames(db, 'table')).not.toContain('case_events');
    await migrateToLatest(db);
    expect(await db.selectFrom('case_events').selectAll().execute()).toEqual([]);
  });
});

describe('migration 0009: case-table indexes and the report facts', () => {
  it('adds the covering indexes and the facts, which the first refresh builds from the petitions there; undone and applied again', async () => {
    await migrateTo(db, '0008-receipt-secrets-and-answers');
    const kiosk = await registerKiosk(db, { kioskCode: '0421', name: { mn: 'Тест' }, credential: 'c-0421' });
    await db
      .insertInto('submissions')
      .values({
        idempotency_key: 'k-1',
        body_hash: 'h',
        kiosk_id: kiosk.id,
        tracking_no: '0421-000001-7',
        kind: 'petition',
        channel: 'kiosk',
        lang: 'mn',
        created_at: '2026-11-20T03:00:00.000Z',
        petition_category: 'complaint',
        body: '{}',
        status: 'answered',
        status_at: '2026-11-25T17:00:00.000Z',
        due_date: '2026-12-20',
        initial_due_date: '2026-12-20',
        received_at: '2026-11-20T03:05:00.000Z',
      })
      .execute();
    await migrateToLatest(db);
    const indexes = await schemaNames(db, 'index');
    for (const name of [
      'submissions_case_status',
      'submissions_case_kiosk',
      'submissions_case_kind',
      'submissions_law_comment_received',
    ]) {
      expect(indexes).toContain(name);
    }
    expect(indexes).not.toContain('submissions_status_due');
    expect(indexes).not.toContain('submissions_kiosk');
    expect(await refreshReportFacts(db)).toMatchObject({ rebuilt: true, petitions: 1 });
    // Received MN 11-20, answered MN 11-26 (UTC 11-25 17:00): six whole days, on time.
    expect(await db.selectFrom('report_petitions').selectAll().execute()).toEqual([
      expect.objectContaining({ received_day: '2026-11-20', closed: 1, on_time: 1, days_to_close: 6, agency: '' }),
    ]);
    await migrateTo(db, '0008-receipt-secrets-and-answers');
    expect(await schemaNames(db, 'table')).not.toContain('report_petitions');
    expect(await schemaNames(db, 'index')).toEqual(
      expect.arrayContaining(['submissions_status_due', 'submissions_kiosk']),
    );
    await migrateToLatest(db);
    expect(await refreshReportFacts(db)).toMatchObject({ rebuilt: true, petitions: 1 });
  });
});
