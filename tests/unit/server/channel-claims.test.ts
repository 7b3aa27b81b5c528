// A submission says how it was made: `kiosk` (the citizen alone), `assisted` (with a Citizens'
// Chamber staff member, whose id it carries) or `library`. The server checks each claim against
// what it was told when the kiosk was registered from its provisioning file (presentation, staff
// ids), so a kiosk cannot pass itself off as a library or name a staff member it never had.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerKioskFromConfigFile } from '../../../src-server/kiosks/kiosk-config-file.js';
import { DEFAULT_DEMO_KIOSK_CONFIG } from '../../../src-server/config.js';
import {
  createTestServer,
  DEMO_KIOSK_CODE,
  errorOf,
  makePetition,
  postBatch,
  results,
  setDemoKioskUse,
  type TestServer,
} from './helpers.js';

describe('channel and staff claims', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const push = async (...items: Parameters<typeof makePetition>[]) =>
    results(await postBatch(server.app, await Promise.all(items.map((args) => makePetition(...args)))));

  it('a citizen kiosk: kiosk and assisted by its own staff pass; library and a stranger are refused', async () => {
    // Registered from kiosk-config/example.json: presentation "kiosk", staff CC-0421-01.
    const [alone, assisted, library, stranger] = await push(
      [1, { channel: 'kiosk' }],
      [2, { channel: 'assisted', staffId: 'CC-0421-01' }],
      [3, { channel: 'library' }],
      [4, { channel: 'assisted', staffId: 'CC-9999-99' }],
    );
    expect(alone?.result).toBe('accepted');
    expect(assisted?.result).toBe('accepted');
    expect(errorOf(library)).toMatchObject({ code: 'channel_not_allowed' });
    expect(errorOf(stranger)).toMatchObject({ code: 'unknown_staff' });
    expect(errorOf(stranger).message).not.toContain('CC-9999-99');
    const stored = await server.db.selectFrom('submissions').select('tracking_no').execute();
    expect(stored).toHaveLength(2);
  });

  it('a library kiosk sends library only', async () => {
    await setDemoKioskUse(server.db, { presentation: 'library', staffIds: [] });
    const [library, alone, assisted] = await push(
      [1, { channel: 'library' }],
      [2, { channel: 'kiosk' }],
      [3, { channel: 'assisted', staffId: 'CC-0421-01' }],
    );
    expect(library?.result).toBe('accepted');
    expect(errorOf(alone)).toMatchObject({ code: 'channel_not_allowed' });
    expect(errorOf(assisted)).toMatchObject({ code: 'channel_not_allowed' });
  });

  it('a kiosk registered before the server kept its use is not checked, until registered again', async () => {
    await server.db
      .updateTable('kiosks')
      .set({ presentation: null, staff_ids: null })
      .where('kiosk_code', '=', DEMO_KIOSK_CODE)
      .execute();
    const before = await push([1, { channel: 'library' }], [2, { channel: 'assisted', staffId: 'CC-7' }]);
    expect(before.map((r) => r.result)).toEqual(['accepted', 'accepted']);
  });
});

describe('registering a kiosk from its file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-register-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its presentation and staff ids (never their PINs)', async () => {
    const server = await createTestServer({ seed: false });
    try {
      const config = JSON.parse(await readFile(DEFAULT_DEMO_KIOSK_CONFIG, 'utf8')) as Record<string, unknown>;
      const file = path.join(dir, 'library.json');
      await writeFile(
        file,
        JSON.stringify({
          ...config,
          presentation: 'library',
          staff: [
            { id: 'LIB-01', name: 'Номын санч', pin: '918273' },
            { id: 'LIB-02', name: 'Туслах', pin: '564738' },
          ],
        }),
      );
      await registerKioskFromConfigFile(server.db, file, { demo: true });
      const row = await server.db
        .selectFrom('kiosks')
        .selectAll()
        .where('kiosk_code', '=', DEMO_KIOSK_CODE)
        .executeTakeFirstOrThrow();
      expect(row.presentation).toBe('library');
      expect(JSON.parse(row.staff_ids ?? 'null')).toEqual(['LIB-01', 'LIB-02']);
      expect(JSON.stringify(row)).not.toMatch(/918273|564738/);
    } finally {
      await server.close();
    }
  });
});
