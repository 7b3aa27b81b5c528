import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DEMO_CONTENT_KEY, DEMO_SUBMISSION_KEY, loadConfig } from '../../../src-server/config.js';
import { generateContentKey, loadServerContentKey } from '../../../src-server/content/signing.js';
import { generateSubmissionKey, loadServerSubmissionKey } from '../../../src-server/submissions/submission-key.js';
import { DEMO_VALUES } from '../../../src-shared/demo-values.js';
import { DEMO_PUBLIC_KEY, DEMO_SUBMISSION_PUBLIC_KEY } from './helpers.js';

describe('loadServerContentKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const config = (env: Record<string, string>) => loadConfig({ TSONKH_DATA_DIR: dir, ...env }, dir);

  it('reads the default key under the data folder', async () => {
    const { key, pem } = generateContentKey();
    await writeFile(path.join(dir, 'key.pem'), pem, { mode: 0o600 });
    const loaded = await loadServerContentKey(config({ TSONKH_CONTENT_KEY: 'key.pem' }));
    expect(loaded).toMatchObject({ path: path.join(dir, 'key.pem'), demo: false, warnings: [] });
    expect(loaded.key.publicKey).toBe(key.publicKey);
  });

  it('refuses to start without a key outside demo mode, naming the variable and npm run keys', async () => {
    const error = await loadServerContentKey(config({})).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(path.join(dir, 'keys', 'content-signing.pem'));
    expect((error as Error).message).toContain('TSONKH_CONTENT_KEY');
    expect((error as Error).message).toContain('npm run keys');
  });

  it('falls back to the demo key in demo mode, but not for a TSONKH_CONTENT_KEY that is missing', async () => {
    const demo = await loadServerContentKey(config({ TSONKH_DEMO: '1' }));
    expect(demo).toMatchObject({ path: DEMO_CONTENT_KEY, demo: true });
    expect(demo.key.publicKey).toBe(DEMO_PUBLIC_KEY);
    await expect(loadServerContentKey(config({ TSONKH_DEMO: '1', TSONKH_CONTENT_KEY: 'gone.pem' }))).rejects.toThrow(
      ConfigError,
    );
  });

  it('refuses a file that is not an Ed25519 private key', async () => {
    await writeFile(path.join(dir, 'bad.pem'), 'not a key');
    await expect(loadServerContentKey(config({ TSONKH_CONTENT_KEY: 'bad.pem' }))).rejects.toThrow(
      /TSONKH_CONTENT_KEY: .*bad\.pem is not an Ed25519 private key/,
    );
  });

  it.skipIf(process.platform === 'win32')('warns when others can read the key', async () => {
    await writeFile(path.join(dir, 'open.pem'), generateContentKey().pem);
    await chmod(path.join(dir, 'open.pem'), 0o644);
    const loaded = await loadServerContentKey(config({ TSONKH_CONTENT_KEY: 'open.pem' }));
    expect(loaded.warnings).toEqual([expect.stringContaining('chmod 600')]);
  });
});

describe('loadServerSubmissionKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-subkey-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const config = (env: Record<string, string>) => loadConfig({ TSONKH_DATA_DIR: dir, ...env }, dir);

  it('reads the default key under the data folder', async () => {
    const { key, pem } = generateSubmissionKey();
    await mkdir(path.join(dir, 'keys'));
    await writeFile(path.join(dir, 'keys', 'submission-encryption.pem'), pem, { mode: 0o600 });
    const loaded = await loadServerSubmissionKey(config({}));
    expect(loaded).toMatchObject({ demo: false, warnings: [] });
    expect(loaded.key.publicKey).toBe(key.publicKey);
    expect(Buffer.from(loaded.key.publicKey, 'base64')).toHaveLength(65);
  });

  it('refuses to start without a key outside demo mode, naming the variable and npm run keys', async () => {
    const error = await loadServerSubmissionKey(config({})).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(path.join(dir, 'keys', 'submission-encryption.pem'));
    expect((error as Error).message).toContain('TSONKH_SUBMISSION_KEY');
    expect((error as Error).message).toContain('npm run keys');
  });

  it('falls back to the demo key in demo mode, but not for a TSONKH_SUBMISSION_KEY that is missing', async () => {
    const demo = await loadServerSubmissionKey(config({ TSONKH_DEMO: '1' }));
    expect(demo).toMatchObject({ path: DEMO_SUBMISSION_KEY, demo: true });
    expect(demo.key.publicKey).toBe(DEMO_SUBMISSION_PUBLIC_KEY);
    await expect(
      loadServerSubmissionKey(config({ TSONKH_DEMO: '1', TSONKH_SUBMISSION_KEY: 'gone.pem' })),
    ).rejects.toThrow(ConfigError);
  });

  it('refuses a file that is not a P-256 private key (e.g. the content key)', async () => {
    await writeFile(path.join(dir, 'ed.pem'), generateContentKey().pem, { mode: 0o600 });
    await expect(loadServerSubmissionKey(config({ TSONKH_SUBMISSION_KEY: 'ed.pem' }))).rejects.toThrow(
      /TSONKH_SUBMISSION_KEY: .*ed\.pem is not a P-256 private key/,
    );
  });
});

describe('the public demo keys outside demo mode', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-key-'));
    await mkdir(path.join(dir, 'keys'));
    await copyFile(DEMO_CONTENT_KEY, path.join(dir, 'keys', 'content-signing.pem'));
    await copyFile(DEMO_SUBMISSION_KEY, path.join(dir, 'keys', 'submission-encryption.pem'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const config = (env: Record<string, string>) => loadConfig({ TSONKH_DATA_DIR: dir, ...env }, dir);

  it('are refused, even copied to the key files, naming which and how to make real ones', async () => {
    const content = await loadServerContentKey(config({})).catch((err: unknown) => err);
    expect(content).toBeInstanceOf(ConfigError);
    expect((content as Error).message).toMatch(/TSONKH_CONTENT_KEY: .* is the public demo content-signing key/);
    expect((content as Error).message).toContain('npm run keys');
    const submission = await loadServerSubmissionKey(config({})).catch((err: unknown) => err);
    expect((submission as Error).message).toMatch(
      /TSONKH_SUBMISSION_KEY: .* is the public demo submission-encryption key/,
    );
    await expect(loadServerContentKey(config({ TSONKH_CONTENT_KEY: DEMO_CONTENT_KEY }))).rejects.toThrow(ConfigError);
  });

  it('are accepted in demo mode, and are the ones kiosks know as the demo values', async () => {
    expect([DEMO_PUBLIC_KEY, DEMO_SUBMISSION_PUBLIC_KEY]).toEqual([
      DEMO_VALUES.contentPublicKey,
      DEMO_VALUES.submissionPublicKey,
    ]);
    expect((await loadServerContentKey(config({ TSONKH_DEMO: '1' }))).key.publicKey).toBe(DEMO_PUBLIC_KEY);
    expect((await loadServerSubmissionKey(config({ TSONKH_DEMO: '1' }))).key.publicKey).toBe(
      DEMO_SUBMISSION_PUBLIC_KEY,
    );
  });
});
