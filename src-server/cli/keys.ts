import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_KEY_FILE, loadConfig } from '../config.js';
import { generateContentKey } from '../content/signing.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run keys -- [folder] [--force]   (default folder: <TSONKH_DATA_DIR>/keys)';

/**
 * `npm run keys -- [folder] [--force]`: makes the server's Ed25519 content-signing key pair.
 * Writes the private key as `<folder>/content-signing.pem` (PEM, pkcs8, mode 0600; an existing
 * key is only replaced with --force, since kiosks pinned to it would refuse new pages) and
 * prints the base64 public key for each kiosk config's `contentPublicKey`.
 */
export async function keysCommand(argv: readonly string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, { flags: ['--force'] });
  if (positional.length > 1) throw new UsageError('expected at most one folder');
  const config = loadConfig();
  const dir = path.resolve(positional[0] ?? path.dirname(config.contentKey.path));
  const file = path.join(dir, CONTENT_KEY_FILE);
  const force = flags.has('--force');
  const { key, pem } = generateContentKey();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, pem, { mode: 0o600, flag: force ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    complain(
      `${file} already exists: not replaced. Kiosks pinned to that key would refuse every new page; ` +
        'pass --force only if you mean to re-key every kiosk.',
    );
    return 1;
  }
  // An existing file keeps its old mode when overwritten.
  await chmod(file, 0o600);
  say(`Wrote the content-signing private key to ${file} (mode 600). Keep it secret and back it up.`);
  if (force) say('If a key was there before, it is replaced: update contentPublicKey in every kiosk config.');
  if (file !== config.contentKey.path) say(`Start the server with TSONKH_CONTENT_KEY=${file}`);
  say(`Key id: ${key.keyId}`);
  say('Public key: put it in every kiosk config as "contentPublicKey":');
  say(key.publicKey);
  return 0;
}

runCommand(USAGE, () => keysCommand(process.argv.slice(2)));
