import path from 'node:path';

/** Env var naming the folder of the host's submission journal. */
export const JOURNAL_DIR_ENV = 'TSONKH_JOURNAL_DIR';
/** Where the journal goes when nothing else says: `data/journal` under the working folder. */
export const DEFAULT_JOURNAL_DIR = path.join('data', 'journal');

/**
 * The journal folder for this process: `TSONKH_JOURNAL_DIR` when set, else `fallback`
 * (browser mode: `<cwd>/data/journal`; Electron passes its per-user data folder). Its own small
 * module so the Electron release loader can find the host's state folder without bundling the host.
 */
export function journalDirFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  fallback: string = path.resolve(DEFAULT_JOURNAL_DIR),
): string {
  return path.resolve(env[JOURNAL_DIR_ENV] || fallback);
}
