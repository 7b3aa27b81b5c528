import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src-server/db/database.js';
import { hashCredential } from '../../../src-server/kiosks/kiosk-registry.js';
import { DEMO_CHANGE_COUNT, DEMO_CREDENTIAL, DEMO_KIOSK_CONFIG } from './helpers.js';
import { collectLogLines, spawnTsx, waitForExit } from './process.js';

describe('server CLI commands', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(file: string, args: string[]) {
    const child = spawnTsx(file, args, { TSONKH_DATA_DIR: dir, LOG_LEVEL: 'info' });
    const lines = collectLogLines(child);
    const { code } = await waitForExit(child);
    return { code, lines };
  }

  it('register-kiosk stores the kiosk with only the hash of its credential', async () => {
    const { code, lines } = await run('src-server/cli/register-kiosk.ts', [DEMO_KIOSK_CONFIG]);
    expect(code).toBe(0);
    expect(lines.find((l) => l.msg === 'kiosk registered')).toMatchObject({ kioskCode: '0421', created: true });
    const db = createDatabase({ kind: 'sqlite', path: path.join(dir, 'tsonkh.sqlite') });
    try {
      const rows = await db.selectFrom('kiosks').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.credential_hash).toBe(hashCredential(DEMO_CREDENTIAL));
      expect(JSON.stringify(rows)).not.toContain(DEMO_CREDENTIAL);
    } finally {
      await db.destroy();
    }
  });

  it('register-kiosk refuses an invalid config file, naming the field', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ kioskCode: '42' }));
    const { code, lines } = await run('src-server/cli/register-kiosk.ts', [bad]);
    expect(code).toBe(1);
    expect(JSON.stringify(lines)).toContain('kioskCode: must be exactly 4 digits');
  });

  it('publish-demo publishes once and nothing the second time', async () => {
    const first = await run('src-server/cli/publish-demo.ts', []);
    expect(first.code).toBe(0);
    expect(first.lines.find((l) => l.msg === 'demo content published')).toMatchObject({ published: DEMO_CHANGE_COUNT });
    const second = await run('src-server/cli/publish-demo.ts', []);
    expect(second.lines.find((l) => l.msg === 'demo content published')).toMatchObject({
      published: 0,
      skipped: DEMO_CHANGE_COUNT,
    });
  });
});
