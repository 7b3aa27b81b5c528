import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeFor } from './content-types.js';
import { resolveStaticTarget } from './static-path.js';

export type StaticFile =
  { ok: true; body: Buffer; contentType: string; isIndex: boolean } | { ok: false; status: 400 | 404; reason: string };

async function regularFileInside(root: string, file: string): Promise<string | undefined> {
  try {
    const real = await realpath(file);
    if (real !== root && !real.startsWith(root + path.sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the renderer file a URL path asks for, for both the HTTP bridge and Electron's
 * `app://` handler. Symbolic links are followed only when they stay inside `rootDir`, and an
 * extensionless path that names no file gets `index.html` (the React app's own routes).
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile> {
  const target = resolveStaticTarget(rootDir, urlPath);
  if (!target.ok) return target;
  let root: string;
  try {
    root = await realpath(path.resolve(rootDir));
  } catch {
    return { ok: false, status: 404, reason: 'renderer folder not found (build the renderer first)' };
  }
  const index = path.join(root, 'index.html');
  let file = await regularFileInside(root, target.file);
  if (file === undefined && target.spaFallback) file = await regularFileInside(root, index);
  if (file === undefined) return { ok: false, status: 404, reason: 'not found' };
  return { ok: true, body: await readFile(file), contentType: contentTypeFor(file), isIndex: file === index };
}
