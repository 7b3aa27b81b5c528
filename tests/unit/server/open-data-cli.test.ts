// `npm run import-open-data` as an operator runs it: the report, the publish, "nothing changed" the
// second time, nothing published from an unreadable file (exit 1), and a usage mistake (exit 2).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFreshDatabase, type FreshDatabase } from '../../support/test-database.js';
import { REPO_ROOT } from './helpers.js';
import { PROCESS_SUITE, runEntry } from './process.js';

const CLI = 'src-server/cli/import-open-data.ts';
const SOURCE = ['--source', 'https://www.tender.gov.mn/', '--taken', '2026-11-20'];

describe('npm run import-open-data', PROCESS_SUITE, () => {
  let fresh: FreshDatabase;
  beforeEach(async () => {
    fresh = await createFreshDatabase({ prefix: 'tsonkh-open-data-cli-' });
  });
  afterEach(async () => {
    await fresh.drop();
  });
  const run = (args: string[]) => runEntry(CLI, args, { TSONKH_DATA_DIR: fresh.dir, DATABASE_URL: fresh.url });

  it('publishes once, says so the second time, and publishes nothing from an unreadable file', async () => {
    const file = path.join(REPO_ROOT, 'assets/demo-open-data/83/procurement.ocds.json');
    const first = await run(['procurement', file, ...SOURCE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/contract: 93 records read, 0 problems/);
    expect(first.stdout).toMatch(/left out: 47 \(below 80,000,000 ₮\)/);
    expect(first.stdout).toMatch(/Published import 1: 93 new, 0 changed, 0 withdrawn, 0 unchanged/);

    const again = await run(['procurement', file, ...SOURCE]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing changed: all 93 records are already published/);

    const broken = path.join(fresh.dir, 'broken.json');
    await writeFile(broken, '{"releases": [');
    const refused = await run(['procurement', file, broken, ...SOURCE]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken\.json: not JSON/);
    expect(refused.stderr).toMatch(/Nothing published: broken\.json could not be read/);
  });

  it('names the datasets on a usage mistake', async () => {
    const unknown = await run(['budgets', 'x.csv', ...SOURCE]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no dataset "budgets"/);
    expect(unknown.stderr).toMatch(/datasets: procurement, budget, account/);
    const noSource = await run(['budget', 'x.csv']);
    expect(noSource.code).toBe(2);
  });
});
