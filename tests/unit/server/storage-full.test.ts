import { sql, type RawBuilder } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src-server/db/database.js';
import { dialectOf } from '../../../src-server/db/dialect.js';
import { countRows, createTestServer, makePetition, postBatch, type TestServer } from './helpers.js';

/** Raw SQL on the server's handle (the tests see Kysely's CommonJS types, the server its ES ones). */
function run<T>(db: Database, query: RawBuilder<T>) {
  return query.execute(db as unknown as Parameters<typeof query.execute>[0]);
}

describe('a full disk', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it.skipIf(process.env.TSONKH_TEST_DATABASE === 'postgres')(
    'answers 503 "storage full, try later", health says degraded, and nothing acknowledged is lost',
    async () => {
      expect(dialectOf(server.db)).toBe('sqlite');
      const first = await makePetition(1);
      expect((await postBatch(server.app, [first])).statusCode).toBe(200);
      // The database may not grow by a single page more.
      const pages = (await run(server.db, sql<{ page_count: number }>`pragma page_count`)).rows[0]!.page_count;
      await run(server.db, sql.raw(`pragma max_page_count = ${pages}`));
      const many = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          makePetition(2 + i, {
            content: {
              subject: 'Гудамжны гэрэл',
              text: 'Ө'.repeat(3000),
              contact: { name: 'Батболд Сарнай', phone: '99112233' },
            },
          }),
        ),
      );
      const full = await postBatch(server.app, many);
      expect(full.statusCode).toBe(503);
      expect(full.json()).toEqual({
        error: { code: 'storage_full', message: expect.stringMatching(/^Storage is full/) },
      });
      expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
      const health = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.json()).toMatchObject({ status: 'degraded' });
      // What was acknowledged is still there; once there is room again, the same batch goes in.
      expect(await countRows(server.db, 'submissions')).toBe(1);
      await run(server.db, sql.raw('pragma max_page_count = 1073741823'));
      expect((await postBatch(server.app, many)).statusCode).toBe(200);
      expect(await countRows(server.db, 'submissions')).toBe(41);
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toMatchObject({
        status: 'ok',
      });
    },
  );
});
