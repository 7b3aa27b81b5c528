import { readFile, stat } from 'node:fs/promises';
import { ConfigError } from '../config.js';

/** A server private key read at startup. */
export interface LoadedKey<K> {
  key: K;
  /** The file it was read from. */
  path: string;
  /** True when demo mode fell back to the committed, public demo key. */
  demo: boolean;
  /** Things an operator should fix, such as a key file others can read. */
  warnings: string[];
}

export interface PrivateKeyFileSpec<K extends { publicKey: string }> {
  /** The variable that names the file, e.g. `TSONKH_CONTENT_KEY`. */
  envVar: string;
  /** What the key is, for messages: "content-signing key". */
  name: string;
  /** What the file must hold, for messages: "an Ed25519 private key". */
  expected: string;
  /** The committed demo key demo mode falls back to. */
  demoPath: string;
  /** Parses the PEM; throws when it is not the right kind of key. */
  fromPem: (pem: Buffer) => K;
}

/**
 * Reads one of the server's private keys: the file `location` names (from its variable, else the
 * default under the data folder). In demo mode, when the default file does not exist (not a file
 * the variable names), the committed demo key is used. Otherwise a missing or unusable key is a
 * `ConfigError` that names the variable and says how to make a key, and so is the demo key
 * itself: its private half is public, so outside demo mode it would let anyone sign content or
 * read submissions.
 */
export async function loadPrivateKeyFile<K extends { publicKey: string }>(
  location: { path: string; fromEnv: boolean },
  demo: boolean,
  spec: PrivateKeyFileSpec<K>,
): Promise<LoadedKey<K>> {
  const { path: file, fromEnv } = location;
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && demo && !fromEnv) {
      return { key: spec.fromPem(await readFile(spec.demoPath)), path: spec.demoPath, demo: true, warnings: [] };
    }
    throw new ConfigError(
      missing
        ? `No ${spec.name} at ${file} (${spec.envVar}). Create one with "npm run keys" ` +
            `(it prints the public key for the kiosk configs), or set ${spec.envVar} to the private key file.`
        : `${spec.envVar}: cannot read ${file}: ${(err as Error).message}`,
    );
  }
  let key: K;
  try {
    key = spec.fromPem(pem);
  } catch (err) {
    throw new ConfigError(
      `${spec.envVar}: ${file} is not ${spec.expected} in PEM (pkcs8) form, as "npm run keys" writes: ${(err as Error).message}`,
    );
  }
  if (!demo && key.publicKey === spec.fromPem(await readFile(spec.demoPath)).publicKey) {
    throw new ConfigError(
      `${spec.envVar}: ${file} is the public demo ${spec.name} from assets/demo-keys: anyone can use it. ` +
        `Make the server's own keys with "npm run keys" (and put the public keys it prints in the kiosk configs), ` +
        'or run a demonstration with TSONKH_DEMO=1.',
    );
  }
  const warnings: string[] = [];
  const mode = (await stat(file)).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    warnings.push(`${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  }
  return { key, path: file, demo: false, warnings };
}
