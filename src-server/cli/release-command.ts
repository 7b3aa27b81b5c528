import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { openCliDatabase } from './open-database.js';
import { parseArgs, say, UsageError } from './output.js';
import { generateReleaseKey, releaseKeyFromPem } from '../releases/release-key.js';
import {
  addPilot,
  exportRelease,
  listPilots,
  listReleases,
  promoteRelease,
  publishRelease,
  ReleaseError,
  releaseBlobDir,
  removePilot,
} from '../releases/release-store.js';

export const RELEASE_USAGE =
  'npm run release -- publish <dir> --version 1.4.2 --key release-key.pem [--entry host/browser-mode.mjs]\n' +
  '       npm run release -- promote 1.4.2\n' +
  '       npm run release -- pilot add|remove <kioskCode>\n' +
  '       npm run release -- list\n' +
  '       npm run release -- export 1.4.2 <usb-folder>\n' +
  '       npm run release -- keygen <release-key.pem>';

/**
 * `npm run release`: kiosk releases (issue 18). `publish` builds the manifest of a folder (the
 * browser-mode deployable: `renderer/` + `host/`), signs it with the release key, stores its files
 * as blobs under `<TSONKH_DATA_DIR>/releases/blobs` and offers it to the pilot kiosks; `promote`
 * offers it to every kiosk; `pilot add|remove` edits the pilot group; `export` writes a release to
 * a USB folder (`tsonkh-release/`) for the technician screen; `keygen` writes a new
 * release key (mode 0600) and prints the public half kiosks pin as `releasePublicKey`.
 * Exit 0; 1 refused; 2 usage.
 */
export async function releaseCommand(argv: readonly string[]): Promise<number> {
  const { positional, values } = parseArgs(argv, { values: ['--version', '--key', '--entry'] });
  const [command, ...rest] = positional;
  if (command === 'keygen') {
    if (rest.length !== 1) throw new UsageError('keygen needs the file to write');
    const { key, pem } = generateReleaseKey();
    try {
      await writeFile(rest[0]!, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      say(`Файл байна / the file exists: ${rest[0]} (never replaced: kiosks pin its key)`);
      return 1;
    }
    say(`Хувилбарын түлхүүр / release key: ${rest[0]}`);
    say('Public key (releasePublicKey):');
    say(key.publicKey);
    return 0;
  }
  const { db, config } = await openCliDatabase({ quiet: true });
  try {
    switch (command) {
      case 'publish': {
        if (rest.length !== 1) throw new UsageError('publish needs one folder');
        const version = values.get('--version');
        const keyFile = values.get('--key');
        if (!version || !keyFile) throw new UsageError('publish needs --version and --key');
        const key = releaseKeyFromPem(await readFile(keyFile));
        const published = await publishRelease(db, {
          dir: path.resolve(rest[0]!),
          version,
          key,
          blobDir: releaseBlobDir(config.dataDir),
          by: `cli:${userInfo().username}`,
          entry: values.get('--entry'),
        });
        say(
          `${published.version}: ${published.fileCount} файл / files, ${published.totalBytes} байт / bytes ` +
            `(${published.newBlobs} шинэ / new), түлхүүр / key ${published.keyId}; туршилтын бүлэгт / to the pilot group`,
        );
        return 0;
      }
      case 'promote': {
        if (rest.length !== 1) throw new UsageError('promote needs a version');
        await promoteRelease(db, rest[0]!);
        say(`${rest[0]}: бүх киоскод / offered to every kiosk`);
        return 0;
      }
      case 'pilot': {
        const [action, kioskCode, ...more] = rest;
        if ((action !== 'add' && action !== 'remove') || !kioskCode || more.length > 0) {
          throw new UsageError('pilot add|remove <kioskCode>');
        }
        if (action === 'add') await addPilot(db, kioskCode);
        else if (!(await removePilot(db, kioskCode))) say(`${kioskCode}: туршилтын бүлэгт байгаагүй / was not a pilot`);
        say(`Туршилтын бүлэг / pilot group: ${(await listPilots(db)).join(', ') || '—'}`);
        return 0;
      }
      case 'export': {
        const [version, target, ...more] = rest;
        if (!version || !target || more.length > 0) throw new UsageError('export needs a version and a folder');
        const written = await exportRelease(db, version, releaseBlobDir(config.dataDir), path.resolve(target));
        say(`${version}: ${written.files} файл / files → ${written.dir}`);
        return 0;
      }
      case 'list': {
        for (const r of await listReleases(db)) {
          say(`${r.version}\t${r.channel}\t${r.fileCount}\t${r.totalBytes}\t${r.publishedAt}\t${r.promotedAt ?? ''}`);
        }
        say(`Туршилтын бүлэг / pilot group: ${(await listPilots(db)).join(', ') || '—'}`);
        return 0;
      }
      default:
        throw new UsageError('publish, promote, pilot, list or keygen?');
    }
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    say(`Татгалзав / refused: ${err.message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}
