import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskConfigSchema } from '../../../src-shared/schemas/kiosk-config.js';
import { seal } from '../../../src-renderer/platform/seal.js';
import { contentKeyFromPem } from '../../../src-server/content/signing.js';
import { openSealed } from '../../../src-server/submissions/open-sealed.js';
import { submissionKeyFromPem } from '../../../src-server/submissions/submission-key.js';
import { runEntry, PROCESS_SUITE } from './process.js';

/** The line after "Public key: … as "<field>":". */
function printedKey(stdout: string, field: string): string | undefined {
  const lines = stdout.trim().split('\n');
  const i = lines.findIndex((l) => l.includes(`"${field}"`));
  return i < 0 ? undefined : lines[i + 1];
}

describe('npm run keys', PROCESS_SUITE, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tsonkh-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const keys = (args: string[]) => runEntry('src-server/cli/keys.ts', args, { TSONKH_DATA_DIR: dir });

  it('writes both private keys (mode 600) under the data folder and prints their public halves', async () => {
    const { code, stdout, stderr } = await keys([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const file = path.join(dir, 'keys', 'content-signing.pem');
    const subFile = path.join(dir, 'keys', 'submission-encryption.pem');
    expect(stdout).toContain(`Wrote the content-signing private key to ${file} (mode 600)`);
    expect(stdout).toContain(`Wrote the submission-encryption private key to ${subFile} (mode 600)`);
    expect(stdout).not.toContain('TSONKH_CONTENT_KEY='); // the server finds them there by default
    expect(stdout).not.toContain('TSONKH_SUBMISSION_KEY=');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(subFile)).mode & 0o777).toBe(0o600);
    }

    const pem = await readFile(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = contentKeyFromPem(pem);
    expect(printedKey(stdout, 'contentPublicKey')).toBe(key.publicKey);
    expect(stdout).toContain(`Key id: ${key.keyId}`);
    const subPem = await readFile(subFile, 'utf8');
    expect(subPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const subKey = submissionKeyFromPem(subPem);
    const submissionPublicKey = printedKey(stdout, 'submissionPublicKey');
    expect(submissionPublicKey).toBe(subKey.publicKey);

    // The printed keys are what a kiosk config takes, and a kiosk sealing to it reaches this server.
    const example = JSON.parse(await readFile('kiosk-config/example.json', 'utf8')) as Record<string, unknown>;
    const config = kioskConfigSchema.safeParse({
      ...example,
      contentPublicKey: printedKey(stdout, 'contentPublicKey'),
      submissionPublicKey,
    });
    expect(config.success).toBe(true);
    const binding = { idempotencyKey: crypto.randomUUID(), trackingNo: '0421-000001-7' };
    const envelope = await seal({ text: 'сайн' }, binding, submissionPublicKey!);
    expect(openSealed(envelope, binding, subKey.privateKey)).toEqual({ ok: true, content: { text: 'сайн' } });
  });

  it('refuses to overwrite keys without --force, and replaces them with --force', async () => {
    const target = path.join(dir, 'elsewhere');
    const first = await keys([target]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`TSONKH_CONTENT_KEY=${path.join(target, 'content-signing.pem')}`);
    expect(first.stdout).toContain(`TSONKH_SUBMISSION_KEY=${path.join(target, 'submission-encryption.pem')}`);
    const file = path.join(target, 'content-signing.pem');
    const subFile = path.join(target, 'submission-encryption.pem');
    const original = await readFile(file, 'utf8');
    const subOriginal = await readFile(subFile, 'utf8');

    const refused = await keys([target]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`${file} already exists: not replaced`);
    expect(refused.stderr).toContain(`${subFile} already exists: not replaced`);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(await readFile(subFile, 'utf8')).toBe(subOriginal);

    const forced = await keys([target, '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).not.toBe(original);
    expect(await readFile(subFile, 'utf8')).not.toBe(subOriginal);
    expect(printedKey(forced.stdout, 'contentPublicKey')).toBe(contentKeyFromPem(await readFile(file)).publicKey);
    expect(printedKey(forced.stdout, 'submissionPublicKey')).toBe(
      submissionKeyFromPem(await readFile(subFile)).publicKey,
    );
  });

  it('adds only the missing submission key to a folder that has a content key', async () => {
    const target = path.join(dir, 'upgrade');
    await keys([target]);
    const file = path.join(target, 'content-signing.pem');
    const subFile = path.join(target, 'submission-encryption.pem');
    const original = await readFile(file, 'utf8');
    await rm(subFile);
    const upgrade = await keys([target]);
    expect(upgrade.code).toBe(0);
    expect(upgrade.stderr).toContain(`${file} already exists: not replaced`);
    expect(upgrade.stdout).toContain(`Wrote the submission-encryption private key to ${subFile}`);
    expect(printedKey(upgrade.stdout, 'contentPublicKey')).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('refuses unknown options with its usage', async () => {
    const { code, stderr } = await keys(['--overwrite']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --overwrite');
    expect(stderr).toContain('usage: npm run keys');
  });
});
