import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskConfigSchema } from '../../../src-shared/schemas/kiosk-config.js';
import { contentKeyFromPem } from '../../../src-server/content/signing.js';
import { spawnTsx, waitForExit } from './process.js';

describe('npm run keys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function keys(args: string[]) {
    const child = spawnTsx('src-server/cli/keys.ts', args, { TSONKH_DATA_DIR: dir });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const { code } = await waitForExit(child);
    return { code, stdout, stderr };
  }

  it('writes a private key (mode 600) under the data folder and prints its public half', async () => {
    const { code, stdout, stderr } = await keys([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const file = path.join(dir, 'keys', 'content-signing.pem');
    expect(stdout).toContain(`Wrote the content-signing private key to ${file} (mode 600)`);
    expect(stdout).not.toContain('TSONKH_CONTENT_KEY='); // the server finds it there by default
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    const pem = await readFile(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = contentKeyFromPem(pem);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(key.publicKey);
    expect(stdout).toContain(`Key id: ${key.keyId}`);
    expect(stdout).toContain('"contentPublicKey"');
    // The printed key is what a kiosk config takes.
    const example = JSON.parse(await readFile('kiosk-config/example.json', 'utf8')) as Record<string, unknown>;
    expect(kioskConfigSchema.safeParse({ ...example, contentPublicKey: lines.at(-1) }).success).toBe(true);
  });

  it('refuses to overwrite a key without --force, and replaces it with --force', async () => {
    const target = path.join(dir, 'elsewhere');
    const first = await keys([target]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`TSONKH_CONTENT_KEY=${path.join(target, 'content-signing.pem')}`);
    const file = path.join(target, 'content-signing.pem');
    const original = await readFile(file, 'utf8');

    const refused = await keys([target]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`${file} already exists: not replaced`);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe(original);

    const forced = await keys([target, '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).not.toBe(original);
    expect(forced.stdout.trim().split('\n').at(-1)).toBe(contentKeyFromPem(await readFile(file)).publicKey);
  });

  it('refuses unknown options with its usage', async () => {
    const { code, stderr } = await keys(['--overwrite']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --overwrite');
    expect(stderr).toContain('usage: npm run keys');
  });
});
