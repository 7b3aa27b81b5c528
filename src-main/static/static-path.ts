import path from 'node:path';

export type StaticTarget =
  { ok: true; file: string; spaFallback: boolean } | { ok: false; status: 400 | 404; reason: string };

/**
 * Maps a URL path to a file under `rootDir`, refusing anything that could leave it: encoded
 * dots and slashes, backslashes, NUL bytes, drive letters. `spaFallback` says the path names
 * no file extension, so a missing file means a client-side route and `index.html` is served.
 */
export function resolveStaticTarget(rootDir: string, urlPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL encoding' };
  }
  if (!decoded.startsWith('/') || /[\0\\]/.test(decoded) || /^\/[a-zA-Z]:/.test(decoded)) {
    return { ok: false, status: 400, reason: 'forbidden characters in path' };
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return { ok: false, status: 400, reason: 'path leaves the app folder' };

  const root = path.resolve(rootDir);
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) {
    return { ok: false, status: 400, reason: 'path leaves the app folder' };
  }
  const last = segments.at(-1) ?? '';
  return { ok: true, file, spaFallback: decoded === '/' || path.extname(last) === '' };
}
