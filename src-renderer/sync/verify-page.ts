import { canonicalJson } from '../../src-shared/canonical-json.js';
import type { ContentPage, SignedContentPage } from '../../src-shared/protocol.js';

export class ContentRejectedError extends Error {
  override name = 'ContentRejectedError';
  constructor(
    readonly reason: 'bad_signature' | 'stale_page' | 'invalid_entity',
    message: string,
  ) {
    super(message);
  }
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(publicKeyBase64: string): Promise<CryptoKey> {
  let key = keyCache.get(publicKeyBase64);
  if (!key) {
    key = crypto.subtle.importKey('raw', fromBase64(publicKeyBase64), { name: 'Ed25519' }, false, ['verify']);
    keyCache.set(publicKeyBase64, key);
  }
  return key;
}

/**
 * Accepts a page only if the pinned key signed exactly this content (Ed25519 over its canonical
 * JSON) and it continues from this kiosk's cursor: an older page, a replayed one, or one from
 * another key is refused before anything is written. The same check serves network syncs and
 * USB bundles.
 */
export async function verifySignedPage(
  signed: SignedContentPage,
  publicKeyBase64: string,
  cursor: number,
): Promise<ContentPage> {
  const bytes = new TextEncoder().encode(canonicalJson(signed.page));
  let ok: boolean;
  try {
    ok = await crypto.subtle.verify('Ed25519', await importKey(publicKeyBase64), fromBase64(signed.signature), bytes);
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ContentRejectedError(
      'bad_signature',
      `content page after ${signed.page.after}: signature does not verify`,
    );
  const { after, next, changes } = signed.page;
  const ordered = changes.every((c, i) => c.seq > after && c.seq <= next && (i === 0 || c.seq > changes[i - 1]!.seq));
  if (after !== cursor || next < after || !ordered) {
    throw new ContentRejectedError(
      'stale_page',
      `content page ${after}→${next} does not continue from cursor ${cursor}`,
    );
  }
  return signed.page;
}
