export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** Ties go to the first: brotli makes the smallest pages, gzip is what every client has. */
const PREFERENCE: readonly ContentEncoding[] = ['br', 'gzip', 'identity'];

/**
 * The encoding to answer with, from an Accept-Encoding header (RFC 9110 §12.5.3): the highest
 * q-value among br, gzip and identity, preferring br, then gzip, on a tie. Identity is acceptable
 * unless excluded, but when not listed it ranks below any coding the client listed; when everything is excluded we still answer in identity rather than 406, as a
 * kiosk that cannot read the answer is no worse off than one that gets none.
 */
export function negotiateEncoding(header: string | string[] | undefined): ContentEncoding {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'identity';
  const q = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.split(';');
    const token = name.trim().toLowerCase();
    if (token === '') continue;
    let quality = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param);
      if (m) quality = Number(m[1]);
    }
    q.set(token, Math.max(quality, q.get(token) ?? 0));
  }
  // Unlisted identity stays acceptable, but below anything the client did list.
  const quality = (encoding: ContentEncoding) =>
    q.get(encoding) ?? q.get('*') ?? (encoding === 'identity' ? 0.0001 : 0);
  let best: ContentEncoding = 'identity';
  let bestQ = 0;
  for (const encoding of PREFERENCE) {
    const value = quality(encoding);
    if (value > bestQ) {
      best = encoding;
      bestQ = value;
    }
  }
  return best;
}
