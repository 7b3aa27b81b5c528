import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KioskConfigError,
  kioskConfigPath,
  loadKioskConfig,
  readableByOthersMode,
} from '../../../src-main/config/load-kiosk-config.js';
import { readFile } from 'node:fs/promises';
import { DEMO_VALUES } from '../../../src-shared/demo-values.js';
import { tempDir, validConfigInput } from './fixtures.js';

let dir: string;
let remove: () => Promise<void>;

beforeEach(async () => {
  ({ dir, remove } = await tempDir('config'));
});
afterEach(async () => {
  await remove();
});

async function writeConfig(content: unknown): Promise<string> {
  const file = path.join(dir, 'kiosk.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Loads and returns the KioskConfigError it must fail with. */
async function problemsOf(content: unknown): Promise<{ file: string; error: KioskConfigError }> {
  const file = await writeConfig(content);
  const error = await loadKioskConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KioskConfigError);
  return { file, error: error as KioskConfigError };
}

describe('loadKioskConfig', () => {
  it('loads a valid file, fills defaults and resolves captureDir against the file folder', async () => {
    const file = await writeConfig(validConfigInput());
    const config = await loadKioskConfig(file);
    expect(config.kioskCode).toBe('0421');
    expect(config.printer).toMatchObject({ kind: 'capture', captureDir: path.join(dir, 'receipts'), fail: false });
    expect(config.sync.intervalSeconds).toBe(30);
  });

  it('loads the example kiosk config shipped in the repo', async () => {
    const config = await loadKioskConfig(path.resolve('kiosk-config/example.json'));
    expect(config.printer.kind === 'capture' && path.isAbsolute(config.printer.captureDir)).toBe(true);
  });

  it('refuses the public demo keys and credential unless the file says it is a demonstration, naming each', async () => {
    const example = JSON.parse(await readFile(path.resolve('kiosk-config/example.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const { demo: _demo, ...notDemo } = example;
    const { error } = await problemsOf({ ...notDemo, printer: { kind: 'capture', captureDir: dir, width: 48 } });
    expect(error.problems.map((p) => p.split(':')[0])).toEqual([
      'contentPublicKey',
      'submissionPublicKey',
      'server.credential',
    ]);
    for (const problem of error.problems) expect(problem).toContain('npm run keys');
    // One demo value is enough to refuse; and a demonstration machine may use them all.
    const { error: one } = await problemsOf({ ...validConfigInput(), contentPublicKey: DEMO_VALUES.contentPublicKey });
    expect(one.problems).toEqual([expect.stringMatching(/^contentPublicKey: is the public demo key/)]);
    await expect(loadKioskConfig(await writeConfig({ ...notDemo, demo: true }))).resolves.toMatchObject({ demo: true });
  });

  it.skipIf(process.platform === 'win32')(
    'notices a config file other users can read (it holds the credential and PINs)',
    async () => {
      const file = await writeConfig(validConfigInput());
      await chmod(file, 0o644);
      expect(await readableByOthersMode(file)).toBe(0o644);
      await chmod(file, 0o600);
      expect(await readableByOthersMode(file)).toBeNull();
    },
  );

  it('the demo values are those of the committed example and demo keys', async () => {
    const example = JSON.parse(await readFile(path.resolve('kiosk-config/example.json'), 'utf8')) as {
      contentPublicKey: string;
      submissionPublicKey: string;
      server: { credential: string };
    };
    expect(DEMO_VALUES).toEqual({
      contentPublicKey: example.contentPublicKey,
      submissionPublicKey: example.submissionPublicKey,
      kioskCredential: example.server.credential,
    });
  });

  it('accepts a byte-order mark at the start (Windows editors add one)', async () => {
    const file = await writeConfig(`\uFEFF${JSON.stringify(validConfigInput())}`);
    await expect(loadKioskConfig(file)).resolves.toMatchObject({ kioskCode: '0421' });
  });

  it('reports bad JSON with its line and column, naming the file', async () => {
    const { file, error } = await problemsOf('{\n  "kioskCode": "0421",\n  "name": { "mn": "x" }\n  "place": {}\n}');
    expect(error.message).toContain(file);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^invalid JSON at line 4, column 3: /);
  });

  it('reports an empty file as bad JSON at its end', async () => {
    const { error } = await problemsOf('');
    expect(error.problems[0]).toMatch(/^invalid JSON at line 1, column 1: /);
  });

  it('names a missing field as required', async () => {
    const { kioskCode: _omitted, ...input } = validConfigInput();
    const { error } = await problemsOf(input);
    expect(error.problems).toEqual(['kioskCode: is required']);
  });

  it('names a missing nested field by its full path', async () => {
    const input = validConfigInput();
    const { credential: _omitted, ...server } = input.server;
    const { error } = await problemsOf({ ...input, server });
    expect(error.problems).toEqual(['server.credential: is required']);
  });

  it('names a network printer port out of range, before anything tries to connect to it', async () => {
    const { file, error } = await problemsOf({
      ...validConfigInput(),
      printer: { kind: 'tcp', url: 'tcp://10.0.0.5:99999' },
    });
    expect(error.problems).toEqual([
      'printer.url: the port must be between 1 and 65535 (printers usually listen on 9100)',
    ]);
    expect(error.message).toContain(file);
  });

  it('rejects a kiosk code that is not exactly 4 digits', async () => {
    const { error } = await problemsOf({ ...validConfigInput(), kioskCode: '421' });
    expect(error.problems).toEqual(['kioskCode: must be exactly 4 digits, e.g. "6501"']);
  });

  it.each(['ftp://example.mn', 'not a url', 'javascript:alert(1)'])('rejects the server URL %s', async (url) => {
    const input = validConfigInput();
    const { error } = await problemsOf({ ...input, server: { ...input.server, url } });
    expect(error.problems).toEqual(['server.url: must be an http:// or https:// address']);
  });

  it('names every unknown key with its path', async () => {
    const input = validConfigInput();
    const { error } = await problemsOf({ ...input, colour: 'blue', server: { ...input.server, proxy: 'x' } });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'colour: unknown key (not allowed here)',
        'server.proxy: unknown key (not allowed here)',
      ]),
    );
    expect(error.problems).toHaveLength(2);
  });

  it('rejects a default language that is not among the languages', async () => {
    const { error } = await problemsOf({ ...validConfigInput(), languages: ['mn', 'en'], defaultLanguage: 'kk' });
    expect(error.problems).toEqual(['defaultLanguage: must be one of "languages"']);
  });

  it('reports every problem at once, one line each, after the file name', async () => {
    const { file, error } = await problemsOf({ ...validConfigInput(), kioskCode: 'x', extra: 1 });
    expect(error.message.split('\n')).toEqual([
      `Kiosk config ${file} cannot be used:`,
      '  - kioskCode: must be exactly 4 digits, e.g. "6501"',
      '  - extra: unknown key (not allowed here)',
    ]);
  });

  it('does not repeat the field name when the schema message already starts with it', async () => {
    const input = validConfigInput();
    const { error } = await problemsOf({ ...input, place: { ...input.place, aimag: '8' } });
    expect(error.problems).toEqual(['place.aimag: the 2-digit national statistics code, e.g. "65"']);
  });

  it('says plainly when the file does not exist', async () => {
    const missing = path.join(dir, 'nope.json');
    const error = await loadKioskConfig(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskConfigError);
    expect((error as KioskConfigError).message).toContain(missing);
    expect((error as KioskConfigError).problems[0]).toMatch(/^file not found/);
  });

  it('says plainly when the path is a folder', async () => {
    const error = await loadKioskConfig(dir).catch((e: unknown) => e);
    expect((error as KioskConfigError).problems).toEqual(['is a folder, not a file']);
  });
});

describe('kioskConfigPath', () => {
  it('uses TSONKH_KIOSK_CONFIG when set, else the example from the working folder', () => {
    expect(kioskConfigPath({ TSONKH_KIOSK_CONFIG: '/etc/tsonkh/kiosk.json' })).toBe('/etc/tsonkh/kiosk.json');
    expect(kioskConfigPath({})).toBe(path.resolve('kiosk-config/example.json'));
  });
});

describe('TSONKH_SERVER_URL', () => {
  it('overrides server.url and is validated like the file', async () => {
    const example = new URL('../../../kiosk-config/example.json', import.meta.url).pathname;
    const ok = await loadKioskConfig(example, { TSONKH_SERVER_URL: 'http://127.0.0.1:9999' });
    expect(ok.server.url).toBe('http://127.0.0.1:9999');
    await expect(loadKioskConfig(example, { TSONKH_SERVER_URL: 'ftp://x' })).rejects.toThrow(KioskConfigError);
    await expect(loadKioskConfig(example, { TSONKH_SERVER_URL: 'ftp://x' })).rejects.toThrow(/server\.url/);
  });
});
