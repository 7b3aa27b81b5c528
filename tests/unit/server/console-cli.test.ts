import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src-server/console/passwords.js';
import { createDatabase, type Database } from '../../../src-server/db/database.js';
import { runEntry, PROCESS_SUITE } from './process.js';

/** Runs a CLI with `input` on its standard input (a pipe, as from a password manager). */
const run = (dir: string, file: string, args: string[], input = '') =>
  runEntry(file, args, { TSONKH_DATA_DIR: dir }, input);

const PASSWORD = 'Хөвсгөл нуур 2026 цэнхэр';
/** Each test starts ten or so Node processes one after another; on a loaded machine each takes seconds. */
const SLOW = { timeout: 300_000 };

describe('npm run operator and npm run audit-verify', PROCESS_SUITE, () => {
  let dir: string;
  let db: Database | null = null;
  const open = () => (db = createDatabase({ kind: 'sqlite', path: path.join(dir, 'tsonkh.sqlite') }));
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-operator-cli-'));
  });
  afterEach(async () => {
    await db?.destroy();
    db = null;
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'adds accounts with the password from stdin, lists and disables them, and audit-verify finds the rows intact',
    SLOW,
    async () => {
      const cli = 'src-server/cli/operator.ts';
      const added = await run(dir, cli, ['add', 'Bold', '--role', 'aimag_operator', '--aimag', '65'], `${PASSWORD}\n`);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(added.stdout).toBe('added bold (aimag_operator, aimag 65)\n');

      const taken = await run(dir, cli, ['add', 'bold', '--role', 'admin'], `${PASSWORD}\n`);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('the login "bold" is taken');
      const badAimag = await run(
        dir,
        cli,
        ['add', 'x-user', '--role', 'aimag_operator', '--aimag', '99'],
        `${PASSWORD}\n`,
      );
      expect(badAimag.code).toBe(1);
      expect(badAimag.stderr).toContain('aimagCode: not the code of an aimag');
      const short = await run(dir, cli, ['add', 'y-user', '--role', 'admin'], 'short\n');
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('at least 12 characters');
      expect(short.stderr).not.toContain('short\n');
      expect((await run(dir, cli, ['add', 'z-user'])).code).toBe(2);
      expect((await run(dir, cli, ['remove', 'bold'])).code).toBe(2);

      const list = await run(dir, cli, ['list']);
      expect(list.stdout).toBe('bold\taimag_operator, aimag 65\tactive\n');
      expect((await run(dir, cli, ['disable', 'bold'])).stdout).toBe('disabled bold; 0 session(s) ended\n');

      const row = await open().selectFrom('operators').selectAll().executeTakeFirstOrThrow();
      expect(row.password_hash.startsWith('scrypt$17$8$1$')).toBe(true);
      expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
      expect(row.disabled_at).not.toBeNull();
      const audit = await open()
        .selectFrom('audit_log')
        .select(['action', 'actor_login', 'target'])
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { action: 'operator.add', actor_login: 'cli', target: 'bold' },
        { action: 'operator.disable', actor_login: 'cli', target: 'bold' },
      ]);
      expect(JSON.stringify(audit)).not.toContain(PASSWORD);

      const verify = await run(dir, 'src-server/cli/audit-verify.ts', []);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^audit log intact: 2 rows; head 2 [0-9a-f]{64}\n$/);
    },
  );

  it('audit-verify exits 1 naming an edited row, then a deleted one', SLOW, async () => {
    const cli = 'src-server/cli/operator.ts';
    expect((await run(dir, cli, ['add', 'first', '--role', 'admin'], `${PASSWORD}\n`)).code).toBe(0);
    expect((await run(dir, cli, ['disable', 'first'])).code).toBe(0);
    expect((await run(dir, cli, ['reset-password', 'first'], `${PASSWORD}!\n`)).code).toBe(0);
    const verify = () => run(dir, 'src-server/cli/audit-verify.ts', []);
    expect((await verify()).code).toBe(0);

    const d = open();
    await d.updateTable('audit_log').set({ target: 'someone' }).where('seq', '=', 2).execute();
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('audit log broken at row 2 (edited)');

    await d.deleteFrom('audit_log').where('seq', '=', 2).execute();
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain('audit log broken at row 2 (deleted)');
  });
});
