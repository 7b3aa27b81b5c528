import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_KEY_FILE, loadConfig, SUBMISSION_KEY_FILE } from '../config.js';
import { generateContentKey } from '../content/signing.js';
import { generateSubmissionKey } from '../submissions/submission-key.js';
import { complain, parseArgs, runCommand, say, UsageError } from './output.js';

const USAGE = 'npm run keys -- [folder] [--force]   (default folder: <TSONKH_DATA_DIR>/keys)';

/** Writes a private key file (mode 0600); false when it exists and --force was not given. */
async function writeKeyFile(file: string, pem: string, force: boolean): Promise<boolean> {
  try {
    await writeFile(file, pem, { mode: 0o600, flag: force ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
  // An existing file keeps its old mode when overwritten.
  await chmod(file, 0o600);
  return true;
}

/**
 * `npm run keys -- [folder] [--force]`: makes the server's two key pairs in `folder`:
 *
 * - `content-signing.pem` (Ed25519) signs content pages; kiosks pin its public half as `contentPublicKey`.
 * - `submission-encryption.pem` (P-256) opens the personal data kiosks seal into submissions; its
 *   public half is each kiosk config's `submissionPublicKey`.
 *
 * Both are PEM (pkcs8), mode 0600. An existing key is never replaced without --force (kiosks pinned
 * to a content key would refuse new pages; submissions sealed to an old submission key could no
 * longer be opened), so running it again only makes a key that is missing. Exits 1 when nothing
 * was written. Prints each public key on the line after its "Public key" line.
 */
export async function keysCommand(argv: readonly string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, { flags: ['--force'] });
  if (positional.length > 1) throw new UsageError('expected at most one folder');
  const config = loadConfig();
  const dir = path.resolve(positional[0] ?? path.dirname(config.contentKey.path));
  const force = flags.has('--force');
  await mkdir(dir, { recursive: true, mode: 0o700 });

  let written = 0;
  const contentFile = path.join(dir, CONTENT_KEY_FILE);
  const content = generateContentKey();
  if (await writeKeyFile(contentFile, content.pem, force)) {
    written++;
    say(`Wrote the content-signing private key to ${contentFile} (mode 600). Keep it secret and back it up.`);
    if (force) say('If a key was there before, it is replaced: update contentPublicKey in every kiosk config.');
    if (contentFile !== config.contentKey.path) say(`Start the server with TSONKH_CONTENT_KEY=${contentFile}`);
    say(`Key id: ${content.key.keyId}`);
    say('Public key: put it in every kiosk config as "contentPublicKey":');
    say(content.key.publicKey);
  } else {
    complain(
      `${contentFile} already exists: not replaced. Kiosks pinned to that key would refuse every new page; ` +
        'pass --force only if you mean to re-key every kiosk.',
    );
  }

  const submissionFile = path.join(dir, SUBMISSION_KEY_FILE);
  const submission = generateSubmissionKey();
  if (await writeKeyFile(submissionFile, submission.pem, force)) {
    written++;
    if (written > 1) say();
    say(
      `Wrote the submission-encryption private key to ${submissionFile} (mode 600). Keep it secret and back it up: ` +
        'without it no submission can be read.',
    );
    if (force) {
      say(
        'If a key was there before, it is replaced: update submissionPublicKey in every kiosk config, and keep ' +
          'the old key until every kiosk has delivered what it sealed with it.',
      );
    }
    if (submissionFile !== config.submissionKey.path)
      say(`Start the server with TSONKH_SUBMISSION_KEY=${submissionFile}`);
    say(`Key id: ${submission.key.keyId}`);
    say('Public key: put it in every kiosk config as "submissionPublicKey":');
    say(submission.key.publicKey);
  } else {
    complain(
      `${submissionFile} already exists: not replaced. Submissions kiosks sealed to that key could no longer be ` +
        'opened; pass --force only if you mean to re-key every kiosk.',
    );
  }
  return written > 0 ? 0 : 1;
}

runCommand(USAGE, () => keysCommand(process.argv.slice(2)));
