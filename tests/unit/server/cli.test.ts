import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src-server/db/database.js';
import { migrateToLatest } from '../../../src-server/db/migrate.js';
import { hashCredential } from '../../../src-server/kiosks/kiosk-registry.js';
import { copyFixtureContent } from './content-fixture.js';
import { seedDemo } from '../../../src-server/content/demo-seed.js';
import { acceptSubmissions } from '../../../src-server/submissions/accept-batch.js';
import {
  countRows,
  DEMO_KIOSK_CONFIG,
  DEMO_SUBMISSION_KEY,
  FIXTURE_CHANGE_COUNT,
  FIXTURE_CONTENT_DIR,
  makePetition,
  makeSubmission,
} from './helpers.js';
import { collectLogLines, runEntry, spawnEntry, waitForExit, PROCESS_SUITE } from './process.js';
import { createFreshDatabase, type FreshDatabase } from '../../support/test-database.js';

describe('server CLI commands', PROCESS_SUITE, () => {
  // The commands find the test's database through DATABASE_URL, as an operator's would.
  let fresh: FreshDatabase;
  let dir: string;
  beforeEach(async () => {
    fresh = await createFreshDatabase({ prefix: 'tsonkh-cli-' });
    dir = fresh.dir;
  });
  afterEach(async () => {
    await fresh.drop();
  });

  async function run(file: string, args: string[]) {
    const child = await spawnEntry(file, args, { TSONKH_DATA_DIR: dir, DATABASE_URL: fresh.url, LOG_LEVEL: 'info' });
    const lines = collectLogLines(child);
    const { code } = await waitForExit(child);
    return { code, lines };
  }

  it('register-kiosk stores the kiosk with only the hash of its credential', async () => {
    // A kiosk of its own: outside demo mode the demo kiosk's public credential is refused.
    const credential = 'kiosk-0421-own-credential-Vx9q2LmT8rPz';
    const config = JSON.parse(await readFile(DEMO_KIOSK_CONFIG, 'utf8')) as { server: { credential: string } };
    const file = path.join(dir, 'kiosk.json');
    await writeFile(file, JSON.stringify({ ...config, server: { ...config.server, credential } }));
    const { code, lines } = await run('src-server/cli/register-kiosk.ts', [file]);
    expect(code).toBe(0);
    expect(lines.find((l) => l.msg === 'kiosk registered')).toMatchObject({ kioskCode: '0421', created: true });
    const db = createDatabase(fresh.target);
    try {
      const rows = await db.selectFrom('kiosks').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.credential_hash).toBe(hashCredential(credential));
      expect(JSON.stringify(rows)).not.toContain(credential);
    } finally {
      await db.destroy();
    }
    // The demo kiosk's file itself is refused, naming the credential and what to do.
    const demo = await run('src-server/cli/register-kiosk.ts', [DEMO_KIOSK_CONFIG]);
    expect(demo.code).not.toBe(0);
    expect(JSON.stringify(demo.lines)).toContain('server.credential is the public demo credential');
  });

  it('register-kiosk refuses an invalid config file, naming the field', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ kioskCode: '42' }));
    const { code, lines } = await run('src-server/cli/register-kiosk.ts', [bad]);
    expect(code).toBe(1);
    expect(JSON.stringify(lines)).toContain('kioskCode: must be exactly 4 digits');
  });

  /** Runs a plain-text command; returns its exit code, stdout and stderr. */
  const runText = (file: string, args: string[], env: Record<string, string> = {}) =>
    runEntry(file, args, { TSONKH_DATA_DIR: dir, DATABASE_URL: fresh.url, ...env });

  async function changeCount(): Promise<number> {
    const db = createDatabase(fresh.target);
    try {
      await migrateToLatest(db);
      return await countRows(db, 'content_changes');
    } finally {
      await db.destroy();
    }
  }

  it('publish publishes a folder once, then nothing, then a withdrawal', async () => {
    const first = await runText('src-server/cli/publish.ts', [FIXTURE_CONTENT_DIR]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `published ${FIXTURE_CHANGE_COUNT}, withdrawn 0, unchanged 0 (changes 1–${FIXTURE_CHANGE_COUNT})`,
    );
    expect(first.stdout).toContain('law-article: 4 published');
    // Kept in the console's history like a console publication, by `cli`.
    expect(first.stdout).toContain('publication 1 in the history: "npm run publish content"');
    const second = await runText('src-server/cli/publish.ts', [FIXTURE_CONTENT_DIR]);
    expect(second.stdout).toContain(`published 0, withdrawn 0, unchanged ${FIXTURE_CHANGE_COUNT}`);
    expect(second.stdout).toContain('nothing changed');

    const copy = await copyFixtureContent();
    try {
      await copy.remove('places.json');
      const third = await runText('src-server/cli/publish.ts', [copy.dir, '--note', 'Газрууд хасагдав']);
      expect(third.code).toBe(0);
      expect(third.stdout).toContain(`published 0, withdrawn 3, unchanged ${FIXTURE_CHANGE_COUNT - 3}`);
      expect(third.stdout).toContain('place: 3 withdrawn');
      expect(third.stdout).toContain('publication 2 in the history: "Газрууд хасагдав"');
      const db = createDatabase(fresh.target);
      try {
        const rows = await db
          .selectFrom('publications')
          .select(['operator_login', 'withdrawn'])
          .orderBy('id')
          .execute();
        expect(rows).toEqual([
          { operator_login: 'cli', withdrawn: 0 },
          { operator_login: 'cli', withdrawn: 3 },
        ]);
        const audited = await db
          .selectFrom('audit_log')
          .select('actor_login')
          .where('action', '=', 'content.publish')
          .execute();
        expect(audited).toEqual([{ actor_login: 'cli' }, { actor_login: 'cli' }]);
      } finally {
        await db.destroy();
      }
    } finally {
      await copy.cleanup();
    }
  });

  it('publish lists every problem of a bad folder, exits 1 and publishes nothing', async () => {
    const copy = await copyFixtureContent();
    try {
      await copy.write('categories.json', '[{"id": "x",]');
      await copy.replace('laws/test-law/text.md', '# ХОЁРДУГААР БҮЛЭГ', '# ХОЁРДУГААР БҮЛЭК');
      const { code, stdout, stderr } = await runText('src-server/cli/publish.ts', [copy.dir]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^Nothing published: \d+ problems in /);
      expect(stderr).toContain('categories.json:1: invalid JSON');
      expect(stderr).toMatch(/laws\/test-law\/text\.md:\d+: a chapter heading must be "# <ORDINAL> БҮЛЭГ"/);
      // Every problem names its file and line, JSON field problems too.
      const categoryLine =
        (await copy.read('services.json')).split('\n').findIndex((l) => l.includes('"category"')) + 1;
      expect(stderr).toContain(
        `services.json:${categoryLine}: [0].category: category "civil-registration" is not in categories.json`,
      );
      expect(await changeCount()).toBe(0);
    } finally {
      await copy.cleanup();
    }
  });

  it('publish without a folder prints its usage and exits 2', async () => {
    const { code, stderr } = await runText('src-server/cli/publish.ts', []);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run publish -- <content-folder>');
  });

  it('publish-demo publishes the demo content folder with the same loader', async () => {
    const { code, stdout, stderr } = await runText('src-server/cli/publish-demo.ts', [FIXTURE_CONTENT_DIR]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`published ${FIXTURE_CHANGE_COUNT}`);
  });

  // Six CLI processes one after another: on a busy machine each takes seconds, so the bound is generous.
  it(
    'set-status moves a submission on, prints the change, and refuses what the rules forbid',
    { timeout: 180_000 },
    async () => {
      const petition = await makePetition(1);
      const application = await makeSubmission(2);
      const db = createDatabase(fresh.target);
      try {
        await migrateToLatest(db);
        const { kiosk } = await seedDemo(db, { kioskConfigPath: DEMO_KIOSK_CONFIG, contentDir: FIXTURE_CONTENT_DIR });
        const { results } = await acceptSubmissions(db, kiosk, [petition, application], {
          privateKey: DEMO_SUBMISSION_KEY.privateKey,
        });
        expect(results.map((r) => r.result)).toEqual(['accepted', 'accepted']);
      } finally {
        await db.destroy();
      }
      const cli = 'src-server/cli/set-status.ts';

      const forwarded = await runText(cli, [petition.trackingNo, 'forwarded', 'to the soum governor']);
      expect(forwarded.stderr).toBe('');
      expect(forwarded.code).toBe(0);
      expect(forwarded.stdout).toMatch(
        new RegExp(`^${petition.trackingNo} \\(petition\\): received → forwarded, due \\d{4}-\\d{2}-\\d{2}`),
      );

      const extended = await runText(cli, [petition.trackingNo, 'extended']);
      expect(extended.code).toBe(0);
      expect(extended.stdout).toContain('forwarded → extended');
      const again = await runText(cli, [petition.trackingNo, 'extended']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('[already_extended]');

      const notPetition = await runText(cli, [application.trackingNo, 'extended']);
      expect(notPetition.code).toBe(1);
      expect(notPetition.stderr).toContain('[not_a_petition]');

      const unknown = await runText(cli, ['0421-000009-0', 'resolved']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('[invalid_tracking_no]');

      const usage = await runText(cli, [petition.trackingNo]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain(
        'usage: npx tsx src-server/cli/set-status.ts <trackingNo> <status> [note | --note "…"]',
      );

      // `--note` with `answered`: the note is the answer (sealed for the kiosk when the receipt has a secret).
      const answered = await runText(cli, [application.trackingNo, 'answered', '--note', 'Тодорхойлолт бэлэн.']);
      expect(answered.code).toBe(0);
      expect(answered.stdout).toContain('received → answered');
      const twice = await runText(cli, [petition.trackingNo, 'resolved', 'a', '--note', 'b']);
      expect(twice.code).toBe(2);

      const check = createDatabase(fresh.target);
      try {
        const rows = await check.selectFrom('status_changes').select(['status', 'note']).orderBy('seq').execute();
        expect(rows).toEqual([
          { status: 'received', note: null },
          { status: 'received', note: null },
          { status: 'forwarded', note: 'to the soum governor' },
          { status: 'extended', note: null },
          { status: 'answered', note: 'Тодорхойлолт бэлэн.' },
        ]);
      } finally {
        await check.destroy();
      }
    },
  );
});
