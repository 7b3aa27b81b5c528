import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';

describe.skipIf(process.platform === 'win32')('the server database file', () => {
  it('is created readable by its owner only, and so are its WAL and shared-memory files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-private-'));
    try {
      const file = path.join(dir, 'data', 'tsonkh.sqlite');
      const db = createDatabase({ kind: 'sqlite', path: file });
      await migrateToLatest(db);
      await db.selectFrom('submissions').select('id').execute();
      for (const name of [file, `${file}-wal`, `${file}-shm`]) {
        expect((await stat(name)).mode & 0o777, path.basename(name)).toBe(0o600);
      }
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
      await db.destroy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
