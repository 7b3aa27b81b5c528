// Publishing an open dataset: exactly the changes reach kiosks, a re-import of the same file
// changes nothing, an unreadable file publishes nothing, and a kiosk is sent its own aimag's
// records with the nation's — on SQLite and on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';
import { importCrimeCounts } from '../../../src-server/open-data/csv-datasets.js';
import { seedDemoOpenData } from '../../../src-server/open-data/demo-open-data.js';
import { publishOpenData, readOpenDataPage } from '../../../src-server/open-data/open-data-store.js';
import { createFreshDatabase } from '../../support/test-database.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freshDb(): Promise<Database> {
  const fresh = await createFreshDatabase({ prefix: 'tsonkh-open-data-' });
  const db = createDatabase(fresh.target);
  cleanups.push(fresh.drop, () => db.destroy());
  await migrateToLatest(db);
  return db;
}

const source = { url: 'https://1212.mn/crime', takenOn: '2026-11-20' };
const HEADER = 'aimag,soum,month,crime,count';
const crimeFile = (name: string, rows: string[]) => ({ name, text: [HEADER, ...rows].join('\n') });

async function importCrime(db: Database, file: { name: string; text: string }) {
  return publishOpenData(db, importCrimeCounts([file], { source }), [file], { source });
}

describe('publishing open data', () => {
  it('publishes once: the same file again changes nothing; a change and a removal get new numbers', async () => {
    const db = await freshDb();
    const first = crimeFile('crime-2026-09.csv', [
      '83,8301,2026-09,Хулгай,12',
      '83,8337,2026-09,Хулгай,3',
      '44,4401,2026-09,Хулгай,7',
      '00,,2026-09,Хулгай,2401',
    ]);
    expect(await importCrime(db, first)).toMatchObject({
      published: true,
      added: 4,
      changed: 0,
      unchanged: 0,
      removed: 0,
    });
    expect(await importCrime(db, first)).toEqual({
      published: true,
      added: 0,
      changed: 0,
      unchanged: 4,
      removed: 0,
      importId: null,
    });
    expect(await db.selectFrom('open_data_imports').select('id').execute()).toHaveLength(1);

    const page = await readOpenDataPage(db, { aimags: ['83'], after: 0, limit: 100, maxBytes: 1 << 20 });
    expect(page.changes.map((c) => [c.type, c.id, c.op])).toEqual([
      ['open-crime-count', '2026-09:00:Хулгай', 'put'],
      ['open-crime-count', '2026-09:8301:Хулгай', 'put'],
      ['open-crime-count', '2026-09:8337:Хулгай', 'put'],
    ]);
    const cursor = page.next;

    // Ölgii's count is corrected, Tsengel's row is withdrawn; Dornogovi is not in this file, so it stays.
    const second = crimeFile('crime-2026-09-v2.csv', ['83,8301,2026-09,Хулгай,13']);
    expect(await importCrime(db, second)).toMatchObject({
      published: true,
      added: 0,
      changed: 1,
      unchanged: 0,
      removed: 1,
    });
    const after = await readOpenDataPage(db, { aimags: ['83'], after: cursor, limit: 100, maxBytes: 1 << 20 });
    expect(after.changes.map((c) => [c.id, c.op, (c.data as { count?: number } | undefined)?.count])).toEqual([
      ['2026-09:8301:Хулгай', 'put', 13],
      ['2026-09:8337:Хулгай', 'delete', undefined],
    ]);
    const dornogovi = await readOpenDataPage(db, { aimags: ['44'], after: 0, limit: 100, maxBytes: 1 << 20 });
    expect(dornogovi.changes.map((c) => c.id)).toEqual(['2026-09:00:Хулгай', '2026-09:4401:Хулгай']);
  });

  it('publishes nothing when a file is unreadable', async () => {
    const db = await freshDb();
    const good = crimeFile('good.csv', ['83,8301,2026-09,Хулгай,12']);
    const broken = { name: 'broken.csv', text: 'aimag,soum,month\n"83,8301\n' };
    const result = importCrimeCounts([good, broken], { source });
    expect(result.unreadable).toEqual(['broken.csv']);
    expect(await publishOpenData(db, result, [good, broken], { source })).toMatchObject({ published: false, added: 0 });
    expect(await db.selectFrom('open_data_records').select('id').execute()).toEqual([]);
  });

  it('cuts pages by count and size, and a page holds each record once, at its latest change', async () => {
    const db = await freshDb();
    const rows = Array.from(
      { length: 30 },
      (_, i) => `83,8301,2026-${String((i % 12) + 1).padStart(2, '0')},Төрөл ${Math.floor(i / 12)},${10 + i}`,
    );
    await importCrime(db, crimeFile('a.csv', rows));
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const page = await readOpenDataPage(db, { aimags: ['83'], after, limit: 7, maxBytes: 2048 });
      expect(page.changes.length).toBeLessThanOrEqual(7);
      seen.push(...page.changes.map((c) => c.id));
      after = page.next;
      if (!page.more) break;
    }
    expect(new Set(seen).size).toBe(30);
    expect(seen).toHaveLength(30);
  });
});

describe('the demo open data', () => {
  it('imports without a single problem, at the scale of an aimag, and a second run changes nothing', async () => {
    const db = await freshDb();
    const first = await seedDemoOpenData(db);
    const added = first.reduce((n, o) => n + o.added, 0);
    expect(added).toBeGreaterThan(3000);
    const second = await seedDemoOpenData(db);
    expect(second.every((o) => o.importId === null && o.added + o.changed + o.removed === 0)).toBe(true);
    const byDataset = await db
      .selectFrom('open_data_records')
      .select(['dataset', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('dataset')
      .execute();
    expect(byDataset.map((r) => r.dataset).sort()).toEqual([
      'account-payment',
      'boundary',
      'budget-line',
      'contract',
      'crime-count',
      'declaration',
      'environment-notice',
      'hearing',
      'licence',
      'project',
      'protected-area',
    ]);
    // No declaration carries what the law keeps private.
    const declarations = await db
      .selectFrom('open_data_records')
      .select('data')
      .where('dataset', '=', 'declaration')
      .execute();
    expect(declarations.map((d) => d.data).join('\n')).not.toMatch(/ЖШ\d{8}|-р баг/);
  });
});
