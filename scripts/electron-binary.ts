import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ELECTRON_DIR = path.resolve(import.meta.dirname, '../node_modules/electron');

/**
 * The Electron executable when its binary has been downloaded (`npm run electron:fetch`),
 * else null with the reason. The npm package installs without its binary here on purpose:
 * its download step needs a host this network cannot reach.
 */
export function electronBinary(): { path: string } | { path: null; reason: string } {
  const pathFile = path.join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      path: null,
      reason: 'the Electron binary is not installed (run `npm run electron:fetch` where downloads work)',
    };
  }
  const exe = path.join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { path: null, reason: `the Electron binary is missing at ${exe}` };
}
