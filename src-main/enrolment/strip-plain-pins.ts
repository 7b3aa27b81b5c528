import { readFile, stat, writeFile } from 'node:fs/promises';
import { createLogger } from '../logger.js';

const log = createLogger('pins');

/**
 * Takes the plain PINs out of a kiosk config file once they are hashed in the host's
 * `pins.json` (issue 17: PINs are kept only as slow hashes). Everything else in the file stays as
 * it was, and so does its mode. A file that cannot be written is left, with a warning: the PINs
 * in it are no longer read.
 */
export async function stripPlainPins(file: string): Promise<boolean> {
  try {
    const raw = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, '')) as Record<string, unknown>;
    let changed = false;
    if ('technicianPin' in raw) {
      delete raw.technicianPin;
      changed = true;
    }
    if (Array.isArray(raw.staff)) {
      for (const member of raw.staff as Record<string, unknown>[]) {
        if (member && typeof member === 'object' && 'pin' in member) {
          delete member.pin;
          changed = true;
        }
      }
    }
    if (!changed) return false;
    const { mode } = await stat(file);
    await writeFile(file, `${JSON.stringify(raw, null, 2)}\n`, { mode: mode & 0o777 });
    log.info({ file }, 'plain PINs taken out of the kiosk config: they are kept hashed');
    return true;
  } catch (err) {
    log.warn(
      { file, err: (err as Error).message },
      'the plain PINs could not be taken out of the kiosk config; remove them by hand',
    );
    return false;
  }
}
